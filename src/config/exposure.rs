//! A config file that holds an API key or the bus password must not be
//! readable by the other users of a shared host.

use std::path::Path;

/// A warning when `path` holds a non-empty `api_key` and its mode lets
/// the group or others read it; `None` when it is private or keyless.
pub fn key_exposure(path: &Path) -> Option<String> {
    let mode = file_mode(path)?;
    let text = std::fs::read_to_string(path).ok()?;
    (mode & 0o044 != 0 && holds_key(&text)).then(|| {
        format!(
            "warning: {} holds an API key or password and other users can read it (mode {:o}); \
             run: chmod 600 {}",
            path.display(),
            mode & 0o777,
            path.display()
        )
    })
}

#[cfg(unix)]
fn file_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::metadata(path).ok()?.permissions().mode())
}

#[cfg(not(unix))]
fn file_mode(_: &Path) -> Option<u32> {
    None
}

/// Any `api_key` or `password` (the bus's) with something in it, at any depth.
fn holds_key(text: &str) -> bool {
    fn walk(table: &toml::Table) -> bool {
        table.iter().any(|(k, v)| match v {
            toml::Value::String(s) => {
                matches!(k.as_str(), "api_key" | "password") && !s.trim().is_empty()
            }
            toml::Value::Table(t) => walk(t),
            _ => false,
        })
    }
    text.parse::<toml::Table>().is_ok_and(|t| walk(&t))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn file(text: &str, mode: u32) -> tempfile::NamedTempFile {
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(f.path(), text).unwrap();
        std::fs::set_permissions(f.path(), std::fs::Permissions::from_mode(mode)).unwrap();
        f
    }

    #[test]
    fn a_readable_key_is_warned_about_without_showing_it() {
        let keyed = "[quotes.finnhub]\napi_key = \"sekret\"\n";
        let f = file(keyed, 0o644);
        let warning = key_exposure(f.path()).expect("a warning");
        assert!(
            warning.contains("chmod 600") && warning.contains("644"),
            "{warning}"
        );
        assert!(!warning.contains("sekret"));
        assert_eq!(key_exposure(file(keyed, 0o600).path()), None, "private");
        assert_eq!(
            key_exposure(file("[quotes.finnhub]\napi_key = \"\"\n", 0o644).path()),
            None
        );
        assert_eq!(key_exposure(file("[watchlist]\n", 0o666).path()), None);
        let bus = file("[bus]\nuser = \"screen\"\npassword = \"pw\"\n", 0o640);
        let warning = key_exposure(bus.path()).expect("the bus password too");
        assert!(!warning.contains("pw\""), "{warning}");
    }
}
