//! The contact domain: model, lock rule, validation and diff. No I/O.

pub mod consent;
mod custom_value;
mod diff;
mod draft;
mod edits;
mod field;
mod lock;
mod merge;
mod model;
mod phone;
mod validate;

pub use custom_value::{parse_number, reparse, type_label};
pub use diff::{
    CustomLookup, Original, Patch, borrowed_index, custom_entry_changed, custom_field_index,
    custom_fields_changed, custom_fields_differ, diff, diff_field, tags_changed,
};
pub use draft::Draft;
pub use edits::{Edits, parse_field_arg};
pub use field::FieldId;
pub use lock::is_locked;
pub use merge::{Conflict, Item, Merged, Side, Version, describe, merge};
pub use model::{
    CONSENT_FIELDS, Contact, ContactFormatError, CustomField, json_kind, scalar_str, scalar_text,
};
pub use phone::{PhoneProblem, Region, UnknownRegion, looks_like_phone, normalise, warm_up};
pub use validate::{
    EMAIL_HINT, Problem, custom_field_problems, is_valid_e164, is_valid_email, tag_problems,
    validate, validate_field,
};
