//! The clients under test, each run as a whole process and measured by
//! the kernel: wall time, CPU (user + system) and peak RSS from wait4.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One run of one client.
#[derive(Debug, Clone, Copy, Default)]
pub struct Run {
    pub wall: Duration,
    pub cpu: Duration,
    pub peak_rss_kib: u64,
    /// Headlines the client listed or stored, when it tells.
    pub headlines: Option<usize>,
}

/// The flag that makes this program a trampoline (`trampoline`).
pub const TRAMPOLINE: &str = "--measure-child";

/// Run `cmd` to its end; its standard output is handed to `count`, its
/// standard error goes to `stderr`. It is started from a fresh, small
/// copy of this program: a child's peak RSS counts what it inherited
/// before exec, and this process holds the whole corpus.
pub fn measure(cmd: Command, stderr: &Path, count: impl FnOnce(&[u8]) -> Option<usize>) -> Run {
    let usage_file = stderr.with_extension("rusage");
    let mut outer = Command::new(std::env::current_exe().expect("own path"));
    outer
        .arg(TRAMPOLINE)
        .arg(&usage_file)
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (key, value) in cmd.get_envs() {
        if let Some(value) = value {
            outer.env(key, value);
        }
    }
    let started = Instant::now();
    let out = outer
        .stdin(Stdio::null())
        .stderr(std::fs::File::create(stderr).expect("stderr file"))
        .output()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let wall = started.elapsed();
    let usage = std::fs::read_to_string(&usage_file).unwrap_or_default();
    let mut fields = usage
        .split_whitespace()
        .map(|f| f.parse::<u64>().unwrap_or(0));
    let (cpu_us, rss) = (fields.next().unwrap_or(0), fields.next().unwrap_or(0));
    Run {
        wall,
        cpu: Duration::from_micros(cpu_us),
        peak_rss_kib: rss,
        headlines: count(&out.stdout),
    }
}

/// `--measure-child FILE PROGRAM ARGS…`: run PROGRAM, then write its CPU
/// time (µs) and peak RSS (KiB) from wait4 to FILE.
pub fn trampoline(args: &[String]) -> std::process::ExitCode {
    let [file, program, rest @ ..] = args else {
        return std::process::ExitCode::FAILURE;
    };
    let child = match Command::new(program).args(rest).spawn() {
        Ok(child) => child,
        Err(e) => {
            eprintln!("{program}: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let us = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
    let cpu = us(usage.ru_utime) + us(usage.ru_stime);
    let _ = std::fs::write(file, format!("{cpu} {}\n", usage.ru_maxrss));
    if waited == pid && libc::WIFEXITED(status) {
        std::process::ExitCode::from(libc::WEXITSTATUS(status) as u8)
    } else {
        std::process::ExitCode::FAILURE
    }
}

/// Whether `program` is on PATH.
pub fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// A private HOME and XDG dirs, so no client reads or writes the user's.
fn isolated(cmd: &mut Command, home: &Path) {
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"));
}

/// `tickwire snapshot --json` with the scenario's config and data dir.
pub fn tickwire(bin: &Path, config: &Path, data: &Path) -> Run {
    let mut cmd = Command::new(bin);
    cmd.args(["snapshot", "--json", "--config"])
        .arg(config)
        .arg("--data-dir")
        .arg(data);
    isolated(&mut cmd, data);
    measure(cmd, &data.join("stderr"), |out| {
        let doc: serde_json::Value = serde_json::from_slice(out).ok()?;
        Some(doc["headlines"].as_array()?.len())
    })
}

/// `newsboat -x reload` with its own URL list, cache and (empty) config.
pub fn newsboat(home: &Path, urls: &[String]) -> Run {
    std::fs::create_dir_all(home).unwrap();
    let list = home.join("urls");
    std::fs::write(&list, urls.join("\n") + "\n").unwrap();
    let config = home.join("config");
    std::fs::write(&config, "").unwrap();
    let cache = home.join("cache.db");
    let mut cmd = Command::new("newsboat");
    cmd.arg("-u")
        .arg(&list)
        .arg("-c")
        .arg(&cache)
        .arg("-C")
        .arg(&config);
    cmd.args(["-x", "reload"]);
    isolated(&mut cmd, home);
    measure(cmd, &home.join("stderr"), |_| {
        let db = rusqlite::Connection::open(&cache).ok()?;
        db.query_row("SELECT count(*) FROM rss_item", [], |r| r.get::<_, i64>(0))
            .ok()
            .map(|n| n as usize)
    })
}

/// Every URL fetched by one `curl --parallel` (32 at once), with the
/// validators given (ETag per URL) when there are.
pub fn curl(dir: &Path, urls: &[String], etags: Option<&[String]>) -> Run {
    std::fs::create_dir_all(dir).unwrap();
    let mut config = String::from("parallel\nparallel-max = 32\n");
    for (i, url) in urls.iter().enumerate() {
        if i > 0 {
            config += "next\n";
        }
        config += &format!("silent\nurl = \"{url}\"\noutput = \"/dev/null\"\n");
        if let Some(tag) = etags.and_then(|e| e.get(i)) {
            config += &format!("header = \"If-None-Match: {}\"\n", tag.replace('"', "\\\""));
        }
    }
    let file: PathBuf = dir.join("curl.cfg");
    std::fs::write(&file, config).unwrap();
    let mut cmd = Command::new("curl");
    cmd.arg("-K").arg(&file);
    isolated(&mut cmd, dir);
    measure(cmd, &dir.join("stderr"), |_| None)
}
