//! The three-way merge behind every save: the version the form was bound to
//! (**base**), the server's version now (**theirs**) and the form's values
//! (**mine**). Pure: the save flow fetches theirs and acts on the result.
//!
//! Each side's change to a field, a tag or a custom-field key is kept; only
//! the same item changed on both sides to different results is a conflict.
//! Tags merge as a set (an addition or a removal is the whole change, so two
//! sides can't disagree about one tag); the other items merge by value.

use super::consent::{ConsentValue, EmailConsent, SmsConsent};
use super::lock::is_locked;
use super::model::scalar_text;
use super::{Contact, CustomField, Draft, FieldId};
use crate::safe_text::{sanitize, sanitize_identifier};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// The single-line fields, merged one by one.
const TEXT_FIELDS: [FieldId; 4] = [
    FieldId::FirstName,
    FieldId::LastName,
    FieldId::Email,
    FieldId::Phone,
];

/// What can conflict: a single-line field or one custom-field key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Field(FieldId),
    CustomKey(String),
}

impl Item {
    /// How the item is named on screen.
    pub fn label(&self) -> String {
        match self {
            Item::Field(field) => field.label().to_string(),
            Item::CustomKey(key) => format!("Custom field {}", sanitize_identifier(key)),
        }
    }
}

/// One item's value in one version: `None` is empty (a text field) or
/// absent (a custom-field key).
pub type Version = Option<Value>;

/// Which side of a conflict the agent keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Mine,
    Theirs,
}

/// The same item changed on both sides to different results.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub item: Item,
    pub base: Version,
    pub theirs: Version,
    pub mine: Version,
}

impl Conflict {
    /// Writes the chosen side's value into `draft` (which holds theirs until
    /// then).
    pub fn apply(&self, draft: &mut Draft, side: Side) {
        let value = match side {
            Side::Mine => &self.mine,
            Side::Theirs => &self.theirs,
        };
        match &self.item {
            Item::Field(FieldId::EmailConsent) => {
                draft.email_consent = value.as_ref().map(|v| EmailConsent::parse(&text_of(v)));
            }
            Item::Field(FieldId::SmsConsent) => {
                draft.sms_consent = value.as_ref().map(|v| SmsConsent::parse(&text_of(v)));
            }
            Item::Field(field) => {
                if let Some(text) = draft.text_mut(*field) {
                    *text = value.as_ref().map(text_of).unwrap_or_default();
                }
            }
            Item::CustomKey(key) => set_custom(&mut draft.custom_fields, key, value.clone()),
        }
    }
}

/// How one version is shown in the conflict view: sanitised, and naming
/// emptiness rather than showing nothing.
pub fn describe(version: &Version, item: &Item) -> String {
    match (version, item) {
        (Some(Value::String(raw)), Item::Field(FieldId::EmailConsent)) => {
            EmailConsent::parse(raw).label().into_owned()
        }
        (Some(Value::String(raw)), Item::Field(FieldId::SmsConsent)) => {
            SmsConsent::parse(raw).label().into_owned()
        }
        (None, Item::Field(_)) => "(empty)".into(),
        (None, Item::CustomKey(_)) => "(no such field)".into(),
        (Some(Value::String(s)), Item::Field(_)) if s.is_empty() => "(empty)".into(),
        (Some(Value::String(s)), Item::CustomKey(_)) => {
            format!("\"{}\"", sanitize(s))
        }
        (Some(value), _) => sanitize(&scalar_text(value)).into_owned(),
    }
}

/// The result of merging: the draft to bind to theirs (conflicting items
/// hold theirs until chosen), what the server changed that was taken, what
/// of mine could not be kept, and the conflicts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Merged {
    pub draft: Draft,
    /// Changes made only on the server, taken as they are ("tags
    /// +colleague-tag"), for the review and the status line.
    pub server_changes: Vec<String>,
    /// Edits of mine the server no longer accepts: an email or phone set
    /// meanwhile on the server can't be changed any more.
    pub dropped: Vec<String>,
    pub conflicts: Vec<Conflict>,
}

impl Merged {
    /// The draft with each conflict resolved by `choose`.
    pub fn resolved(&self, choose: impl Fn(usize) -> Side) -> Draft {
        let mut draft = self.draft.clone();
        for (i, conflict) in self.conflicts.iter().enumerate() {
            conflict.apply(&mut draft, choose(i));
        }
        draft
    }
}

/// Merges `mine` (edits made on `base`) with the server's `theirs`.
pub fn merge(base: &Contact, theirs: &Contact, mine: &Draft) -> Merged {
    let base_draft = Draft::from_contact(base);
    let their_draft = Draft::from_contact(theirs);
    let mut merged = Merged {
        draft: their_draft.clone(),
        ..Merged::default()
    };
    for field in TEXT_FIELDS {
        merge_text(
            field,
            theirs,
            [&base_draft, &their_draft, mine],
            &mut merged,
        );
    }
    merged.draft.email_consent = merge_consent(
        FieldId::EmailConsent,
        [
            &base_draft.email_consent,
            &their_draft.email_consent,
            &mine.email_consent,
        ],
        &mut merged,
    );
    merged.draft.sms_consent = merge_consent(
        FieldId::SmsConsent,
        [
            &base_draft.sms_consent,
            &their_draft.sms_consent,
            &mine.sms_consent,
        ],
        &mut merged,
    );
    merged.draft.tags = merge_tags(&base.tags, &theirs.tags, &mine.tags, &mut merged);
    merged.draft.custom_fields = merge_custom(base, theirs, mine, &mut merged);
    merged
}

/// Whose value one item takes. Every item of the merge follows this rule.
enum Pick {
    /// Mine is unchanged: theirs, which the server may have changed.
    Theirs { server_changed: bool },
    /// Only mine changed, or both alike.
    Mine,
    /// Both changed, differently.
    Conflict,
}

fn pick<T: PartialEq + ?Sized>(base: &T, theirs: &T, mine: &T) -> Pick {
    if mine == base {
        Pick::Theirs {
            server_changed: theirs != base,
        }
    } else if theirs == base || theirs == mine {
        Pick::Mine
    } else {
        Pick::Conflict
    }
}

fn merge_text(field: FieldId, theirs: &Contact, versions: [&Draft; 3], merged: &mut Merged) {
    let [base, their, mine] = versions.map(|d| d.text(field).unwrap_or_default());
    let label = field.label();
    let out = merged.draft.text_mut(field);
    let Some(out) = out else { return };
    match pick(base, their, mine) {
        Pick::Theirs { server_changed } => {
            if server_changed {
                merged
                    .server_changes
                    .push(format!("{label}: {}", before_after(base, their)));
            }
            return; // `out` already holds theirs
        }
        Pick::Mine => {
            *out = mine.to_string();
            return;
        }
        Pick::Conflict => {}
    }
    // Set once: an email or phone the server now has can't be replaced.
    if is_locked(theirs, field) && base.is_empty() {
        merged.dropped.push(format!(
            "{label} was set meanwhile on the server to {}; yours ({}) can't be saved, \
             because the API doesn't allow changing it",
            sanitize(their),
            sanitize(mine)
        ));
        return;
    }
    merged.conflicts.push(Conflict {
        item: Item::Field(field),
        base: text_version(base),
        theirs: text_version(their),
        mine: text_version(mine),
    });
}

/// A consent field, merged like a text field: each side's change kept,
/// different changes on both sides a conflict (theirs until chosen). A
/// consent change is never made silently on anyone's behalf.
fn merge_consent<T: ConsentValue>(
    field: FieldId,
    [base, theirs, mine]: [&Option<T>; 3],
    merged: &mut Merged,
) -> Option<T> {
    match pick(base, theirs, mine) {
        Pick::Theirs { server_changed } => {
            if server_changed {
                let shown = |v: &Option<T>| {
                    v.as_ref()
                        .map_or("(none)".to_string(), |v| v.label().into_owned())
                };
                merged.server_changes.push(format!(
                    "{}: {} → {}",
                    field.label(),
                    shown(base),
                    shown(theirs)
                ));
            }
            return theirs.clone();
        }
        Pick::Mine => return mine.clone(),
        Pick::Conflict => {}
    }
    let version = |v: &Option<T>| v.as_ref().map(|v| Value::String(v.as_str().to_string()));
    merged.conflicts.push(Conflict {
        item: Item::Field(field),
        base: version(base),
        theirs: version(theirs),
        mine: version(mine),
    });
    theirs.clone()
}

fn before_after(before: &str, after: &str) -> String {
    let show = |s: &str| {
        if s.is_empty() {
            "(empty)".to_string()
        } else {
            sanitize(s).into_owned()
        }
    };
    format!("{} → {}", show(before), show(after))
}

fn text_version(text: &str) -> Version {
    (!text.is_empty()).then(|| Value::String(text.to_string()))
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => scalar_text(other),
    }
}

/// Theirs, less what I removed, plus what I added (in my order).
fn merge_tags(
    base: &[String],
    theirs: &[String],
    mine: &[String],
    merged: &mut Merged,
) -> Vec<String> {
    let base_set: HashSet<&str> = base.iter().map(String::as_str).collect();
    let their_set: HashSet<&str> = theirs.iter().map(String::as_str).collect();
    let mine_set: HashSet<&str> = mine.iter().map(String::as_str).collect();
    let server_added: Vec<&str> = theirs
        .iter()
        .map(String::as_str)
        .filter(|t| !base_set.contains(t))
        .collect();
    let server_removed: Vec<&str> = base
        .iter()
        .map(String::as_str)
        .filter(|t| !their_set.contains(t))
        .collect();
    if !server_added.is_empty() || !server_removed.is_empty() {
        let mut words = Vec::new();
        words.extend(
            server_added
                .iter()
                .map(|t| format!("+{}", sanitize_identifier(t))),
        );
        words.extend(
            server_removed
                .iter()
                .map(|t| format!("−{}", sanitize_identifier(t))),
        );
        merged
            .server_changes
            .push(format!("Tags: {}", words.join(" ")));
    }
    let mut out: Vec<String> = theirs
        .iter()
        // A tag I removed goes; every other tag of theirs stays.
        .filter(|t| !base_set.contains(t.as_str()) || mine_set.contains(t.as_str()))
        .cloned()
        .collect();
    let mut present: HashSet<String> = out.iter().cloned().collect();
    for tag in mine {
        if !base_set.contains(tag.as_str()) && present.insert(tag.clone()) {
            out.push(tag.clone());
        }
    }
    out
}

/// Per key: each side's change kept; the same key changed both ways is a
/// conflict. Keys keep my order, then the server's new ones follow.
fn merge_custom(
    base: &Contact,
    theirs: &Contact,
    mine: &Draft,
    merged: &mut Merged,
) -> Vec<CustomField> {
    let index = |fields: &[CustomField]| -> HashMap<String, Value> {
        fields
            .iter()
            .map(|f| (f.key.clone(), f.value.clone()))
            .collect()
    };
    let base_map = index(&base.custom_fields);
    let their_map = index(&theirs.custom_fields);
    let mine_map = index(&mine.custom_fields);
    let mut keys: Vec<&str> = Vec::new();
    let mut seen = HashSet::new();
    let ordered = mine
        .custom_fields
        .iter()
        .chain(&theirs.custom_fields)
        .chain(&base.custom_fields);
    for field in ordered {
        if seen.insert(field.key.as_str()) {
            keys.push(field.key.as_str());
        }
    }
    let mut out = Vec::new();
    for key in keys {
        let [b, t, m] = [&base_map, &their_map, &mine_map].map(|map| map.get(key).cloned());
        let value = match pick(&b, &t, &m) {
            Pick::Theirs { server_changed } => {
                if server_changed {
                    merged.server_changes.push(custom_change(key, &b, &t));
                }
                t
            }
            Pick::Mine => m,
            Pick::Conflict => {
                merged.conflicts.push(Conflict {
                    item: Item::CustomKey(key.to_string()),
                    base: b,
                    theirs: t.clone(),
                    mine: m,
                });
                t
            }
        };
        if let Some(value) = value {
            out.push(CustomField::new(key, value));
        }
    }
    out
}

fn custom_change(key: &str, before: &Version, after: &Version) -> String {
    let item = Item::CustomKey(key.to_string());
    let key = sanitize_identifier(key);
    match (before, after) {
        (None, Some(_)) => format!("Custom field +{key} = {}", describe(after, &item)),
        (Some(_), None) => format!("Custom field −{key}"),
        _ => format!(
            "Custom field {key}: {} → {}",
            describe(before, &item),
            describe(after, &item)
        ),
    }
}

/// Sets (or with `None` removes) one key, keeping its place.
fn set_custom(fields: &mut Vec<CustomField>, key: &str, value: Version) {
    let at = fields.iter().position(|f| f.key == key);
    match (at, value) {
        (Some(i), Some(value)) => fields[i].value = value,
        (Some(i), None) => {
            fields.remove(i);
        }
        (None, Some(value)) => fields.push(CustomField::new(key, value)),
        (None, None) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::diff;
    use serde_json::json;

    fn contact(v: Value) -> Contact {
        Contact::from_value(v).expect("contact")
    }

    fn base() -> Contact {
        contact(json!({
            "id": "c1", "first_name": "Jane", "last_name": "Doe",
            "email": "jane@example.com", "phone_number": null,
            "tags": ["vip", "newsletter"],
            "custom_fields": {"plan": "gold", "visits": 12, "zip": "02134"},
            "updated_at": "2026-11-27T10:00:00Z"
        }))
    }

    /// `base` with `changes` merged into its JSON (a later server version).
    fn changed(changes: Value) -> Contact {
        let mut raw = base().to_value();
        if let (Value::Object(raw), Value::Object(changes)) = (&mut raw, changes) {
            raw.extend(changes);
        }
        contact(raw)
    }

    fn mine(edit: impl FnOnce(&mut Draft)) -> Draft {
        let mut draft = Draft::from_contact(&base());
        edit(&mut draft);
        draft
    }

    fn custom(draft: &Draft) -> Value {
        Value::Object(
            draft
                .custom_fields
                .iter()
                .map(|f| (f.key.clone(), f.value.clone()))
                .collect(),
        )
    }

    #[test]
    fn nothing_changed_anywhere_is_the_base() {
        let merged = merge(&base(), &base(), &Draft::from_contact(&base()));
        assert_eq!(merged.draft, Draft::from_contact(&base()));
        assert!(merged.server_changes.is_empty() && merged.conflicts.is_empty());
    }

    #[test]
    fn a_field_changed_only_by_me_is_mine() {
        let merged = merge(&base(), &base(), &mine(|d| d.first_name = "Janet".into()));
        assert_eq!(merged.draft.first_name, "Janet");
        assert!(merged.conflicts.is_empty() && merged.server_changes.is_empty());
    }

    #[test]
    fn a_field_changed_only_on_the_server_is_theirs_and_said() {
        let theirs = changed(json!({"last_name": "Smith"}));
        let merged = merge(&base(), &theirs, &mine(|d| d.first_name = "Janet".into()));
        assert_eq!(merged.draft.last_name, "Smith");
        assert_eq!(merged.draft.first_name, "Janet");
        assert_eq!(merged.server_changes, vec!["Last name: Doe → Smith"]);
        assert!(merged.conflicts.is_empty());
    }

    #[test]
    fn a_field_changed_alike_on_both_sides_is_no_conflict() {
        let theirs = changed(json!({"first_name": "Janet"}));
        let merged = merge(&base(), &theirs, &mine(|d| d.first_name = "Janet".into()));
        assert_eq!(merged.draft.first_name, "Janet");
        assert!(merged.conflicts.is_empty());
    }

    #[test]
    fn a_field_changed_differently_on_both_sides_is_a_conflict() {
        let theirs = changed(json!({"first_name": "Janine"}));
        let merged = merge(&base(), &theirs, &mine(|d| d.first_name = "Janet".into()));
        assert_eq!(
            merged.conflicts,
            vec![Conflict {
                item: Item::Field(FieldId::FirstName),
                base: Some(json!("Jane")),
                theirs: Some(json!("Janine")),
                mine: Some(json!("Janet")),
            }]
        );
        // Theirs until chosen; each choice lands in the draft.
        assert_eq!(merged.draft.first_name, "Janine");
        assert_eq!(merged.resolved(|_| Side::Mine).first_name, "Janet");
        assert_eq!(merged.resolved(|_| Side::Theirs).first_name, "Janine");
    }

    #[test]
    fn clearing_a_name_against_a_server_change_is_a_conflict_with_an_empty_side() {
        let theirs = changed(json!({"last_name": "Smith"}));
        let merged = merge(&base(), &theirs, &mine(|d| d.last_name.clear()));
        assert_eq!(merged.conflicts.len(), 1);
        assert_eq!(merged.conflicts[0].mine, None);
        assert_eq!(
            describe(&merged.conflicts[0].mine, &merged.conflicts[0].item),
            "(empty)"
        );
        assert_eq!(merged.resolved(|_| Side::Mine).last_name, "");
    }

    #[test]
    fn a_phone_set_meanwhile_on_the_server_wins_and_mine_is_reported_dropped() {
        let theirs = changed(json!({"phone_number": "+14155550100"}));
        let merged = merge(
            &base(),
            &theirs,
            &mine(|d| d.phone_number = "+14155550123".into()),
        );
        assert_eq!(merged.draft.phone_number, "+14155550100");
        assert!(merged.conflicts.is_empty());
        assert_eq!(merged.dropped.len(), 1);
        assert!(
            merged.dropped[0].contains("+14155550123"),
            "{:?}",
            merged.dropped
        );
        // Nothing is left to send for the phone.
        assert_eq!(diff(&theirs, &merged.draft).phone_number, None);
    }

    #[test]
    fn tags_added_on_both_sides_are_all_kept() {
        let theirs = changed(json!({"tags": ["vip", "newsletter", "colleague-tag"]}));
        let merged = merge(&base(), &theirs, &mine(|d| d.tags.push("wholesale".into())));
        assert_eq!(
            merged.draft.tags,
            ["vip", "newsletter", "colleague-tag", "wholesale"]
        );
        assert_eq!(merged.server_changes, vec!["Tags: +colleague-tag"]);
        assert!(merged.conflicts.is_empty());
    }

    #[test]
    fn a_tag_removed_by_me_stays_removed_and_one_removed_by_them_stays_gone() {
        let theirs = changed(json!({"tags": ["vip"]}));
        let merged = merge(&base(), &theirs, &mine(|d| d.tags.retain(|t| t != "vip")));
        assert_eq!(merged.draft.tags, Vec::<String>::new());
        assert_eq!(merged.server_changes, vec!["Tags: −newsletter"]);
    }

    #[test]
    fn the_same_tag_added_or_removed_on_both_sides_agrees() {
        let theirs = changed(json!({"tags": ["newsletter", "wholesale"]}));
        let merged = merge(
            &base(),
            &theirs,
            &mine(|d| d.tags = vec!["newsletter".into(), "wholesale".into()]),
        );
        assert_eq!(merged.draft.tags, ["newsletter", "wholesale"]);
        assert!(merged.conflicts.is_empty());
    }

    #[test]
    fn custom_keys_merge_per_key() {
        let theirs = changed(json!({"custom_fields":
            {"plan": "gold", "visits": 13, "zip": "02134", "source": "popup"}}));
        let merged = merge(
            &base(),
            &theirs,
            &mine(|d| {
                d.custom_fields.retain(|f| f.key != "zip");
                d.custom_fields[0].value = json!("platinum");
            }),
        );
        assert_eq!(
            custom(&merged.draft),
            json!({"plan": "platinum", "visits": 13, "source": "popup"})
        );
        assert_eq!(
            merged.server_changes,
            vec![
                "Custom field visits: 12 → 13",
                "Custom field +source = \"popup\""
            ]
        );
        assert!(merged.conflicts.is_empty());
    }

    #[test]
    fn a_key_changed_alike_on_both_sides_is_no_conflict() {
        let theirs =
            changed(json!({"custom_fields": {"plan": "gold", "visits": 13, "zip": "02134"}}));
        let merged = merge(
            &base(),
            &theirs,
            &mine(|d| d.custom_fields[1].value = json!(13)),
        );
        assert!(merged.conflicts.is_empty());
        assert_eq!(custom(&merged.draft)["visits"], json!(13));
    }

    #[test]
    fn a_key_changed_by_me_and_removed_by_them_is_a_conflict() {
        let theirs = changed(json!({"custom_fields": {"plan": "gold", "visits": 12}}));
        let merged = merge(
            &base(),
            &theirs,
            &mine(|d| d.custom_fields[2].value = json!("10001")),
        );
        assert_eq!(merged.conflicts.len(), 1);
        let conflict = &merged.conflicts[0];
        assert_eq!(conflict.item, Item::CustomKey("zip".into()));
        assert_eq!(conflict.theirs, None);
        assert_eq!(
            describe(&conflict.theirs, &conflict.item),
            "(no such field)"
        );
        assert_eq!(custom(&merged.draft), json!({"plan": "gold", "visits": 12}));
        assert_eq!(
            custom(&merged.resolved(|_| Side::Mine)),
            json!({"plan": "gold", "visits": 12, "zip": "10001"})
        );
    }

    #[test]
    fn a_key_added_on_both_sides_with_different_values_is_a_conflict() {
        let theirs = changed(json!({"custom_fields":
            {"plan": "gold", "visits": 12, "zip": "02134", "city": "Boston"}}));
        let merged = merge(
            &base(),
            &theirs,
            &mine(|d| {
                d.custom_fields
                    .push(CustomField::new("city", json!("Cambridge")))
            }),
        );
        assert_eq!(merged.conflicts.len(), 1);
        assert_eq!(merged.conflicts[0].base, None);
        assert_eq!(merged.conflicts[0].item.label(), "Custom field city");
        assert_eq!(
            custom(&merged.resolved(|_| Side::Mine))["city"],
            json!("Cambridge")
        );
    }

    #[test]
    fn the_patch_against_theirs_carries_a_colleagues_tag() {
        let theirs = changed(json!({"tags": ["vip", "newsletter", "colleague-tag"],
                                     "first_name": "Janine"}));
        let merged = merge(&base(), &theirs, &mine(|d| d.tags.push("wholesale".into())));
        let patch = diff(&theirs, &merged.draft);
        assert_eq!(
            patch.to_json(),
            json!({"tags": ["vip", "newsletter", "colleague-tag", "wholesale"]})
        );
    }

    #[test]
    fn consent_merges_per_field_and_is_never_dropped() {
        let with_sms = |sms: &str| {
            let mut raw = base().to_value();
            raw["sms_consent"] = json!(sms);
            raw["email_consent"] = json!("subscribed");
            contact(raw)
        };
        let base = with_sms("subscribed");
        let mut mine = Draft::from_contact(&base);
        mine.sms_consent = Some(SmsConsent::Unsubscribed);
        // The server changed a name only: my consent change stays.
        let mut theirs_raw = base.to_value();
        theirs_raw["last_name"] = json!("Smith");
        let merged = merge(&base, &contact(theirs_raw), &mine);
        assert_eq!(merged.draft.sms_consent, Some(SmsConsent::Unsubscribed));
        assert!(merged.conflicts.is_empty());
        // The server changed the same consent differently: a conflict.
        let theirs = with_sms("single_opt_in");
        let merged = merge(&base, &theirs, &mine);
        assert_eq!(merged.conflicts.len(), 1);
        assert_eq!(merged.conflicts[0].item, Item::Field(FieldId::SmsConsent));
        assert_eq!(
            describe(&merged.conflicts[0].theirs, &merged.conflicts[0].item),
            "Single opt-in, not confirmed"
        );
        assert_eq!(merged.draft.sms_consent, Some(SmsConsent::SingleOptIn));
        assert_eq!(
            merged.resolved(|_| Side::Mine).sms_consent,
            Some(SmsConsent::Unsubscribed)
        );
        // Only the server changed it: taken, and said in words.
        let merged = merge(&base, &theirs, &Draft::from_contact(&base));
        assert_eq!(merged.draft.sms_consent, Some(SmsConsent::SingleOptIn));
        assert_eq!(
            merged.server_changes,
            ["SMS consent: Subscribed → Single opt-in, not confirmed"]
        );
    }

    #[test]
    fn server_text_in_notes_is_sanitised() {
        let theirs = changed(json!({"last_name": "Evil\u{1b}[2J"}));
        let merged = merge(&base(), &theirs, &Draft::from_contact(&base()));
        assert!(
            !merged.server_changes[0].contains('\u{1b}'),
            "{:?}",
            merged.server_changes
        );
    }
}
