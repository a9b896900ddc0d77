//! The loaded contact bound to editable inputs. Its fields are private:
//! every change goes through a method that refreshes the diff, the problems,
//! the chip layout and the grid's scroll, so no caller can forget one and
//! drawing only reads.

mod consent;
mod edit;
mod external;
mod focus;
mod saved;

pub use consent::ConsentShown;
pub use external::ExternalTarget;

use super::grid::{Column, Grid};
use super::selector::Selector;
use super::tags::TagEditor;
use super::text_input::TextInput;
use crate::contact::consent::{checked_with, write_refusal};
use crate::contact::{
    Contact, CustomField, Draft, FieldId, Original, Patch, Problem, Region, custom_entry_changed,
    custom_field_index, diff_field, is_locked, scalar_text, validate_field,
};
use crate::geometry::{
    ChipLayout, MAX_NOTE_LINES, NoteLines, ONE_LINE_NOTES, chip_area_width, chip_scroll,
    grid_visible_rows, note_widths, wrap_chips, wrap_words,
};
use serde_json::{Map, Value};
use std::sync::atomic::{AtomicU64, Ordering};

/// Every change to any form takes the next number, so the runtime can tell
/// "changed since the draft was written" with one comparison, even across a
/// rebind.
static REVISIONS: AtomicU64 = AtomicU64::new(1);

/// The single-line fields, in the order of `Form::inputs`.
const TEXT_FIELDS: [FieldId; 4] = [
    FieldId::FirstName,
    FieldId::LastName,
    FieldId::Email,
    FieldId::Phone,
];

fn text_index(field: FieldId) -> Option<usize> {
    TEXT_FIELDS.iter().position(|f| *f == field)
}

#[derive(Debug, Clone)]
pub struct Form {
    original: Contact,
    /// The original's custom fields by key, for the grid's changed-marks.
    original_custom: Map<String, Value>,
    draft: Draft,
    /// First name, last name, email, phone (in `TEXT_FIELDS` order).
    inputs: [TextInput; 4],
    tags: TagEditor,
    grid: Grid,
    /// The focused consent field's choices, while open.
    choosing: Option<Selector>,
    /// Why Privy refuses every write to this contact, if it does: the form
    /// is then read-only.
    write_refusal: Option<&'static str>,
    focus: FieldId,
    /// The save attempt or leaving a field makes its problems show.
    shown_problems: Vec<FieldId>,
    /// Field errors from the server's last 422, until the field is edited.
    server_errors: Vec<(FieldId, String)>,
    /// The terminal size the chip layout and grid scroll are for.
    size: (u16, u16),
    /// What that size leaves for chips and grid rows, worked out when the
    /// size or the number of chip lines changes, not on every key.
    chip_width: u16,
    grid_rows: usize,
    /// Lines each text and consent field takes: more while a long message
    /// (a 422's detail) wraps under it.
    note_lines: NoteLines,
    // Caches, refreshed by `refresh` for what changed.
    patch: Patch,
    /// Problems per field, in `FieldId::ALL` order.
    problems: [Vec<Problem>; FieldId::ALL.len()],
    chips: ChipLayout,
    /// Bumped by every `refresh`: the draft on disk is current while it
    /// was written at this revision.
    revision: u64,
    /// Removed chips and deleted rows, newest last, for Ctrl-Z.
    removed: Vec<Removed>,
}

/// A chip or a grid row taken out, and where it was.
#[derive(Debug, Clone)]
enum Removed {
    Tag { index: usize, tag: String },
    Row { index: usize, field: CustomField },
}

impl Removed {
    fn field(&self) -> FieldId {
        match self {
            Removed::Tag { .. } => FieldId::Tags,
            Removed::Row { .. } => FieldId::CustomFields,
        }
    }
}

/// What a change touched, so `refresh` recomputes only that: a key costs
/// the same on a contact with five tags or five thousand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Changed {
    /// Focus, selection or an input not yet in the draft: only positions.
    Nothing,
    Field(FieldId),
    /// The grid's filter text: only which rows show.
    GridFilter,
    All,
}

/// A field's message as drawn in its note.
pub fn note_text(message: &str) -> String {
    format!("{} {message}", crate::theme::ERROR_MARK)
}

/// The lines a message takes under its field: none when it fits the note
/// (`note` columns), else wrapped to the `detail` width under the field.
pub fn detail_lines(message: &str, note: u16, detail: u16) -> Vec<String> {
    let text = note_text(message);
    if unicode_width::UnicodeWidthStr::width(text.as_str()) <= usize::from(note) {
        return Vec::new();
    }
    wrap_words(&text, usize::from(detail))
}

fn slot(field: FieldId) -> usize {
    FieldId::ALL.iter().position(|f| *f == field).unwrap_or(0)
}

impl Form {
    /// `region` is the country a phone typed without `+` is read for.
    pub fn bind(contact: Contact, size: (u16, u16), region: Region) -> Self {
        let draft = Draft {
            region,
            ..Draft::from_contact(&contact)
        };
        let inputs = TEXT_FIELDS.map(|f| TextInput::new(draft.text(f).unwrap_or("")));
        let mut form = Self {
            original_custom: custom_field_index(&contact),
            write_refusal: write_refusal(&contact),
            original: contact,
            draft,
            inputs,
            tags: TagEditor::default(),
            grid: Grid::default(),
            choosing: None,
            focus: FieldId::FirstName,
            shown_problems: Vec::new(),
            server_errors: Vec::new(),
            size,
            chip_width: chip_area_width(size),
            grid_rows: 1,
            note_lines: ONE_LINE_NOTES,
            patch: Patch::default(),
            problems: Default::default(),
            chips: ChipLayout::default(),
            revision: 0,
            removed: Vec::new(),
        };
        form.refresh(Changed::All);
        form
    }

    /// Binds the form to a newer server version with `draft` as its values
    /// (a merge's result), keeping focus where the agent was.
    pub fn rebase(&mut self, theirs: Contact, draft: Draft) {
        let mut fresh = Form::bind_with_draft(theirs, draft, self.size, self.draft.region);
        fresh.restore_focus(self.focus);
        *self = fresh;
    }

    /// `contact` bound with `draft` as the values being edited (a merge's
    /// result, or a restored draft), the inputs showing them.
    fn bind_with_draft(
        contact: Contact,
        mut draft: Draft,
        size: (u16, u16),
        region: Region,
    ) -> Self {
        let mut form = Form::bind(contact, size, region);
        draft.region = region;
        form.inputs = TEXT_FIELDS.map(|f| TextInput::new(draft.text(f).unwrap_or("")));
        form.draft = draft;
        form.refresh(Changed::All);
        form
    }

    /// The terminal changed size: chips rewrap, the grid keeps its row in view.
    pub fn set_size(&mut self, size: (u16, u16)) {
        self.size = size;
        self.chip_width = chip_area_width(size);
        self.grid_rows = grid_visible_rows(size, self.chips.lines, self.note_lines);
        self.refresh(Changed::Nothing);
    }

    /// Brings the caches in step after a change. Every method that changes
    /// the form ends here, naming what it touched.
    fn refresh(&mut self, changed: Changed) {
        self.revision = REVISIONS.fetch_add(1, Ordering::Relaxed);
        let fields: &[FieldId] = match &changed {
            Changed::Nothing | Changed::GridFilter => &[],
            Changed::Field(field) => std::slice::from_ref(field),
            Changed::All => &FieldId::ALL,
        };
        let base = Original {
            contact: &self.original,
            custom: &self.original_custom,
        };
        for &field in fields {
            // The inputs own the text; the draft mirrors it for the diff.
            if let Some(i) = text_index(field)
                && let (Some(input), Some(text)) = (self.inputs.get(i), self.draft.text_mut(field))
                && text != input.text()
            {
                *text = input.text().to_string();
            }
            diff_field(base, &self.draft, field, &mut self.patch);
            self.problems[slot(field)] = validate_field(base, &self.draft, field);
            // A field whose check reads this one (the SMS consent reads the phone).
            for &other in checked_with(field) {
                self.problems[slot(other)] = validate_field(base, &self.draft, other);
            }
        }
        self.tags.clamp(&self.draft.tags);
        let rows = self.draft.custom_fields.len();
        self.grid.clamp(rows);
        let filter_touched = changed == Changed::GridFilter
            || (self.grid.filter.is_some() && fields.contains(&FieldId::CustomFields));
        if filter_touched {
            self.grid.refilter(&self.draft.custom_fields);
        }
        let tags_touched = fields.contains(&FieldId::Tags);
        let note_lines = self.wrapped_note_lines();
        if tags_touched || self.chips.width != self.chip_width || note_lines != self.note_lines {
            self.chips = wrap_chips(&self.draft.tags, self.chip_width);
            self.note_lines = note_lines;
            self.grid_rows = grid_visible_rows(self.size, self.chips.lines, note_lines);
        }
        self.grid.keep_visible(self.grid_rows, rows);
    }

    /// Lines each field takes: one, and under it the lines a server's
    /// message (a 422 detail, not ours to shorten) too long for the note
    /// wraps onto; the form's own messages are written to fit beside it. Only a field with a message costs a
    /// wrap; most keys have none.
    fn wrapped_note_lines(&self) -> NoteLines {
        let (note, detail) = note_widths(self.size);
        let mut lines = ONE_LINE_NOTES;
        for (slot, field) in lines.iter_mut().zip(FieldId::ALL) {
            if let Some((_, message)) = self.server_errors.iter().find(|(f, _)| *f == field) {
                let under = detail_lines(message, note, detail).len();
                let total = u16::try_from(under + 1).unwrap_or(u16::MAX);
                *slot = total.min(MAX_NOTE_LINES);
            }
        }
        lines
    }

    pub fn note_lines(&self) -> NoteLines {
        self.note_lines
    }

    // ----- reading ---------------------------------------------------------

    pub fn original(&self) -> &Contact {
        &self.original
    }

    pub fn draft(&self) -> &Draft {
        &self.draft
    }

    pub fn focus(&self) -> FieldId {
        self.focus
    }

    pub fn tags(&self) -> &TagEditor {
        &self.tags
    }

    pub fn grid(&self) -> &Grid {
        &self.grid
    }

    /// Changes whenever anything in the form does.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn patch(&self) -> &Patch {
        &self.patch
    }

    /// Every problem, in form order.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().flatten()
    }

    pub fn has_problems(&self) -> bool {
        self.problems.iter().any(|p| !p.is_empty())
    }

    fn problems_of(&self, field: FieldId) -> &[Problem] {
        self.problems.get(slot(field)).map_or(&[], Vec::as_slice)
    }

    pub fn chips(&self) -> &ChipLayout {
        &self.chips
    }

    pub fn input(&self, field: FieldId) -> Option<&TextInput> {
        text_index(field).and_then(|i| self.inputs.get(i))
    }

    /// What the save will send for a field when it is not what was typed:
    /// the E.164 form of a phone number typed another way.
    pub fn saved_as(&self, field: FieldId) -> Option<&str> {
        let sent = match field {
            FieldId::Phone => self.patch.phone_number.as_deref()?,
            _ => return None,
        };
        (Some(sent) != self.draft.text(field)).then_some(sent)
    }

    pub fn is_locked(&self, field: FieldId) -> bool {
        is_locked(&self.original, field)
    }

    /// Whether `field` takes focus: not a set-once field already set, and
    /// a consent field only when the server sent the current generation.
    pub fn can_focus(&self, field: FieldId) -> bool {
        !self.is_locked(field) && (!field.is_consent() || self.has_consent_selector(field))
    }

    /// Whether typed characters go into the focused field (not a selector).
    pub fn takes_text(&self) -> bool {
        !self.focus.is_consent()
    }

    /// Why the whole form is read-only (Privy refuses every write), if it is.
    pub fn write_refusal(&self) -> Option<&'static str> {
        self.write_refusal
    }

    /// Text typed but not yet part of the draft: a tag not added, or a grid
    /// cell whose edit is not kept.
    pub fn pending_input(&self) -> Option<FieldId> {
        if !self.tags.input.text().trim().is_empty() {
            return Some(FieldId::Tags);
        }
        let cell = self.grid.editing.as_ref()?;
        let unchanged = !cell.new_row && self.cell_text().as_deref() == Some(cell.input.text());
        (!unchanged).then_some(FieldId::CustomFields)
    }

    /// The fields with unsaved edits, half-typed ones included, in form order.
    pub fn unsaved_fields(&self) -> Vec<FieldId> {
        let mut fields = self.patch.changed_fields();
        if let Some(pending) = self.pending_input()
            && !fields.contains(&pending)
        {
            fields.push(pending);
            fields.sort();
        }
        fields
    }

    /// Whether quitting or reloading now would lose anything typed.
    pub fn is_dirty(&self) -> bool {
        !self.patch.is_empty() || self.pending_input().is_some()
    }

    pub fn unsaved_count(&self) -> usize {
        self.unsaved_fields().len()
    }

    /// The message to show beside a field: server error, else a shown problem.
    pub fn field_message(&self, field: FieldId) -> Option<&str> {
        if let Some((_, m)) = self.server_errors.iter().find(|(f, _)| *f == field) {
            return Some(m);
        }
        if self.shown_problems.contains(&field) {
            return self
                .problems_of(field)
                .iter()
                .find(|p| !self.is_being_keyed(p.row))
                .map(|p| p.message.as_str());
        }
        None
    }

    /// Whether a grid row differs from the original (new key or new value).
    pub fn row_changed(&self, row: usize) -> bool {
        self.draft
            .custom_fields
            .get(row)
            .is_some_and(|entry| custom_entry_changed(&self.original_custom, entry))
    }

    /// A row's problem, once problems show. A new row whose key is still
    /// being typed is not flagged yet: it is flagged if kept empty.
    pub fn row_problem(&self, field: FieldId, row: usize) -> Option<&str> {
        if !self.shown_problems.contains(&field) || self.is_being_keyed(Some(row)) {
            return None;
        }
        self.problems_of(field)
            .iter()
            .find(|p| p.row == Some(row))
            .map(|p| p.message.as_str())
    }

    fn is_being_keyed(&self, row: Option<usize>) -> bool {
        self.focus == FieldId::CustomFields
            && row == Some(self.grid.row)
            && self.grid.column == Column::Key
            && self.grid.editing.as_ref().is_some_and(|c| c.new_row)
    }

    /// The first of `visible` chip lines to show: the one holding the
    /// selected chip (or the input) while tags have focus, else the top.
    pub fn chip_first_line(&self, visible: usize) -> usize {
        if self.focus != FieldId::Tags {
            return 0;
        }
        let focus_line = self
            .tags
            .selected
            .and_then(|i| self.chips.chips.get(i))
            .map_or(self.chips.input.line, |s| s.line);
        chip_scroll(focus_line, visible)
    }

    /// What the copy key copies: the focused input's text, the selected
    /// chip (else every tag, comma-separated), or the selected grid cell.
    /// `None` when there is nothing to copy.
    pub fn focused_value(&self) -> Option<String> {
        let text = match self.focus {
            FieldId::Tags => match self.tags.selected {
                Some(i) => self.draft.tags.get(i)?.clone(),
                None => self.draft.tags.join(", "),
            },
            FieldId::CustomFields => match &self.grid.editing {
                Some(cell) => cell.input.text().to_string(),
                None if self.grid.has_selection(self.draft.custom_fields.len()) => {
                    self.cell_text()?
                }
                None => return None,
            },
            field if field.is_consent() => return None,
            field => self.input(field)?.text().to_string(),
        };
        (!text.is_empty()).then_some(text)
    }

    /// The selected grid cell's stored text.
    fn cell_text(&self) -> Option<String> {
        let entry = self.draft.custom_fields.get(self.grid.row)?;
        Some(match self.grid.column {
            Column::Key => entry.key.clone(),
            Column::Value => scalar_text(&entry.value),
        })
    }

    // ----- server answers --------------------------------------------------

    /// Field errors from a refused save, shown until each field is edited;
    /// focus goes to the first.
    pub fn set_server_errors(&mut self, errors: Vec<(FieldId, String)>) {
        self.server_errors = errors;
        if let Some((field, _)) = self.server_errors.first() {
            let field = *field;
            self.focus_on(field);
        }
        // Their notes may wrap onto more lines.
        self.refresh(Changed::Nothing);
    }

    fn forget_server_error(&mut self, field: FieldId) {
        self.server_errors.retain(|(f, _)| *f != field);
    }

    fn show_problems_of(&mut self, field: FieldId) {
        if !self.shown_problems.contains(&field) {
            self.shown_problems.push(field);
        }
    }
}
