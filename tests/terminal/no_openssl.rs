//! TLS is rustls only: a test that fails when `native-tls` or
//! `openssl-sys` enters the dependency tree (read from Cargo.lock), since
//! either would tie the binary to the system's OpenSSL.

const BANNED: [&str; 2] = ["native-tls", "openssl-sys"];

#[test]
fn no_openssl_in_the_dependency_tree() {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock"))
        .expect("Cargo.lock");
    let names: Vec<&str> = lock
        .lines()
        .filter_map(|l| l.strip_prefix("name = \"")?.strip_suffix('"'))
        .collect();
    assert!(names.contains(&"rustls"), "the lock file was read");
    let found: Vec<&&str> = names.iter().filter(|n| BANNED.contains(n)).collect();
    assert!(
        found.is_empty(),
        "{found:?} entered Cargo.lock: keep reqwest/tungstenite on rustls \
         (`cargo tree -i native-tls` shows who pulls it in)"
    );
}
