//! The desk over a real `nats-server -js` on loopback: collectors publish,
//! screens only read. Without nats-server each test is skipped with a note
//! on stderr, unless `TICKWIRE_REQUIRE_NATS=1` (as in `.ci/run`) makes that
//! a failure.

#[path = "../support/mod.rs"]
pub mod support;

mod bus;
mod bus_marks;
