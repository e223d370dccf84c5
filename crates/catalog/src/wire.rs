//! How model values that TOML cannot round-trip cross the compiled form (`compiled.rs`).
//!
//! Serde tells the two apart by `is_human_readable`: TOML and JSON are, postcard is not. A
//! human-readable format sees the model exactly as before (a `Spanned` is its value, a table
//! is a table); the compiled form also stores what the TOML parser alone could give back —
//! the byte spans behind every `file:line` message, and golden-case tables without a
//! self-describing format.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use toml::Spanned;

/// `toml::Spanned` values (alone, optional or in a list), with their spans in the compiled
/// form: `#[serde(with = "crate::wire::spans")]`.
pub mod spans {
    use super::*;

    /// A value with spans, and the plain form it takes in the compiled form.
    pub trait WithSpans: Sized {
        type Wire: Serialize + DeserializeOwned;
        fn to_wire(&self) -> Self::Wire;
        fn from_wire(wire: Self::Wire) -> Self;
    }

    impl<T: Serialize + DeserializeOwned + Clone> WithSpans for Spanned<T> {
        type Wire = (usize, usize, T);
        fn to_wire(&self) -> Self::Wire {
            let span = self.span();
            (span.start, span.end, self.get_ref().clone())
        }
        fn from_wire((start, end, value): Self::Wire) -> Self {
            Spanned::new(start..end, value)
        }
    }

    impl<T: WithSpans> WithSpans for Option<T> {
        type Wire = Option<T::Wire>;
        fn to_wire(&self) -> Self::Wire {
            self.as_ref().map(T::to_wire)
        }
        fn from_wire(wire: Self::Wire) -> Self {
            wire.map(T::from_wire)
        }
    }

    impl<T: WithSpans> WithSpans for Vec<T> {
        type Wire = Vec<T::Wire>;
        fn to_wire(&self) -> Self::Wire {
            self.iter().map(T::to_wire).collect()
        }
        fn from_wire(wire: Self::Wire) -> Self {
            wire.into_iter().map(T::from_wire).collect()
        }
    }

    pub fn serialize<T: WithSpans + Serialize, S: Serializer>(
        value: &T,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            value.serialize(s)
        } else {
            value.to_wire().serialize(s)
        }
    }

    pub fn deserialize<'de, T, D>(d: D) -> Result<T, D::Error>
    where
        T: WithSpans + Deserialize<'de>,
        D: Deserializer<'de>,
    {
        if d.is_human_readable() {
            T::deserialize(d)
        } else {
            T::Wire::deserialize(d).map(T::from_wire)
        }
    }
}

/// A golden case's `toml::Table` of answers. `toml::Value` needs a self-describing format to
/// read back, which the compiled form is not: there it is a tree of `Plain` values.
pub mod toml_table {
    use super::*;
    use toml::{Table, Value};

    #[derive(Serialize, Deserialize)]
    enum Plain {
        String(String),
        Integer(i64),
        Float(f64),
        Boolean(bool),
        /// As written (`2026-03-01`): TOML's own text form, read back by its `FromStr`.
        Datetime(String),
        Array(Vec<Plain>),
        Table(Vec<(String, Plain)>),
    }

    fn plain(value: &Value) -> Plain {
        match value {
            Value::String(s) => Plain::String(s.clone()),
            Value::Integer(n) => Plain::Integer(*n),
            Value::Float(x) => Plain::Float(*x),
            Value::Boolean(b) => Plain::Boolean(*b),
            Value::Datetime(d) => Plain::Datetime(d.to_string()),
            Value::Array(xs) => Plain::Array(xs.iter().map(plain).collect()),
            Value::Table(t) => Plain::Table(plain_table(t)),
        }
    }

    fn plain_table(table: &Table) -> Vec<(String, Plain)> {
        table.iter().map(|(k, v)| (k.clone(), plain(v))).collect()
    }

    fn value<E: serde::de::Error>(plain: Plain) -> Result<Value, E> {
        Ok(match plain {
            Plain::String(s) => Value::String(s),
            Plain::Integer(n) => Value::Integer(n),
            Plain::Float(x) => Value::Float(x),
            Plain::Boolean(b) => Value::Boolean(b),
            Plain::Datetime(d) => Value::Datetime(d.parse().map_err(E::custom)?),
            Plain::Array(xs) => Value::Array(xs.into_iter().map(value).collect::<Result<_, _>>()?),
            Plain::Table(t) => Value::Table(table(t)?),
        })
    }

    fn table<E: serde::de::Error>(entries: Vec<(String, Plain)>) -> Result<Table, E> {
        entries
            .into_iter()
            .map(|(k, v)| Ok((k, value(v)?)))
            .collect()
    }

    pub fn serialize<S: Serializer>(t: &Table, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            t.serialize(s)
        } else {
            plain_table(t).serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Table, D::Error> {
        if d.is_human_readable() {
            Table::deserialize(d)
        } else {
            table(Vec::<(String, Plain)>::deserialize(d)?)
        }
    }
}
