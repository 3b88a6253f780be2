//! When a source is asked again: the stamp the feed and quote tasks put on
//! each message they send, for the core's "retry in".

use std::time::Duration;

use crate::core::app::Msg;
use crate::core::model::Timestamp;

/// Tell the core when the source is asked again, `pause` after `now`:
/// the caller's clock at the answer, not when the request started.
pub(super) fn stamp_next_poll(msg: &mut Msg, pause: Duration, now: Timestamp) {
    if let Msg::HeadlinesFetched { report, .. }
    | Msg::QuoteReceived { report, .. }
    | Msg::SourceFailed { report, .. } = msg
    {
        report.next_poll = chrono::TimeDelta::from_std(pause).ok().map(|d| now + d);
    }
}
