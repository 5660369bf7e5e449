//! A map kept as a sorted list of pairs: for the app's few small maps (text typed into number fields, units picked,
//! a message per field), which hold a handful of entries. It iterates, serialises and compares like a `BTreeMap`
//! (keys in order, a JSON object), but links a fraction of the code into the wasm: `BTreeMap`'s node balancing is
//! compiled once per key and value type.

use std::borrow::Borrow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmallMap<K, V> {
    /// Sorted by key, each key once.
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SmallMap<K, V> {
    fn default() -> Self {
        SmallMap { entries: Vec::new() }
    }
}

impl<K: Ord, V> SmallMap<K, V> {
    pub fn new() -> Self {
        SmallMap::default()
    }

    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        // A linear walk: the maps hold a few entries, and it is less code than a binary search.
        for (i, (k, _)) in self.entries.iter().enumerate() {
            match k.borrow().cmp(key) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => return Ok(i),
                std::cmp::Ordering::Greater => return Err(i),
            }
        }
        Err(self.entries.len())
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`; returns the value it had.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// Sets `key` to `value` unless it has a value already (`BTreeMap`'s `entry(key).or_insert(value)`).
    pub fn insert_if_absent(&mut self, key: K, value: V) {
        if let Err(i) = self.find(&key) {
            self.entries.insert(i, (key, value));
        }
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for SmallMap<K, V> {
    /// Like `BTreeMap`: a later value for the same key wins.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = SmallMap::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

impl<K, V> IntoIterator for SmallMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for SmallMap<K, V> {
    type Output = V;

    /// The value of `key`; panics without one, like `BTreeMap`'s.
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry for the key")
    }
}

impl<K: Serialize, V: Serialize> Serialize for SmallMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for SmallMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<K, V>(PhantomData<(K, V)>);

        impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for MapVisitor<K, V> {
            type Value = SmallMap<K, V>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut map = SmallMap::new();
                while let Some((k, v)) = access.next_entry()? {
                    map.insert(k, v);
                }
                Ok(map)
            }
        }

        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn behaves_like_a_btree_map() {
        let ops: [(&str, Option<&str>); 9] = [
            ("b", Some("1")),
            ("a", Some("2")),
            ("c", Some("3")),
            ("b", Some("4")),
            ("a", None),
            ("z", None),
            ("d", Some("5")),
            ("0", Some("6")),
            ("c", None),
        ];
        let mut small = SmallMap::new();
        let mut btree = BTreeMap::new();
        for (key, value) in ops {
            match value {
                Some(v) => assert_eq!(
                    small.insert(key.to_string(), v.to_string()),
                    btree.insert(key.to_string(), v.to_string())
                ),
                None => assert_eq!(small.remove(key), btree.remove(key)),
            }
            assert!(small.iter().eq(btree.iter()), "the same entries in the same order");
            assert_eq!(small.len(), btree.len());
            for probe in ["0", "a", "b", "c", "d", "z"] {
                assert_eq!(small.get(probe), btree.get(probe));
                assert_eq!(small.contains_key(probe), btree.contains_key(probe));
            }
        }
        small.insert_if_absent("d".to_string(), "other".to_string());
        btree.entry("d".to_string()).or_insert("other".to_string());
        small.insert_if_absent("e".to_string(), "7".to_string());
        btree.entry("e".to_string()).or_insert("7".to_string());
        assert!(small.iter().eq(btree.iter()));
        let collected: SmallMap<String, String> = btree.clone().into_iter().rev().collect();
        assert_eq!(collected, small);
        assert!(small.clone().into_iter().eq(btree.clone()));
    }

    #[test]
    fn serialises_like_a_btree_map() {
        let btree: BTreeMap<String, String> = [("dxa[1].t_score", "x"), ("age", "7y"), ("b", "")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let small: SmallMap<String, String> = btree.clone().into_iter().collect();
        let json = serde_json::to_string(&btree).unwrap();
        assert_eq!(serde_json::to_string(&small).unwrap(), json);
        assert_eq!(serde_json::from_str::<SmallMap<String, String>>(&json).unwrap(), small);
        // A repeated key: the last value wins, as for a BTreeMap.
        let repeated = r#"{"a":"1","a":"2"}"#;
        let small: SmallMap<String, String> = serde_json::from_str(repeated).unwrap();
        let btree: BTreeMap<String, String> = serde_json::from_str(repeated).unwrap();
        assert!(small.iter().eq(btree.iter()));
        assert!(serde_json::from_str::<SmallMap<String, String>>("[]").is_err());
    }
}
