//! A parser that panics on hostile bytes (a bug in a dependency: feed-rs
//! 3.0 on quick-xml 0.42 does, found by fuzzing) must cost that document,
//! not the process or the screen. `contained` turns such a panic into an
//! error; the panic filter keeps it from the terminal-restoring hook and
//! from stderr, logging it instead.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    static CONTAINED: Cell<bool> = const { Cell::new(false) };
}

/// Run `parse`; a panic inside it comes back as `Err` with its message.
pub fn contained<T>(parse: impl FnOnce() -> T) -> Result<T, String> {
    let outer = CONTAINED.replace(true);
    let out = catch_unwind(AssertUnwindSafe(parse));
    CONTAINED.set(outer);
    out.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    })
}

/// Whether the current thread is inside `contained`.
pub fn is_contained() -> bool {
    CONTAINED.get()
}

/// Wrap the current panic hook: a contained panic is logged only; any
/// other goes to the hook as before. Install once, early.
pub fn install_panic_filter() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if is_contained() {
            tracing::warn!("a parser panicked on its input (contained): {info}");
        } else {
            previous(info);
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_is_an_error_and_the_flag_is_restored() {
        install_panic_filter();
        let err = contained(|| -> u8 { panic!("bad bytes") }).unwrap_err();
        assert_eq!(err, "bad bytes");
        assert!(!is_contained());
        assert_eq!(contained(|| 7), Ok(7));
    }
}
