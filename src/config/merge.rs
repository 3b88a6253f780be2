//! The user's file laid over the embedded default, table by table, with
//! the spans of the user's text kept so errors still name its lines.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Lay `user` over `base`: a key the user set wins, except that two
/// tables merge key by key; arrays (`[[feeds]]`, `rules`) are replaced
/// whole, so `feeds = []` watches none.
pub fn lay_over<'i>(user: &mut DeTable<'i>, base: DeTable<'i>) {
    for (key, value) in base {
        match user.get_mut(&key) {
            None => {
                user.insert(key, value);
            }
            Some(mine) => {
                if let (DeValue::Table(mine), DeValue::Table(theirs)) =
                    (mine.get_mut(), value.into_inner())
                {
                    lay_over(mine, theirs);
                }
            }
        }
    }
}

/// A spanned table from text, or the parse error.
pub fn parse_table(text: &str) -> Result<Spanned<DeTable<'_>>, toml::de::Error> {
    DeTable::parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merged(user: &str, base: &str) -> toml::Table {
        let mut u = parse_table(user).unwrap();
        let b = parse_table(base).unwrap().into_inner();
        lay_over(u.get_mut(), b);
        let de = toml::de::Deserializer::from(u);
        serde::Deserialize::deserialize(de).unwrap()
    }

    #[test]
    fn tables_merge_and_arrays_replace() {
        let base = "[a]\nx = 1\ny = 2\n[[f]]\nn = 1\n[[f]]\nn = 2\n[b.c]\nz = 3\n";
        let m = merged("[a]\ny = 5\n[b.d]\nw = 1\n", base);
        assert_eq!(m["a"]["x"].as_integer(), Some(1));
        assert_eq!(m["a"]["y"].as_integer(), Some(5));
        assert_eq!(m["b"]["c"]["z"].as_integer(), Some(3));
        assert_eq!(m["b"]["d"]["w"].as_integer(), Some(1));
        assert_eq!(m["f"].as_array().unwrap().len(), 2);
        let m = merged("f = []\n", base);
        assert!(m["f"].as_array().unwrap().is_empty());
    }
}
