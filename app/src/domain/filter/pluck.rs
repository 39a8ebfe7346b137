//! Fields of a record, read without writing the whole record out: a filter over 100,000 deals
//! asks each for the two or three fields it compares, and turning every deal into JSON first
//! would cost more than the filter itself. A serde serializer that keeps the fields named (or
//! the custom values, inside the record's `custom` map) and skips the rest: the record's own
//! `Serialize`, so every kind is read the way it is stored, with no list of its fields kept by
//! hand. The fields a filter and its formulas read are taken in one pass over the record
//! (`pick`), not one pass each.

use std::borrow::Cow;

use serde::Serialize;
use serde::ser::{self, Impossible};
use serde_json::{Error, Value};

use super::custom_field::{CustomValues, is_custom};

/// The field `name` of `record` (a custom field's key reads its `custom` map), as its JSON
/// would hold it; `None` when it has none.
pub fn field_of<T: Serialize>(record: &T, name: &str) -> Option<Value> {
    let mut values = read(record, &[name]);
    values.pop().flatten()
}

/// The fields `names` of `record`, in one pass: each as `field_of` would give it.
fn read<T: Serialize, N: AsRef<str>>(record: &T, names: &[N]) -> Vec<Option<Value>> {
    if names.is_empty() {
        return Vec::new();
    }
    let mut pluck = Pluck {
        names: names.iter().map(AsRef::as_ref).collect(),
        found: vec![None; names.len()],
    };
    if record.serialize(&mut pluck).is_err() {
        return vec![None; names.len()];
    }
    pluck.found
}

/// A record with some of its fields read out at once (`pick`); any other is read when asked.
pub struct Picked<'r, T> {
    record: &'r T,
    names: Vec<&'r str>,
    values: Vec<Option<Value>>,
    /// The record's custom values when they are at hand: read there, not through the record.
    custom: Option<&'r CustomValues>,
}

/// `record` with its fields `names` read in one pass.
pub fn pick<'r, T: Serialize>(record: &'r T, names: &'r [String]) -> Picked<'r, T> {
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    Picked {
        record,
        values: read(record, &names),
        names,
        custom: None,
    }
}

/// `record`, whose custom values are `custom` (a deal's own, or with its formulas laid over
/// them), with its other fields among `names` read in one pass: a custom value is looked up,
/// not written out.
pub fn pick_beside<'r, T: Serialize>(
    record: &'r T,
    names: &'r [String],
    custom: &'r CustomValues,
) -> Picked<'r, T> {
    let names: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| !is_custom(n))
        .collect();
    Picked {
        record,
        values: read(record, &names),
        names,
        custom: Some(custom),
    }
}

impl<T: Serialize> Picked<'_, T> {
    /// The field `name`, as `field_of` gives it.
    pub fn get(&self, name: &str) -> Option<Cow<'_, Value>> {
        if let Some(custom) = self.custom.filter(|_| is_custom(name)) {
            return custom.get(name).map(Cow::Borrowed);
        }
        match self.names.iter().position(|n| *n == name) {
            Some(at) => self.values[at].as_ref().map(Cow::Borrowed),
            None => field_of(self.record, name).map(Cow::Owned),
        }
    }
}

impl<T: Serialize> crate::domain::formula::Fields for Picked<'_, T> {
    fn field(&self, name: &str) -> Option<Cow<'_, Value>> {
        self.get(name)
    }
}

struct Pluck<'n> {
    /// The fields wanted; a custom field's key is looked for inside `custom`.
    names: Vec<&'n str>,
    found: Vec<Option<Value>>,
}

impl Pluck<'_> {
    fn wants_custom(&self) -> bool {
        self.names.iter().any(|n| is_custom(n))
    }
}

/// The custom values wanted among a record's `custom` map.
struct PluckEntry<'p, 'n> {
    pluck: &'p mut Pluck<'n>,
    /// Where the key just written is among the wanted names.
    hit: Option<usize>,
}

/// Where a map's key is among the wanted names, found as the key is written.
struct KeyName<'a, 'n> {
    names: &'a [&'n str],
    at: Option<usize>,
}

fn unsupported() -> Error {
    ser::Error::custom("only a record's fields are read")
}

macro_rules! refuse {
    ($($method:ident($($t:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $t),*) -> Result<(), Error> { Err(unsupported()) })*
    };
}

macro_rules! not_a_record {
    () => {
        type Ok = ();
        type Error = Error;
        type SerializeSeq = Impossible<(), Error>;
        type SerializeTuple = Impossible<(), Error>;
        type SerializeTupleStruct = Impossible<(), Error>;
        type SerializeTupleVariant = Impossible<(), Error>;
        type SerializeStructVariant = Impossible<(), Error>;

        refuse!(
            serialize_bool(bool),
            serialize_i8(i8),
            serialize_i16(i16),
            serialize_i32(i32),
            serialize_i64(i64),
            serialize_u8(u8),
            serialize_u16(u16),
            serialize_u32(u32),
            serialize_u64(u64),
            serialize_f32(f32),
            serialize_f64(f64),
            serialize_char(char),
            serialize_bytes(&[u8]),
            serialize_none(),
            serialize_unit(),
            serialize_unit_struct(&'static str),
            serialize_unit_variant(&'static str, u32, &'static str),
        );

        fn serialize_some<V: ?Sized + Serialize>(self, _: &V) -> Result<(), Error> {
            Err(unsupported())
        }
        fn serialize_newtype_struct<V: ?Sized + Serialize>(
            self,
            _: &'static str,
            value: &V,
        ) -> Result<(), Error> {
            value.serialize(self)
        }
        fn serialize_newtype_variant<V: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &V,
        ) -> Result<(), Error> {
            Err(unsupported())
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
            Err(unsupported())
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
            Err(unsupported())
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, Error> {
            Err(unsupported())
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, Error> {
            Err(unsupported())
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, Error> {
            Err(unsupported())
        }
    };
}

impl<'a, 'n> ser::Serializer for &'a mut Pluck<'n> {
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Self;
    not_a_record!();

    fn serialize_str(self, _: &str) -> Result<(), Error> {
        Err(unsupported())
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(unsupported())
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Error> {
        Ok(self)
    }
}

impl ser::SerializeStruct for &mut Pluck<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<V: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &V,
    ) -> Result<(), Error> {
        if let Some(at) = self.names.iter().position(|n| *n == key) {
            self.found[at] = Some(serde_json::to_value(value)?);
        }
        if key == "custom" && self.wants_custom() {
            // A record without custom values skips the map, or writes an empty one.
            value.serialize(&mut PluckEntry {
                pluck: self,
                hit: None,
            })?;
        }
        Ok(())
    }

    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::Serializer for &mut PluckEntry<'_, '_> {
    type SerializeMap = Self;
    type SerializeStruct = Impossible<(), Error>;
    not_a_record!();

    fn serialize_str(self, _: &str) -> Result<(), Error> {
        Err(unsupported())
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self, Error> {
        Ok(self)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(unsupported())
    }
}

impl ser::SerializeMap for &mut PluckEntry<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<K: ?Sized + Serialize>(&mut self, key: &K) -> Result<(), Error> {
        // The key is compared as it is written, without making a JSON value of it.
        let mut name = KeyName {
            names: &self.pluck.names,
            at: None,
        };
        key.serialize(&mut name)?;
        self.hit = name.at;
        Ok(())
    }

    fn serialize_value<V: ?Sized + Serialize>(&mut self, value: &V) -> Result<(), Error> {
        if let Some(at) = self.hit.take() {
            self.pluck.found[at] = Some(serde_json::to_value(value)?);
        }
        Ok(())
    }

    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::Serializer for &mut KeyName<'_, '_> {
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    not_a_record!();

    fn serialize_str(self, key: &str) -> Result<(), Error> {
        self.at = self.names.iter().position(|n| *n == key && is_custom(n));
        Ok(())
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(unsupported())
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(unsupported())
    }
}
