//! The named parts of a crash message, as the annotation's `details`
//! object.
//!
//! A `Vec` kept sorted by name rather than a `BTreeMap`: the map's code is
//! about 10 KB in every wasm module, for the two or three captures a
//! message regex has. Sorted, so the JSON is the same in every host.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// Name → value, sorted by name, names unique.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Details(Vec<(String, String)>);

impl Details {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The value named `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Pairs in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Add a pair; a name already present takes the new value.
    pub fn insert(&mut self, name: String, value: String) {
        let at = self.0.partition_point(|(k, _)| *k < name);
        match self.0.get_mut(at) {
            Some(slot) if slot.0 == name => slot.1 = value,
            _ => self.0.insert(at, (name, value)),
        }
    }
}

impl FromIterator<(String, String)> for Details {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Self {
        let mut d = Details::default();
        for (k, v) in pairs {
            d.insert(k, v);
        }
        d
    }
}

impl IntoIterator for Details {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Serialize for Details {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Details {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(BTreeMap::<String, String>::deserialize(d)?
            .into_iter()
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_names_sorted_and_unique_like_a_map() {
        let pairs = [("length", "5"), ("index", "7"), ("b", "x"), ("index", "8")];
        let d: Details = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let m: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(
            d.iter().collect::<Vec<_>>(),
            m.iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect::<Vec<_>>()
        );
        assert_eq!(d.get("index"), Some("8"));
        assert_eq!(d.len(), 3);
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            serde_json::to_string(&m).unwrap()
        );
        let back: Details = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
        assert_eq!(back, d);
    }
}
