//! FNV-1a: a small hash that is the same on every run and machine, for
//! ids and schedules that must not change between restarts.

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// The hash of `parts` one after another (usable in constants).
pub const fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash = FNV_START;
    let mut i = 0;
    while i < parts.len() {
        hash = fnv1a_more(hash, parts[i]);
        i += 1;
    }
    hash
}

/// Go on hashing `bytes` after `hash` (usable in constants).
const fn fnv1a_more(mut hash: u64, bytes: &[u8]) -> u64 {
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}

/// Hashes fields one after another, each with its length, so that
/// ("ab", "c") and ("a", "bc") differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fields(pub u64);

impl Fields {
    pub fn text(self, s: &str) -> Fields {
        self.bytes(s.as_bytes())
    }

    pub fn bytes(self, b: &[u8]) -> Fields {
        let len = fnv1a_more(self.0, &(b.len() as u64).to_le_bytes());
        Fields(fnv1a_more(len, b))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_values() {
        // The published FNV-1a 64 test vectors.
        assert_eq!(super::fnv1a(&[]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(super::fnv1a(&[b"a"]), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(super::fnv1a(&[b"fo", b"obar"]), 0x85944171f73967e8);
    }
}
