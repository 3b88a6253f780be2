//! The log file, bounded: `tickwire.log` is the current generation; past
//! the size cap it becomes `tickwire.log.1` (then `.2`, …) and the oldest
//! beyond the last generation is deleted. A long-running monitor on a
//! shared host never fills the disk.

use std::path::Path;

use file_rotate::compression::Compression;
use file_rotate::suffix::AppendCount;
use file_rotate::{ContentLimit, FileRotate};

/// Size of one generation before it rotates.
pub const LOG_CAP_BYTES: usize = 5 * 1024 * 1024;
/// Rotated generations kept beside the current file.
pub const LOG_GENERATIONS: usize = 3;

/// The writer for `dir/tickwire.log` with the product's bounds.
pub fn log_writer(dir: &Path) -> FileRotate<AppendCount> {
    rotating(dir, LOG_CAP_BYTES, LOG_GENERATIONS)
}

fn rotating(dir: &Path, cap: usize, generations: usize) -> FileRotate<AppendCount> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).create(true).append(true);
    // Logs name sources and errors: other users of the host need not read them.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    FileRotate::new(
        dir.join("tickwire.log"),
        AppendCount::new(generations),
        // Whole lines: a generation ends after the line that passes the cap.
        ContentLimit::BytesSurpassed(cap),
        Compression::None,
        Some(options),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn the_log_rotates_and_stays_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = rotating(dir.path(), 1_000, 2);
        let line = format!("{}\n", "x".repeat(99));
        for _ in 0..1_000 {
            log.write_all(line.as_bytes()).unwrap();
        }
        log.flush().unwrap();
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["tickwire.log", "tickwire.log.1", "tickwire.log.2"]);
        for name in names {
            let len = std::fs::metadata(dir.path().join(&name)).unwrap().len();
            assert!(len <= 1_100, "{name} is {len} bytes");
        }
    }

    #[test]
    fn a_restart_continues_the_current_generation() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("tickwire.log"), "x".repeat(950)).unwrap();
        let mut log = rotating(dir.path(), 1_000, 2);
        log.write_all(&[b'y'; 100]).unwrap();
        log.write_all(b"after\n").unwrap();
        log.flush().unwrap();
        let current = std::fs::read_to_string(dir.path().join("tickwire.log")).unwrap();
        assert_eq!(current, "after\n", "a big old file is rotated, not grown");
    }
}
