//! A list an outcome may share with other outcomes. Every measure of a document whose regions
//! the firm is registered outside of is explained by the document alone — the same trace,
//! reason and hint for each of its measures, about 190 of the 247 for a typical firm — so
//! that explanation is built once per document and shared instead of copied per measure
//! (copying it was a quarter of a full assessment). It reads like a slice; writing to a
//! shared list copies it first.

use serde::{Serialize, Serializer};
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

/// A `Vec` that may instead share its items with other lists (copy on write).
#[derive(Clone)]
pub struct SharedVec<T>(Repr<T>);

#[derive(Clone)]
enum Repr<T> {
    Own(Vec<T>),
    Shared(Arc<[T]>),
}

impl<T> SharedVec<T> {
    /// A list sharing `items` (cloning it clones the `Arc`, not the items).
    pub fn shared(items: Arc<[T]>) -> Self {
        SharedVec(Repr::Shared(items))
    }
}

impl<T: Clone> SharedVec<T> {
    /// The items as a `Vec` of their own, copied first if shared.
    fn own(&mut self) -> &mut Vec<T> {
        if let Repr::Shared(items) = &self.0 {
            self.0 = Repr::Own(items.to_vec());
        }
        match &mut self.0 {
            Repr::Own(items) => items,
            Repr::Shared(_) => unreachable!("made own above"),
        }
    }

    pub fn push(&mut self, item: T) {
        self.own().push(item);
    }

    pub fn clear(&mut self) {
        self.0 = Repr::Own(Vec::new());
    }
}

impl<T> Default for SharedVec<T> {
    fn default() -> Self {
        SharedVec(Repr::Own(Vec::new()))
    }
}

impl<T> From<Vec<T>> for SharedVec<T> {
    fn from(items: Vec<T>) -> Self {
        SharedVec(Repr::Own(items))
    }
}

impl<T> FromIterator<T> for SharedVec<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        SharedVec(Repr::Own(items.into_iter().collect()))
    }
}

impl<T> Deref for SharedVec<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match &self.0 {
            Repr::Own(items) => items,
            Repr::Shared(items) => items,
        }
    }
}

impl<T: Clone> DerefMut for SharedVec<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        self.own()
    }
}

impl<T: Clone> Extend<T> for SharedVec<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        let mut items = items.into_iter().peekable();
        // Nothing to add leaves a shared list shared.
        if items.peek().is_some() {
            self.own().extend(items);
        }
    }
}

impl<'a, T> IntoIterator for &'a SharedVec<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, T: Clone> IntoIterator for &'a mut SharedVec<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.own().iter_mut()
    }
}

impl<T: fmt::Debug> fmt::Debug for SharedVec<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: PartialEq<U>, U> PartialEq<SharedVec<U>> for SharedVec<T> {
    fn eq(&self, other: &SharedVec<U>) -> bool {
        **self == **other
    }
}

impl<T: PartialEq<U>, U, const N: usize> PartialEq<[U; N]> for SharedVec<T> {
    fn eq(&self, other: &[U; N]) -> bool {
        **self == other[..]
    }
}

impl<T: PartialEq<U>, U> PartialEq<Vec<U>> for SharedVec<T> {
    fn eq(&self, other: &Vec<U>) -> bool {
        **self == other[..]
    }
}

impl<T: Serialize> Serialize for SharedVec<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_list_is_copied_before_it_is_written() {
        let items: Arc<[String]> = vec!["a".to_string()].into();
        let (mut one, two) = (
            SharedVec::shared(items.clone()),
            SharedVec::shared(items.clone()),
        );
        assert_eq!(Arc::strong_count(&items), 3, "shared, not copied");
        one.push("b".into());
        one[0].push('!');
        assert_eq!(one, ["a!", "b"]);
        assert_eq!(two, ["a"]);
        assert_eq!(Arc::strong_count(&items), 2, "one has its own copy now");
        let mut three = two.clone();
        three.extend(std::iter::empty());
        assert_eq!(
            Arc::strong_count(&items),
            3,
            "adding nothing keeps it shared"
        );
        three.clear();
        assert!(three.is_empty() && two.len() == 1);
        assert_eq!(serde_json::to_string(&two).unwrap(), r#"["a"]"#);
    }
}
