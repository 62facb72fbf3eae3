//! A YAML mapping read in document order with the position of every key.
//!
//! `BTreeMap<Spanned<String>, V>` is not possible (`Spanned` has no `Ord`), and a plain map
//! would lose where an unknown id was written. Duplicate keys never reach this type: the
//! YAML parser rejects them with their position.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

thread_local! {
    /// The keys of the [`Keyed`] maps being read, outermost first. A failed read leaves the
    /// keys on the way to the failure here, so that the error's field path can name them
    /// (the path tracker sees a spanned key only as `?`).
    static OPEN_KEYS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Forgets the keys of any earlier read; call before parsing a file.
pub fn reset_open_keys() {
    OPEN_KEYS.with(|k| k.borrow_mut().clear());
}

/// The keys that were open when the last read failed, outermost first.
pub fn take_open_keys() -> Vec<String> {
    OPEN_KEYS.with(|k| std::mem::take(&mut *k.borrow_mut()))
}

/// Ordered `key → value` pairs; keys keep their source position. Lookups by key are O(1)
/// (a national roll-up has thousands of units).
#[derive(Debug, Clone)]
pub struct Keyed<V> {
    pairs: Vec<(Spanned<String>, V)>,
    index: HashMap<String, usize>,
}

impl<V> Default for Keyed<V> {
    fn default() -> Self {
        Keyed {
            pairs: Vec::new(),
            index: HashMap::new(),
        }
    }
}

impl<V> Keyed<V> {
    /// The value under `key`, if any.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.index.get(key).map(|&i| &self.pairs[i].1)
    }

    /// The key as written (with its position) and the value under `key`, if any.
    pub fn entry(&self, key: &str) -> Option<(&Spanned<String>, &V)> {
        self.index
            .get(key)
            .map(|&i| (&self.pairs[i].0, &self.pairs[i].1))
    }

    /// The pairs in document order.
    pub fn iter(&self) -> impl Iterator<Item = (&Spanned<String>, &V)> {
        self.pairs.iter().map(|(k, v)| (k, v))
    }

    /// Puts `value` under `key`: in place of the value there, else after the last pair.
    pub fn insert(&mut self, key: Spanned<String>, value: V) {
        match self.index.get(&key.value) {
            Some(&i) => self.pairs[i].1 = value,
            None => {
                self.index.insert(key.value.clone(), self.pairs.len());
                self.pairs.push((key, value));
            }
        }
    }

    /// How many pairs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are no pairs.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Keyed<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyedVisitor<V>(PhantomData<V>);

        impl<'de, V: Deserialize<'de>> Visitor<'de> for KeyedVisitor<V> {
            type Value = Keyed<V>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keyed<V>, A::Error> {
                let mut keyed = Keyed::default();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    // On failure the key goes before those of the maps inside this one, which
                    // failed first (no copy of a key that is read without fault).
                    let value = map.next_value().inspect_err(|_| {
                        OPEN_KEYS.with(|k| k.borrow_mut().insert(0, key.value.clone()));
                    })?;
                    // The parser rejects duplicate keys; keep the first if one ever slips through.
                    keyed
                        .index
                        .entry(key.value.clone())
                        .or_insert(keyed.pairs.len());
                    keyed.pairs.push((key, value));
                }
                // Held for the whole run: without the doubling's spare room (a national
                // campaign's thousands of units).
                keyed.pairs.shrink_to_fit();
                keyed.index.shrink_to_fit();
                Ok(keyed)
            }
        }

        deserializer.deserialize_map(KeyedVisitor(PhantomData))
    }
}
