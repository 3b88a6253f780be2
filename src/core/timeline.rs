//! A sequence kept sorted by key that is cheap to insert into anywhere and
//! to index by position: sorted chunks of bounded length. An insert or a
//! removal moves at most one chunk; a position is found by walking the
//! chunk lengths (n / 512 steps), so both stay flat as the list grows,
//! where a sorted `Vec` would move half of everything per insert.

use std::ops::Index;

/// Past this many entries a chunk is split in two.
const CHUNK_MAX: usize = 1024;

#[derive(Debug, Clone, PartialEq)]
pub struct Timeline<K, V> {
    chunks: Vec<Vec<(K, V)>>,
    len: usize,
}

impl<K, V> Default for Timeline<K, V> {
    fn default() -> Self {
        Timeline {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<K: Ord, V> Timeline<K, V> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn clear(&mut self) {
        self.chunks.clear();
        self.len = 0;
    }

    /// The chunk that holds `key` or would: the first whose last key is
    /// not below it (else the last one).
    fn chunk_for(&self, key: &K) -> usize {
        let i = self
            .chunks
            .partition_point(|c| c.last().is_some_and(|(k, _)| k < key));
        i.min(self.chunks.len().saturating_sub(1))
    }

    fn find(&self, key: &K) -> Option<(usize, usize)> {
        let c = self.chunk_for(key);
        let chunk = self.chunks.get(c)?;
        let i = chunk.binary_search_by(|(k, _)| k.cmp(key)).ok()?;
        Some((c, i))
    }

    /// The position of `key`, when present.
    pub fn rank(&self, key: &K) -> Option<usize> {
        let (c, i) = self.find(key)?;
        Some(self.chunks[..c].iter().map(Vec::len).sum::<usize>() + i)
    }

    pub fn get_by_key(&self, key: &K) -> Option<&V> {
        let (c, i) = self.find(key)?;
        Some(&self.chunks[c][i].1)
    }

    pub fn get_mut_by_key(&mut self, key: &K) -> Option<&mut V> {
        let (c, i) = self.find(key)?;
        Some(&mut self.chunks[c][i].1)
    }

    /// Insert (or replace) the value at `key`.
    pub fn insert(&mut self, key: K, value: V) {
        if self.chunks.is_empty() {
            self.chunks.push(Vec::with_capacity(CHUNK_MAX / 2));
        }
        let c = self.chunk_for(&key);
        let chunk = &mut self.chunks[c];
        match chunk.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(i) => chunk[i].1 = value,
            Err(i) => {
                chunk.insert(i, (key, value));
                self.len += 1;
                if chunk.len() > CHUNK_MAX {
                    let upper = chunk.split_off(CHUNK_MAX / 2);
                    self.chunks.insert(c + 1, upper);
                }
            }
        }
    }

    pub fn remove(&mut self, key: &K) -> Option<V> {
        let (c, i) = self.find(key)?;
        let (_, value) = self.chunks[c].remove(i);
        self.after_removal(c);
        Some(value)
    }

    /// Take the entry with the largest key.
    pub fn pop_last(&mut self) -> Option<(K, V)> {
        let c = self.chunks.len().checked_sub(1)?;
        let last = self.chunks[c].pop()?;
        self.after_removal(c);
        Some(last)
    }

    fn after_removal(&mut self, c: usize) {
        self.len -= 1;
        if self.chunks[c].is_empty() {
            self.chunks.remove(c);
        }
    }

    /// The entry at `pos`, in key order.
    pub fn get(&self, mut pos: usize) -> Option<(&K, &V)> {
        for chunk in &self.chunks {
            match chunk.get(pos) {
                Some((k, v)) => return Some((k, v)),
                None => pos -= chunk.len(),
            }
        }
        None
    }

    /// Entries from position `pos` on, in key order.
    pub fn iter_from(&self, mut pos: usize) -> impl Iterator<Item = (&K, &V)> {
        let first = self.chunks.iter().position(|c| {
            let inside = pos < c.len();
            if !inside {
                pos -= c.len();
            }
            inside
        });
        let start = first.unwrap_or(self.chunks.len());
        self.chunks[start..]
            .iter()
            .enumerate()
            .flat_map(move |(n, c)| &c[if n == 0 { pos } else { 0 }..])
            .map(|(k, v)| (k, v))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.iter_from(0)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.iter().map(|(_, v)| v)
    }

    /// Build from entries already in ascending key order.
    pub fn from_sorted(entries: impl IntoIterator<Item = (K, V)>) -> Self {
        let mut t = Timeline::default();
        let mut chunk = Vec::with_capacity(CHUNK_MAX / 2);
        for entry in entries {
            chunk.push(entry);
            t.len += 1;
            if chunk.len() == CHUNK_MAX / 2 {
                t.chunks.push(std::mem::take(&mut chunk));
            }
        }
        if !chunk.is_empty() {
            t.chunks.push(chunk);
        }
        t
    }
}

/// The value at a position (panics past the end, as a slice does).
impl<K: Ord, V> Index<usize> for Timeline<K, V> {
    type Output = V;

    fn index(&self, pos: usize) -> &V {
        self.get(pos).expect("position within the timeline").1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys in a scrambled order land sorted, and every position, rank and
    /// removal agrees with a plain sorted list across many chunk splits.
    #[test]
    fn agrees_with_a_sorted_vec() {
        let mut t = Timeline::default();
        let mut plain = Vec::new();
        for i in 0..5_000u64 {
            let key = (i * 7919) % 5_003;
            t.insert(key, key * 2);
            plain.push(key);
        }
        plain.sort();
        assert_eq!(t.len(), plain.len());
        assert!(t.iter().map(|(k, _)| *k).eq(plain.iter().copied()));
        for pos in [0, 1, 511, 512, 1023, 1024, 2500, 4999] {
            assert_eq!(t.get(pos).map(|(k, _)| *k), Some(plain[pos]));
            assert_eq!(t.rank(&plain[pos]), Some(pos));
            assert_eq!(t.iter_from(pos).next().map(|(k, _)| *k), Some(plain[pos]));
        }
        assert_eq!(t.get(5_000), None);
        assert_eq!(t.iter_from(5_000).count(), 0);
        for key in plain.iter().step_by(3) {
            assert_eq!(t.remove(key), Some(key * 2));
        }
        plain = plain
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % 3 != 0)
            .map(|(_, k)| k)
            .collect();
        assert!(t.iter().map(|(k, _)| *k).eq(plain.iter().copied()));
        assert_eq!(t.pop_last().map(|(k, _)| k), plain.last().copied());
        assert_eq!(t.len(), plain.len() - 1);
    }

    #[test]
    fn from_sorted_keeps_positions() {
        let t = Timeline::from_sorted((0..2_000u32).map(|k| (k, ())));
        assert_eq!((t.len(), t.rank(&1_500)), (2_000, Some(1_500)));
        assert_eq!(t.iter_from(1_999).count(), 1);
    }
}
