//! App: the state the screen shows, the messages and intents that change it
//! (`update`, the only mutation), the view, persistence requests, source rows,
//! health changes and the desk's status.

mod action_table;
mod actions;
mod desk;
mod health;
mod msg;
mod persist;
mod replay_status;
mod source_rows;
mod state;
mod update;
mod view;
mod why;

pub use action_table::{ACTIONS, ActionSpec};
pub use actions::apply;
pub use desk::{BusNews, BusStatus};
pub use health::{HealthChange, change};
pub use msg::{Action, Effect, Msg};
pub use persist::{Restored, Role, Save};
pub use replay_status::{ClockSetting, Moment, PromptEdit, ReplayKey, ReplayStatus, SPEEDS};
pub use source_rows::{SourceCounts, SourceRow};
pub use state::State;
pub use update::update;
pub use view::{Focus, Mode, Pane, ViewState, window_start};
pub use why::{Link, Why, why};
