//! Subjects, the bucket and its keys for one desk.

/// The one stream, over every desk's subjects.
pub const STREAM: &str = "TICKWIRE";

/// The names a desk uses on the bus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    desk: String,
}

impl Names {
    /// A desk name is one subject token and part of a bucket name.
    pub fn new(desk: &str) -> Result<Names, String> {
        let ok = !desk.is_empty()
            && desk
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if ok {
            Ok(Names { desk: desk.into() })
        } else {
            Err(format!(
                "bus desk {desk:?}: use letters, digits, - and _ only"
            ))
        }
    }

    pub fn headlines(&self) -> String {
        format!("tickwire.{}.headlines", self.desk)
    }

    pub fn quotes(&self, symbol: &str) -> String {
        format!("tickwire.{}.quotes.{}", self.desk, token(symbol))
    }

    pub fn health(&self) -> String {
        format!("tickwire.{}.health", self.desk)
    }

    /// The key-value bucket holding the board and the lease.
    pub fn bucket(&self) -> String {
        format!("tickwire-{}", self.desk)
    }
}

/// The collector's lease, in the desk's bucket.
pub const LEASE_KEY: &str = "lease";

/// A name as one subject token and key part: anything but ASCII letters,
/// digits, `-` and `_` as `=HH` (`^GSPC` -> `=5EGSPC`, `BRK.B` -> `BRK=2EB`).
pub fn token(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(b as char);
        } else {
            out.push_str(&format!("={b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_become_single_tokens() {
        let n = Names::new("fx").unwrap();
        assert_eq!(n.quotes("NVDA"), "tickwire.fx.quotes.NVDA");
        assert_eq!(n.quotes("BRK.B"), "tickwire.fx.quotes.BRK=2EB");
        assert_eq!(n.quotes("^GSPC"), "tickwire.fx.quotes.=5EGSPC");
        assert_eq!(token("a b>*"), "a=20b=3E=2A");
        assert_ne!(token("A.B"), token("A_B"));
    }

    #[test]
    fn a_desk_is_one_token() {
        assert!(Names::new("desk-1_b").is_ok());
        for bad in ["", "a.b", "a b", "*", ">"] {
            assert!(Names::new(bad).is_err(), "{bad:?}");
        }
    }
}
