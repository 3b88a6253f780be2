//! Programs from the system some tests run (`nats-server`, `python3`,
//! `bash`), and how a test without one is skipped: a note on stderr naming
//! the test, why, and what to install; it then returns early and passes.
//! Where the program's variable (`TICKWIRE_REQUIRE_NATS`, …) is `1`, a
//! missing program fails the test instead: `.ci/run` installs nats-server
//! and requires it.

use std::io::Write;
use std::path::PathBuf;

/// A program some tests need, and how to get it.
pub struct Program {
    pub name: &'static str,
    /// The Debian package that installs it.
    pub package: &'static str,
    /// Set to `1`, a missing program fails the test.
    pub require: &'static str,
}

pub const NATS_SERVER: Program = Program {
    name: "nats-server",
    package: "nats-server",
    require: "TICKWIRE_REQUIRE_NATS",
};

pub const PYTHON3: Program = Program {
    name: "python3",
    package: "python3",
    require: "TICKWIRE_REQUIRE_PYTHON",
};

pub const BASH: Program = Program {
    name: "bash",
    package: "bash",
    require: "TICKWIRE_REQUIRE_BASH",
};

impl Program {
    /// Its path, on PATH or in /usr/sbin (where Debian puts nats-server);
    /// else `None`, after the note that the calling test is skipped, or a
    /// failure when it is required.
    pub fn find(&self) -> Option<PathBuf> {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let found = std::env::split_paths(&path)
            .chain([PathBuf::from("/usr/sbin")])
            .map(|d| d.join(self.name))
            .find(|p| p.is_file());
        if found.is_none() {
            self.missing("not found (PATH, /usr/sbin)");
        }
        found
    }

    /// The program is there but would not run (`why`): skipped or failed
    /// as if it were missing.
    pub fn missing(&self, why: &str) {
        let reason = format!(
            "{} {why}; install it: apt-get install {}",
            self.name, self.package
        );
        if std::env::var(self.require).as_deref() == Ok("1") {
            panic!("{reason} ({}=1 requires it)", self.require);
        }
        skip(&format!(
            "{reason} (or set {}=1 to fail instead)",
            self.require
        ));
    }
}

/// Say on stderr that the calling test is skipped, and why. Written past
/// the test harness's capture, so a passing run shows it too.
pub fn skip(why: &str) {
    let thread = std::thread::current();
    let test = thread.name().filter(|n| *n != "main").unwrap_or("a test");
    let _ = writeln!(std::io::stderr(), "skipping {test}: {why}");
}
