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
