//! Interned words: each distinct word stored once, named by a small
//! integer id, with a value beside it. Reference-counted, so the words of
//! forgotten titles leave and a monitor that runs for months under a
//! stream of ever new words keeps only the words it still holds.

use std::hash::BuildHasher;

use hashbrown::HashTable;

/// Words by id, and ids by word (a table of ids hashed by their word:
/// the word's text is kept once, in its slot).
#[derive(Debug, Clone, Default)]
pub struct WordTable<T> {
    ids: HashTable<u32>,
    slots: Vec<Slot<T>>,
    /// Ids of released words, reused before the id space grows.
    free: Vec<u32>,
    // Seeded per process: words come from feeds.
    hasher: foldhash::fast::RandomState,
}

#[derive(Debug, Clone, Default)]
struct Slot<T> {
    word: Box<str>,
    refs: u32,
    value: T,
}

impl<T: Default> WordTable<T> {
    /// The id of `word`, taking one reference to it (interning it if new).
    pub fn acquire(&mut self, word: &str) -> u32 {
        let hash = self.hasher.hash_one(word);
        let slots = &mut self.slots;
        if let Some(&id) = self.ids.find(hash, |&id| &*slots[id as usize].word == word) {
            slots[id as usize].refs += 1;
            return id;
        }
        let slot = Slot {
            word: word.into(),
            refs: 1,
            value: T::default(),
        };
        let id = match self.free.pop() {
            Some(id) => {
                slots[id as usize] = slot;
                id
            }
            None => {
                slots.push(slot);
                u32::try_from(slots.len() - 1).expect("fewer than 2^32 live words")
            }
        };
        let hasher = &self.hasher;
        self.ids
            .insert_unique(hash, id, |&i| hasher.hash_one(&*slots[i as usize].word));
        id
    }

    /// Give back one reference; the last one frees the word and its value.
    pub fn release(&mut self, id: u32) {
        let slot = &mut self.slots[id as usize];
        slot.refs -= 1;
        if slot.refs > 0 {
            return;
        }
        let word = std::mem::take(&mut slot.word);
        slot.value = T::default();
        let hash = self.hasher.hash_one(&*word);
        if let Ok(entry) = self.ids.find_entry(hash, |&i| i == id) {
            entry.remove();
        }
        self.free.push(id);
    }

    pub fn value(&self, id: u32) -> &T {
        &self.slots[id as usize].value
    }

    pub fn value_mut(&mut self, id: u32) -> &mut T {
        &mut self.slots[id as usize].value
    }

    /// Words held now.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Ids ever handed out at once: the table's footprint.
    pub fn id_space(&self) -> usize {
        self.slots.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_id_per_word_until_its_last_reference_goes() {
        let mut table: WordTable<u8> = WordTable::default();
        let a = table.acquire("nvidia");
        assert_eq!(table.acquire("nvidia"), a);
        let b = table.acquire("deepseek");
        assert_ne!(a, b);
        *table.value_mut(a) = 7;
        table.release(a);
        assert_eq!(table.len(), 2);
        assert_eq!(*table.value(a), 7, "one reference left");
        table.release(a);
        assert_eq!(table.len(), 1);
        let c = table.acquire("openai");
        assert_eq!(c, a, "a freed id is reused");
        assert_eq!(*table.value(c), 0, "with a fresh value");
        assert_eq!(table.acquire("deepseek"), b);
    }
}
