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
mod tests;
