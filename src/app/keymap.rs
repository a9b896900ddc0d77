//! Every key binding, per context. The same table dispatches keys, fills the
//! footer, writes the help screen and names keys in messages, so nothing on
//! screen names a key the user's keymap doesn't have.

pub use super::key::Key;
use crossterm::event::KeyCode;

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Save,
    Help,
    Reload,
    NextField,
    PrevField,
    DismissMessage,
    Confirm,
    Cancel,
    CloseHelp,
    ScrollUp,
    ScrollDown,
    PageUp,
    PageDown,
    Undo,
    Redo,
    CursorLeft,
    CursorRight,
    WordLeft,
    WordRight,
    LineStart,
    LineEnd,
    DeleteBack,
    DeleteForward,
    DeleteToStart,
    DeleteToEnd,
    DeleteWordBack,
    AddTag,
    ChipLeft,
    ChipRight,
    /// Backspace in the tag input: a character, or select the last chip.
    TagBackspace,
    RemoveChip,
    RowUp,
    RowDown,
    CellLeft,
    CellRight,
    EditCell,
    AddRow,
    DeleteRow,
    CommitCell,
    CancelCell,
    ExternalEdit,
    CycleType,
    /// In the conflict view: keep the form's value, or the server's.
    TakeMine,
    TakeTheirs,
    /// Drop a draft from an earlier run instead of restoring it.
    DiscardDraft,
    /// Enter or Space on a consent field: show its choices.
    OpenChoices,
    ChoiceUp,
    ChoiceDown,
    KeepChoice,
    CancelChoice,
    /// The review's answer to "Privy will send a welcome SMS".
    SendWelcomeSms,
    NoWelcomeSms,
    /// The review's summary in words, or the exact request.
    ToggleReview,
    // Moving fast in the form: grid paging and filter, copying, the mouse.
    FirstRow,
    LastRow,
    FilterRows,
    KeepFilter,
    ClearFilter,
    /// Copy the focused value (OSC 52), or the contact's id.
    CopyValue,
    CopyId,
    /// Mouse reports on or off, so the terminal's own selection works.
    ToggleMouse,
    // Opening another contact (the prompt, the picker, the question).
    OpenContact,
    SaveThenSwitch,
    SwitchKeepingDraft,
}

/// Where the keyboard is: decides which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    /// Cursor and deletion keys of every input where text is typed.
    TextEditing,
    TextField,
    Tags,
    ChipSelected,
    Grid,
    GridEditing,
    /// A consent field, its choices closed.
    Consent,
    /// A consent field's choices, open.
    Choosing,
    Review,
    Conflicts,
    Confirm,
    Help,
    LoadFailed,
    Loading,
    /// The offer to restore a draft from an earlier run.
    RestoreDraft,
    /// Typing the grid's row filter.
    GridFilter,
    // Opening another contact.
    OpenPrompt,
    Picker,
    ConfirmSwitch,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Anywhere in the form",
            Context::TextEditing => "Editing text",
            Context::TextField => "Text fields",
            Context::Tags => "Tags (new-tag input)",
            Context::ChipSelected => "Tags (a chip selected)",
            Context::Grid => "Custom fields",
            Context::GridEditing => "Custom fields (editing a cell)",
            Context::Consent => "Consent fields",
            Context::Choosing => "Consent fields (choosing a value)",
            Context::Review => "Review before saving",
            Context::Conflicts => "Conflicts with the server's version",
            Context::Confirm => "Questions",
            Context::Help => "Help",
            Context::LoadFailed => "Error page",
            Context::Loading => "Loading",
            Context::RestoreDraft => "Unsaved edits from an earlier run",
            Context::GridFilter => "Custom fields (typing a filter)",
            Context::OpenPrompt => "Open another contact",
            Context::Picker => "Several contacts match",
            Context::ConfirmSwitch => "Unsaved edits, another contact chosen",
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Binding {
    keys: &'static [Key],
    action: Action,
    description: &'static str,
    footer: Option<&'static str>,
}

const fn bind(
    keys: &'static [Key],
    action: Action,
    description: &'static str,
    footer: Option<&'static str>,
) -> Binding {
    Binding {
        keys,
        action,
        description,
        footer,
    }
}

const fn plain(code: KeyCode) -> Key {
    Key::plain(code)
}

const QUIT_KEYS: &[Key] = &[Key::ctrl('q'), Key::ctrl('c')];

/// Shared by every context that edits a value.
const EXTERNAL_EDIT: Binding = bind(
    &[Key::ctrl('e')],
    Action::ExternalEdit,
    "edit the value in $EDITOR (or $VISUAL)",
    None,
);

const SCROLLING: [Binding; 4] = [
    bind(&[plain(KeyCode::Up)], Action::ScrollUp, "scroll up", None),
    bind(
        &[plain(KeyCode::Down)],
        Action::ScrollDown,
        "scroll down",
        None,
    ),
    bind(&[plain(KeyCode::PageUp)], Action::PageUp, "page up", None),
    bind(
        &[plain(KeyCode::PageDown)],
        Action::PageDown,
        "page down",
        None,
    ),
];

// Footer order: what matters most first; the footer drops what doesn't fit.
const GLOBAL: &[Binding] = &[
    bind(
        &[Key::ctrl('s')],
        Action::Save,
        "review and save the changes",
        Some("save"),
    ),
    bind(
        QUIT_KEYS,
        Action::Quit,
        "quit (asks first if there are unsaved changes)",
        Some("quit"),
    ),
    bind(
        &[plain(KeyCode::Tab)],
        Action::NextField,
        "next field",
        Some("next"),
    ),
    bind(
        &[plain(KeyCode::BackTab)],
        Action::PrevField,
        "previous field",
        Some("prev"),
    ),
    bind(
        &[plain(KeyCode::F(5))],
        Action::Reload,
        "reload from the server",
        Some("reload"),
    ),
    bind(
        &[plain(KeyCode::F(1))],
        Action::Help,
        "help: every key",
        Some("help"),
    ),
    OPEN_CONTACT,
    bind(
        &[plain(KeyCode::Esc)],
        Action::DismissMessage,
        "dismiss the message or the grid's filter; stop waiting for the server",
        None,
    ),
    COPY_AND_MOUSE[0],
    COPY_AND_MOUSE[1],
    COPY_AND_MOUSE[2],
];

// Moving fast in the form: copying, the mouse, grid paging and filter.
const COPY_AND_MOUSE: [Binding; 3] = [
    bind(
        &[plain(KeyCode::F(6))],
        Action::CopyValue,
        "copy the focused value to the clipboard",
        Some("copy"),
    ),
    bind(
        &[plain(KeyCode::F(7))],
        Action::CopyId,
        "copy the contact's id to the clipboard",
        None,
    ),
    bind(
        &[plain(KeyCode::F(8))],
        Action::ToggleMouse,
        "mouse on/off (off: the terminal selects text)",
        None,
    ),
];

const GRID_FAST: [Binding; 7] = [
    bind(
        &[plain(KeyCode::PageUp)],
        Action::PageUp,
        "a screenful of rows up",
        None,
    ),
    bind(
        &[plain(KeyCode::PageDown)],
        Action::PageDown,
        "a screenful of rows down",
        None,
    ),
    bind(&[plain(KeyCode::Home)], Action::FirstRow, "first row", None),
    bind(&[plain(KeyCode::End)], Action::LastRow, "last row", None),
    bind(
        &[Key::ch('/')],
        Action::FilterRows,
        "show only rows whose key contains a text",
        Some("filter"),
    ),
    bind(
        &[Key::ctrl('z')],
        Action::Undo,
        "put back the last deleted row",
        Some("undo"),
    ),
    bind(
        &[plain(KeyCode::Esc)],
        Action::ClearFilter,
        "show every row again",
        None,
    ),
];

const GRID_FILTER: &[Binding] = &[
    bind(
        &[plain(KeyCode::Enter), plain(KeyCode::Down)],
        Action::KeepFilter,
        "keep the filter, back to the rows",
        Some("keep filter"),
    ),
    GRID_FAST[6],
];

const TEXT_EDITING: &[Binding] = &[
    bind(
        &[plain(KeyCode::Left)],
        Action::CursorLeft,
        "cursor left",
        None,
    ),
    bind(
        &[plain(KeyCode::Right)],
        Action::CursorRight,
        "cursor right",
        None,
    ),
    bind(
        &[Key::ctrl_code(KeyCode::Left)],
        Action::WordLeft,
        "a word left",
        None,
    ),
    bind(
        &[Key::ctrl_code(KeyCode::Right)],
        Action::WordRight,
        "a word right",
        None,
    ),
    bind(
        &[plain(KeyCode::Home)],
        Action::LineStart,
        "to the start",
        None,
    ),
    bind(&[plain(KeyCode::End)], Action::LineEnd, "to the end", None),
    bind(
        &[plain(KeyCode::Backspace)],
        Action::DeleteBack,
        "delete before the cursor",
        None,
    ),
    bind(
        &[plain(KeyCode::Delete)],
        Action::DeleteForward,
        "delete after the cursor",
        None,
    ),
    bind(
        &[Key::ctrl('u')],
        Action::DeleteToStart,
        "delete to the start",
        None,
    ),
    bind(
        &[Key::ctrl('k')],
        Action::DeleteToEnd,
        "delete to the end",
        None,
    ),
    bind(
        &[Key::ctrl('w')],
        Action::DeleteWordBack,
        "delete the word before",
        None,
    ),
];

const TEXT_FIELD: &[Binding] = &[
    EXTERNAL_EDIT,
    bind(
        &[plain(KeyCode::Enter)],
        Action::NextField,
        "next field",
        None,
    ),
    bind(&[Key::ctrl('z')], Action::Undo, "undo", Some("undo")),
    bind(&[Key::ctrl('y')], Action::Redo, "redo", Some("redo")),
];

const TAGS: &[Binding] = &[
    EXTERNAL_EDIT,
    bind(
        &[plain(KeyCode::Enter), Key::ch(',')],
        Action::AddTag,
        "add the typed tag",
        Some("add tag"),
    ),
    bind(
        &[plain(KeyCode::Left)],
        Action::ChipLeft,
        "select the last chip (input empty)",
        Some("chips"),
    ),
    bind(
        &[plain(KeyCode::Backspace)],
        Action::TagBackspace,
        "delete a character; on an empty input select the last chip",
        None,
    ),
    bind(
        &[Key::ctrl('z')],
        Action::Undo,
        "undo typing, then put back removed chips",
        None,
    ),
    bind(&[Key::ctrl('y')], Action::Redo, "redo typing", None),
];

const CHIP_SELECTED: &[Binding] = &[
    bind(
        &[plain(KeyCode::Left)],
        Action::ChipLeft,
        "previous chip",
        Some("chip"),
    ),
    bind(
        &[plain(KeyCode::Right)],
        Action::ChipRight,
        "next chip; past the last, back to the input",
        Some("chip"),
    ),
    bind(
        &[plain(KeyCode::Delete), plain(KeyCode::Backspace)],
        Action::RemoveChip,
        "remove the selected chip",
        Some("remove"),
    ),
    bind(&[Key::ch('?')], Action::Help, "help", None),
    bind(
        &[Key::ctrl('z')],
        Action::Undo,
        "put back the last removed chip",
        Some("undo"),
    ),
];

const GRID: &[Binding] = &[
    EXTERNAL_EDIT,
    bind(
        &[plain(KeyCode::Up)],
        Action::RowUp,
        "previous row",
        Some("move"),
    ),
    bind(
        &[plain(KeyCode::Down)],
        Action::RowDown,
        "next row",
        Some("move"),
    ),
    bind(
        &[plain(KeyCode::Left)],
        Action::CellLeft,
        "key column",
        Some("move"),
    ),
    bind(
        &[plain(KeyCode::Right)],
        Action::CellRight,
        "value column",
        Some("move"),
    ),
    bind(
        &[plain(KeyCode::Enter)],
        Action::EditCell,
        "edit the selected cell",
        Some("edit"),
    ),
    bind(
        &[Key::ctrl('n'), plain(KeyCode::Insert)],
        Action::AddRow,
        "add a row",
        Some("add"),
    ),
    bind(
        &[plain(KeyCode::Delete)],
        Action::DeleteRow,
        "delete the selected row",
        Some("delete"),
    ),
    bind(
        &[Key::ctrl('t')],
        Action::CycleType,
        "change the value's type: text, number, true/false",
        Some("type"),
    ),
    bind(&[Key::ch('?')], Action::Help, "help", None),
    GRID_FAST[0],
    GRID_FAST[1],
    GRID_FAST[2],
    GRID_FAST[3],
    GRID_FAST[4],
    GRID_FAST[5],
];

const GRID_EDITING: &[Binding] = &[
    EXTERNAL_EDIT,
    bind(
        &[plain(KeyCode::Enter)],
        Action::CommitCell,
        "keep the edit",
        Some("keep"),
    ),
    bind(
        &[plain(KeyCode::Esc)],
        Action::CancelCell,
        "cancel the edit",
        Some("cancel"),
    ),
    bind(&[Key::ctrl('z')], Action::Undo, "undo", None),
    bind(&[Key::ctrl('y')], Action::Redo, "redo", None),
];

const CONSENT: &[Binding] = &[bind(
    &[plain(KeyCode::Enter), Key::ch(' ')],
    Action::OpenChoices,
    "show the values you can choose",
    Some("choose"),
)];

const CHOOSING: &[Binding] = &[
    bind(
        &[plain(KeyCode::Up)],
        Action::ChoiceUp,
        "previous value",
        Some("pick"),
    ),
    bind(
        &[plain(KeyCode::Down)],
        Action::ChoiceDown,
        "next value",
        Some("pick"),
    ),
    bind(
        &[plain(KeyCode::Enter)],
        Action::KeepChoice,
        "keep the highlighted value",
        Some("keep"),
    ),
    bind(
        &[plain(KeyCode::Esc)],
        Action::CancelChoice,
        "close, keeping the value as it was",
        Some("cancel"),
    ),
];

const REVIEW: &[Binding] = &[
    bind(
        &[plain(KeyCode::Enter), Key::ch('y')],
        Action::Confirm,
        "send the request",
        Some("send"),
    ),
    bind(
        &[plain(KeyCode::Esc), Key::ch('n')],
        Action::Cancel,
        "back to editing",
        Some("back to editing"),
    ),
    bind(
        &[Key::ch('w')],
        Action::SendWelcomeSms,
        "let Privy send the welcome SMS (when SMS consent becomes Subscribed)",
        Some("send welcome SMS"),
    ),
    bind(
        &[Key::ch('x')],
        Action::NoWelcomeSms,
        "no welcome SMS: consent was collected elsewhere",
        Some("no welcome SMS"),
    ),
    bind(
        &[plain(KeyCode::Tab)],
        Action::ToggleReview,
        "switch between the summary and the exact request",
        Some("summary/request"),
    ),
    SCROLLING[0],
    SCROLLING[1],
    SCROLLING[2],
    SCROLLING[3],
];

const CONFLICTS: &[Binding] = &[
    bind(
        &[Key::ch('m'), plain(KeyCode::Left)],
        Action::TakeMine,
        "keep my value for the selected item",
        Some("mine"),
    ),
    bind(
        &[Key::ch('t'), plain(KeyCode::Right)],
        Action::TakeTheirs,
        "take the server's value for the selected item",
        Some("theirs"),
    ),
    bind(
        &[plain(KeyCode::Up)],
        Action::RowUp,
        "previous item",
        Some("item"),
    ),
    bind(
        &[plain(KeyCode::Down)],
        Action::RowDown,
        "next item",
        Some("item"),
    ),
    bind(
        &[plain(KeyCode::Enter)],
        Action::Confirm,
        "continue to the review (every item chosen)",
        Some("review"),
    ),
    bind(
        &[plain(KeyCode::Esc)],
        Action::Cancel,
        "back to editing; nothing is sent",
        Some("back"),
    ),
];

const CONFIRM: &[Binding] = &[
    bind(&[Key::ch('y')], Action::Confirm, "yes", Some("yes")),
    bind(
        &[Key::ch('n'), plain(KeyCode::Esc)],
        Action::Cancel,
        "no, stay",
        Some("no, stay"),
    ),
];

const HELP: &[Binding] = &[
    bind(
        &[plain(KeyCode::Esc), plain(KeyCode::F(1)), Key::ch('?')],
        Action::CloseHelp,
        "close help",
        Some("close"),
    ),
    SCROLLING[0],
    SCROLLING[1],
    SCROLLING[2],
    SCROLLING[3],
];

const LOAD_FAILED: &[Binding] = &[
    bind(
        &[plain(KeyCode::F(5))],
        Action::Reload,
        "try again",
        Some("try again"),
    ),
    bind(
        &[plain(KeyCode::F(1)), Key::ch('?')],
        Action::Help,
        "help",
        Some("help"),
    ),
    bind(QUIT_KEYS, Action::Quit, "quit", Some("quit")),
    OPEN_CONTACT,
];

const LOADING: &[Binding] = &[
    bind(
        &[plain(KeyCode::Esc)],
        Action::Cancel,
        "stop waiting for the server",
        Some("stop waiting"),
    ),
    bind(QUIT_KEYS, Action::Quit, "quit", Some("quit")),
];

const RESTORE_DRAFT: &[Binding] = &[
    bind(
        &[plain(KeyCode::Enter)],
        Action::Confirm,
        "restore the unsaved edits onto the contact as it is now",
        Some("restore"),
    ),
    bind(
        &[Key::ch('d')],
        Action::DiscardDraft,
        "discard the unsaved edits",
        Some("discard"),
    ),
];

// Opening another contact without restarting.
const OPEN_CONTACT: Binding = bind(
    &[Key::ctrl('o')],
    Action::OpenContact,
    "open another contact (id, email or phone)",
    None,
);

const LIST_MOVES: [Binding; 2] = [
    bind(
        &[plain(KeyCode::Up)],
        Action::RowUp,
        "previous",
        Some("pick"),
    ),
    bind(
        &[plain(KeyCode::Down)],
        Action::RowDown,
        "next",
        Some("pick"),
    ),
];

/// Esc in the open prompt and the picker.
const CLOSE_KEEPING_CONTACT: Binding = bind(
    &[plain(KeyCode::Esc)],
    Action::Cancel,
    "close; the contact stays open",
    Some("cancel"),
);

const OPEN_PROMPT: &[Binding] = &[
    bind(
        &[plain(KeyCode::Enter)],
        Action::Confirm,
        "open what was typed, or the highlighted recent contact",
        Some("open"),
    ),
    LIST_MOVES[0],
    LIST_MOVES[1],
    CLOSE_KEEPING_CONTACT,
];

const PICKER: &[Binding] = &[
    bind(
        &[plain(KeyCode::Enter)],
        Action::Confirm,
        "open the highlighted contact (type to filter)",
        Some("open"),
    ),
    LIST_MOVES[0],
    LIST_MOVES[1],
    CLOSE_KEEPING_CONTACT,
];

const CONFIRM_SWITCH: &[Binding] = &[
    bind(
        &[Key::ch('s')],
        Action::SaveThenSwitch,
        "save the edits first, then open the other contact",
        Some("save first"),
    ),
    bind(
        &[Key::ch('d')],
        Action::SwitchKeepingDraft,
        "open it now; the edits stay in a draft",
        Some("keep as draft"),
    ),
    bind(
        &[plain(KeyCode::Esc), Key::ch('n')],
        Action::Cancel,
        "stay on this contact",
        Some("stay"),
    ),
];

/// Every context, in the help screen's order.
pub const ALL_CONTEXTS: [Context; 20] = [
    Context::Global,
    Context::TextEditing,
    Context::TextField,
    Context::Tags,
    Context::ChipSelected,
    Context::Grid,
    Context::GridEditing,
    Context::GridFilter,
    Context::Consent,
    Context::Choosing,
    Context::Review,
    Context::Conflicts,
    Context::Confirm,
    Context::RestoreDraft,
    Context::OpenPrompt,
    Context::Picker,
    Context::ConfirmSwitch,
    Context::Help,
    Context::LoadFailed,
    Context::Loading,
];

fn default_bindings(context: Context) -> &'static [Binding] {
    match context {
        Context::Global => GLOBAL,
        Context::TextEditing => TEXT_EDITING,
        Context::TextField => TEXT_FIELD,
        Context::Tags => TAGS,
        Context::ChipSelected => CHIP_SELECTED,
        Context::Grid => GRID,
        Context::GridEditing => GRID_EDITING,
        Context::Consent => CONSENT,
        Context::Choosing => CHOOSING,
        Context::Review => REVIEW,
        Context::Conflicts => CONFLICTS,
        Context::Confirm => CONFIRM,
        Context::Help => HELP,
        Context::LoadFailed => LOAD_FAILED,
        Context::Loading => LOADING,
        Context::RestoreDraft => RESTORE_DRAFT,
        Context::GridFilter => GRID_FILTER,
        Context::OpenPrompt => OPEN_PROMPT,
        Context::Picker => PICKER,
        Context::ConfirmSwitch => CONFIRM_SWITCH,
    }
}

/// Help rows that are not keys: typing and the mouse.
const TEXT_EDITING_NOTES: &[(&str, &str)] = &[
    (
        "type",
        "insert text (a paste keeps its text, line breaks become spaces)",
    ),
    (
        "mouse click",
        "focus the field (or select the chip) under the pointer",
    ),
];

/// One binding in a keymap, after any remapping.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyBinding {
    pub keys: Vec<Key>,
    pub action: Action,
    pub description: &'static str,
    pub footer: Option<&'static str>,
}

/// A footer hint: the first key of a binding and its short label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub keys: String,
    pub label: &'static str,
    pub action: Action,
}

/// The bindings in force: the defaults, with the user's remappings applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    contexts: Vec<(Context, Vec<KeyBinding>)>,
}

impl Default for Keymap {
    fn default() -> Self {
        let contexts = ALL_CONTEXTS
            .iter()
            .map(|c| {
                let bindings = default_bindings(*c)
                    .iter()
                    .map(|b| KeyBinding {
                        keys: b.keys.to_vec(),
                        action: b.action,
                        description: b.description,
                        footer: b.footer,
                    })
                    .collect();
                (*c, bindings)
            })
            .collect();
        Self { contexts }
    }
}

impl Keymap {
    pub fn bindings(&self, context: Context) -> &[KeyBinding] {
        self.contexts
            .iter()
            .find(|(c, _)| *c == context)
            .map_or(&[], |(_, b)| b.as_slice())
    }

    /// Gives `action` these keys wherever it is bound.
    pub fn remap(&mut self, action: Action, keys: &[Key]) {
        for (_, bindings) in &mut self.contexts {
            for binding in bindings.iter_mut().filter(|b| b.action == action) {
                binding.keys = keys.to_vec();
            }
        }
    }

    /// Keys that quit from anywhere; checked before any widget sees the key.
    pub fn is_force_quit(&self, key: Key) -> bool {
        self.bindings(Context::Global)
            .iter()
            .any(|b| b.action == Action::Quit && b.keys.contains(&key))
    }

    /// The first action bound to `key` in the active contexts, innermost first.
    pub fn resolve(&self, contexts: &[Context], key: Key) -> Option<Action> {
        contexts
            .iter()
            .flat_map(|c| self.bindings(*c))
            .find(|b| b.keys.contains(&key))
            .map(|b| b.action)
    }

    /// The keys for `action` in `context`, written as on screen and joined
    /// by `/` (`Enter/y`); empty when the action has no key there.
    pub fn keys_for(&self, context: Context, action: Action) -> String {
        self.bindings(context)
            .iter()
            .find(|b| b.action == action)
            .map(|b| b.keys.iter().map(Key::label).collect::<Vec<_>>().join("/"))
            .unwrap_or_default()
    }

    /// The first key for `action` in `context`, as on screen.
    pub fn key_for(&self, context: Context, action: Action) -> String {
        self.bindings(context)
            .iter()
            .find(|b| b.action == action)
            .and_then(|b| b.keys.first())
            .map(Key::label)
            .unwrap_or_default()
    }

    /// Footer hints for the active contexts, innermost first.
    pub fn footer_hints(&self, contexts: &[Context]) -> Vec<Hint> {
        let mut hints: Vec<Hint> = Vec::new();
        for binding in contexts.iter().flat_map(|c| self.bindings(*c)) {
            let Some(label) = binding.footer else {
                continue;
            };
            // The footer names the first key; help lists them all.
            let Some(keys) = binding.keys.first().map(Key::label) else {
                continue;
            };
            // Adjacent bindings with one label (↑ ↓ ← → move) share a hint.
            if let Some(last) = hints.last_mut()
                && last.label == label
            {
                last.keys.push_str(&keys);
                continue;
            }
            if !hints.iter().any(|h| h.keys == keys) {
                hints.push(Hint {
                    keys,
                    label,
                    action: binding.action,
                });
            }
        }
        hints
    }

    /// The help screen: every context with its bindings, `(keys, description)`.
    pub fn help_sections(&self) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
        ALL_CONTEXTS
            .iter()
            .filter(|c| **c != Context::Loading)
            .map(|c| {
                let mut rows: Vec<(String, &'static str)> = self
                    .bindings(*c)
                    .iter()
                    .map(|b| {
                        let keys = b.keys.iter().map(Key::label).collect::<Vec<_>>();
                        (keys.join(" / "), b.description)
                    })
                    .collect();
                if *c == Context::TextEditing {
                    rows.extend(TEXT_EDITING_NOTES.iter().map(|(k, d)| (k.to_string(), *d)));
                }
                (c.title(), rows)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    #[test]
    fn inner_context_wins() {
        let esc = Key::plain(KeyCode::Esc);
        let keymap = Keymap::default();
        assert_eq!(
            keymap.resolve(&[Context::GridEditing, Context::Global], esc),
            Some(Action::CancelCell)
        );
        assert_eq!(
            keymap.resolve(&[Context::Grid, Context::Global], esc),
            Some(Action::DismissMessage)
        );
        assert_eq!(
            keymap.resolve(&[Context::TextField, Context::Global], Key::ch('x')),
            None
        );
        let left = Key::plain(KeyCode::Left);
        let tags = [Context::Tags, Context::TextEditing, Context::Global];
        assert_eq!(keymap.resolve(&tags, left), Some(Action::ChipLeft));
        let field = [Context::TextField, Context::TextEditing, Context::Global];
        assert_eq!(keymap.resolve(&field, left), Some(Action::CursorLeft));
        let word = Key {
            code: KeyCode::Left,
            modifiers: KeyModifiers::CONTROL,
        };
        assert_eq!(keymap.resolve(&field, word), Some(Action::WordLeft));
    }

    #[test]
    fn footer_comes_from_the_bindings() {
        let hints = Keymap::default().footer_hints(&[Context::Grid, Context::Global]);
        let has =
            |keys: &str, label: &str| hints.iter().any(|h| h.keys == keys && h.label == label);
        assert!(has("Ctrl-N", "add"));
        assert!(has("Ctrl-S", "save"));
        assert!(has("↑↓←→", "move"));
    }

    #[test]
    fn keys_are_named_from_the_table() {
        let keymap = Keymap::default();
        assert_eq!(keymap.keys_for(Context::Review, Action::Confirm), "Enter/y");
        assert_eq!(keymap.key_for(Context::Global, Action::Quit), "Ctrl-Q");
        assert_eq!(keymap.key_for(Context::Grid, Action::Save), "");
    }

    #[test]
    fn help_lists_every_binding() {
        let text: String = Keymap::default()
            .help_sections()
            .iter()
            .flat_map(|(_, rows)| rows.iter().map(|(k, d)| format!("{k} {d}\n")))
            .collect();
        for key in [
            "Ctrl-S",
            "Ctrl-Q / Ctrl-C",
            "F5",
            "Ctrl-N / Insert",
            "Shift-Tab",
            "Enter / ,",
            "Ctrl-U",
            "Ctrl-←",
        ] {
            assert!(text.contains(key), "{key} missing from help");
        }
    }
}
