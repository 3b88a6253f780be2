//! The desk over a real `nats-server -js` on loopback: collectors publish,
//! screens only read.

#[path = "../support/mod.rs"]
pub mod support;

mod bus;
mod bus_marks;
