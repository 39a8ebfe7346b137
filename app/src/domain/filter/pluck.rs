//! One field of a record, read without writing the whole record out: a filter over 100,000
//! deals asks each for the two or three fields it compares, and turning every deal into JSON
//! first would cost more than the filter itself. A serde serializer that keeps the one field
//! named (or the one custom value, inside the record's `custom` map) and skips the rest: the
//! record's own `Serialize`, so every kind is read the way it is stored, with no list of its
//! fields kept by hand.

use serde::Serialize;
use serde::ser::{self, Impossible};
use serde_json::{Error, Value};

/// The field `name` of `record` (a custom field's key reads its `custom` map), as its JSON
/// would hold it; `None` when it has none.
pub fn field_of<T: Serialize>(record: &T, name: &str) -> Option<Value> {
    let mut pluck = Pluck {
        wanted: name,
        custom: super::custom_field::is_custom(name),
        found: None,
    };
    record.serialize(&mut pluck).ok()?;
    pluck.found
}

struct Pluck<'n> {
    wanted: &'n str,
    /// The wanted field is a custom value, inside `custom`.
    custom: bool,
    found: Option<Value>,
}

/// The custom value `wanted` among a record's `custom` map.
struct PluckEntry<'n> {
    wanted: &'n str,
    found: Option<Value>,
    /// The key just written matched.
    hit: bool,
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
            serialize_str(&str),
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
        if self.found.is_some() {
            return Ok(());
        }
        if self.custom {
            if key == "custom" {
                let mut entry = PluckEntry {
                    wanted: self.wanted,
                    found: None,
                    hit: false,
                };
                // A record without custom values skips the map, or writes an empty one.
                value.serialize(&mut entry)?;
                self.found = entry.found;
            }
        } else if key == self.wanted {
            self.found = Some(serde_json::to_value(value)?);
        }
        Ok(())
    }

    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl<'a, 'n> ser::Serializer for &'a mut PluckEntry<'n> {
    type SerializeMap = Self;
    type SerializeStruct = Impossible<(), Error>;
    not_a_record!();

    fn serialize_map(self, _: Option<usize>) -> Result<Self, Error> {
        Ok(self)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(unsupported())
    }
}

impl ser::SerializeMap for &mut PluckEntry<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<K: ?Sized + Serialize>(&mut self, key: &K) -> Result<(), Error> {
        self.hit = self.found.is_none()
            && matches!(serde_json::to_value(key)?, Value::String(k) if k == self.wanted);
        Ok(())
    }

    fn serialize_value<V: ?Sized + Serialize>(&mut self, value: &V) -> Result<(), Error> {
        if self.hit {
            self.found = Some(serde_json::to_value(value)?);
            self.hit = false;
        }
        Ok(())
    }

    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}
