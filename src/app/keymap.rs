//! Every key binding, per context. The same table dispatches keys, fills the
//! footer and writes the help screen, so help never lies.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key with its modifiers, normalised (Shift is folded into characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            modifiers: KeyModifiers::NONE,
        }
    }
    pub const fn ch(c: char) -> Self {
        Self::plain(KeyCode::Char(c))
    }
    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::CONTROL,
        }
    }

    pub fn from_event(event: &KeyEvent) -> Self {
        let mut modifiers =
            event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match event.code {
            // Terminals report Shift-Tab as BackTab, with or without SHIFT.
            KeyCode::BackTab => {
                modifiers = KeyModifiers::NONE;
                KeyCode::BackTab
            }
            KeyCode::Char(c) => {
                modifiers -= KeyModifiers::SHIFT;
                if modifiers.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            other => other,
        };
        Self { code, modifiers }
    }

    /// How the key is written in the footer and help.
    pub fn label(&self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_ascii_uppercase().to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Delete".into(),
            KeyCode::Insert => "Insert".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            other => format!("{other:?}"),
        };
        let plain_char = matches!(self.code, KeyCode::Char(_)) && self.modifiers.is_empty();
        let mut label = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            label.push_str("Ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            label.push_str("Alt-");
        }
        if plain_char {
            // Typed characters are shown as typed: `y`, `,`, `?`.
            if let KeyCode::Char(c) = self.code {
                return c.to_string();
            }
        }
        label + &name
    }
}

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
    Undo,
    Redo,
    AddTag,
    ChipLeft,
    ChipRight,
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
}

/// Where the keyboard is: decides which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    TextField,
    Tags,
    ChipSelected,
    Grid,
    GridEditing,
    Review,
    Confirm,
    Help,
    LoadFailed,
    Loading,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Anywhere in the form",
            Context::TextField => "Text fields",
            Context::Tags => "Tags (new-tag input)",
            Context::ChipSelected => "Tags (a chip selected)",
            Context::Grid => "Custom fields",
            Context::GridEditing => "Custom fields (editing a cell)",
            Context::Review => "Review before saving",
            Context::Confirm => "Questions",
            Context::Help => "Help",
            Context::LoadFailed => "Error page",
            Context::Loading => "Loading",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub description: &'static str,
    /// Shown in the footer (short label) when the context is active.
    pub footer: Option<&'static str>,
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

const QUIT_KEYS: &[Key] = &[Key::ctrl('q'), Key::ctrl('c')];

/// Shared by every context that edits a value.
const EXTERNAL_EDIT: Binding = bind(
    &[Key::ctrl('e')],
    Action::ExternalEdit,
    "edit the value in $EDITOR (or $VISUAL)",
    None,
);

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
        &[Key::plain(KeyCode::Tab)],
        Action::NextField,
        "next field",
        Some("next"),
    ),
    bind(
        &[Key::plain(KeyCode::BackTab)],
        Action::PrevField,
        "previous field",
        Some("prev"),
    ),
    bind(
        &[Key::plain(KeyCode::F(5))],
        Action::Reload,
        "reload from the server",
        Some("reload"),
    ),
    bind(
        &[Key::plain(KeyCode::F(1))],
        Action::Help,
        "help: every key",
        Some("help"),
    ),
    bind(
        &[Key::plain(KeyCode::Esc)],
        Action::DismissMessage,
        "dismiss the message",
        None,
    ),
];

const TEXT_FIELD: &[Binding] = &[
    EXTERNAL_EDIT,
    bind(
        &[Key::plain(KeyCode::Enter)],
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
        &[Key::plain(KeyCode::Enter), Key::ch(',')],
        Action::AddTag,
        "add the typed tag",
        Some("add tag"),
    ),
    bind(
        &[Key::plain(KeyCode::Left)],
        Action::ChipLeft,
        "select the last chip (input empty)",
        Some("chips"),
    ),
    bind(
        &[Key::plain(KeyCode::Backspace)],
        Action::RemoveChip,
        "delete a character; on an empty input select the last chip",
        None,
    ),
];

const CHIP_SELECTED: &[Binding] = &[
    bind(
        &[Key::plain(KeyCode::Left)],
        Action::ChipLeft,
        "previous chip",
        Some("chip"),
    ),
    bind(
        &[Key::plain(KeyCode::Right)],
        Action::ChipRight,
        "next chip; past the last, back to the input",
        Some("chip"),
    ),
    bind(
        &[Key::plain(KeyCode::Delete), Key::plain(KeyCode::Backspace)],
        Action::RemoveChip,
        "remove the selected chip",
        Some("remove"),
    ),
    bind(&[Key::ch('?')], Action::Help, "help", None),
];

const GRID: &[Binding] = &[
    EXTERNAL_EDIT,
    bind(
        &[Key::plain(KeyCode::Up)],
        Action::RowUp,
        "previous row",
        Some("move"),
    ),
    bind(
        &[Key::plain(KeyCode::Down)],
        Action::RowDown,
        "next row",
        Some("move"),
    ),
    bind(
        &[Key::plain(KeyCode::Left)],
        Action::CellLeft,
        "key column",
        Some("move"),
    ),
    bind(
        &[Key::plain(KeyCode::Right)],
        Action::CellRight,
        "value column",
        Some("move"),
    ),
    bind(
        &[Key::plain(KeyCode::Enter)],
        Action::EditCell,
        "edit the selected cell",
        Some("edit"),
    ),
    bind(
        &[Key::ctrl('n'), Key::plain(KeyCode::Insert)],
        Action::AddRow,
        "add a row",
        Some("add"),
    ),
    bind(
        &[Key::plain(KeyCode::Delete)],
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
];

const GRID_EDITING: &[Binding] = &[
    EXTERNAL_EDIT,
    bind(
        &[Key::plain(KeyCode::Enter)],
        Action::CommitCell,
        "keep the edit",
        Some("keep"),
    ),
    bind(
        &[Key::plain(KeyCode::Esc)],
        Action::CancelCell,
        "cancel the edit",
        Some("cancel"),
    ),
    bind(&[Key::ctrl('z')], Action::Undo, "undo", None),
    bind(&[Key::ctrl('y')], Action::Redo, "redo", None),
];

const REVIEW: &[Binding] = &[
    bind(
        &[Key::plain(KeyCode::Enter), Key::ch('y')],
        Action::Confirm,
        "send the request",
        Some("send"),
    ),
    bind(
        &[Key::plain(KeyCode::Esc), Key::ch('n')],
        Action::Cancel,
        "back to editing",
        Some("cancel"),
    ),
];

const CONFIRM: &[Binding] = &[
    bind(&[Key::ch('y')], Action::Confirm, "yes", Some("yes")),
    bind(
        &[Key::ch('n'), Key::plain(KeyCode::Esc)],
        Action::Cancel,
        "no, stay",
        Some("no"),
    ),
];

const HELP: &[Binding] = &[bind(
    &[
        Key::plain(KeyCode::Esc),
        Key::plain(KeyCode::F(1)),
        Key::ch('?'),
    ],
    Action::CloseHelp,
    "close help",
    Some("close"),
)];

const LOAD_FAILED: &[Binding] = &[
    bind(
        &[Key::plain(KeyCode::F(5))],
        Action::Reload,
        "try again",
        Some("retry"),
    ),
    bind(
        &[Key::plain(KeyCode::F(1)), Key::ch('?')],
        Action::Help,
        "help",
        Some("help"),
    ),
    bind(QUIT_KEYS, Action::Quit, "quit", Some("quit")),
];

const LOADING: &[Binding] = &[bind(QUIT_KEYS, Action::Quit, "quit", Some("quit"))];

fn default_bindings(context: Context) -> &'static [Binding] {
    match context {
        Context::Global => GLOBAL,
        Context::TextField => TEXT_FIELD,
        Context::Tags => TAGS,
        Context::ChipSelected => CHIP_SELECTED,
        Context::Grid => GRID,
        Context::GridEditing => GRID_EDITING,
        Context::Review => REVIEW,
        Context::Confirm => CONFIRM,
        Context::Help => HELP,
        Context::LoadFailed => LOAD_FAILED,
        Context::Loading => LOADING,
    }
}

const ALL_CONTEXTS: [Context; 11] = [
    Context::Global,
    Context::TextField,
    Context::Tags,
    Context::ChipSelected,
    Context::Grid,
    Context::GridEditing,
    Context::Review,
    Context::Confirm,
    Context::Help,
    Context::LoadFailed,
    Context::Loading,
];

/// One binding in a keymap, after any remapping.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyBinding {
    pub keys: Vec<Key>,
    pub action: Action,
    pub description: &'static str,
    pub footer: Option<&'static str>,
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

    /// Footer hints for the active contexts: `(key, label)`.
    pub fn footer_hints(&self, contexts: &[Context]) -> Vec<(String, &'static str)> {
        let mut hints: Vec<(String, &'static str)> = Vec::new();
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
                && last.1 == label
            {
                last.0 = format!("{}{}", last.0, keys);
                continue;
            }
            if !hints.iter().any(|(k, _)| *k == keys) {
                hints.push((keys, label));
            }
        }
        hints
    }

    /// The help screen: every context with its bindings.
    pub fn help_sections(&self) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
        let shown = ALL_CONTEXTS.iter().filter(|c| **c != Context::Loading);
        let mut sections: Vec<(&'static str, Vec<(String, &'static str)>)> = shown
            .map(|c| {
                let rows = self
                    .bindings(*c)
                    .iter()
                    .map(|b| {
                        let keys = b.keys.iter().map(Key::label).collect::<Vec<_>>();
                        (keys.join(" / "), b.description)
                    })
                    .collect();
                (c.title(), rows)
            })
            .collect();
        sections.insert(
            2,
            (
                "Editing text",
                TEXT_EDITING_HELP
                    .iter()
                    .map(|(k, d)| (k.to_string(), *d))
                    .collect(),
            ),
        );
        sections
    }
}

/// Keys every text input understands (handled by the input itself).
pub const TEXT_EDITING_HELP: &[(&str, &str)] = &[
    (
        "type",
        "insert text (a paste keeps its text, line breaks become spaces)",
    ),
    ("←/→ Home/End", "move the cursor; Ctrl-←/→ by word"),
    ("Backspace/Delete", "delete before / after the cursor"),
    (
        "Ctrl-U / Ctrl-K / Ctrl-W",
        "delete to start / to end / the word before",
    ),
    (
        "mouse click",
        "focus the field (or select the chip) under the pointer",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_tab_and_ctrl_letters_normalise() {
        let back = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&back), Key::plain(KeyCode::BackTab));
        let ctrl_s = KeyEvent::new(
            KeyCode::Char('S'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT,
        );
        assert_eq!(Key::from_event(&ctrl_s), Key::ctrl('s'));
        let question = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&question), Key::ch('?'));
    }

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
    }

    #[test]
    fn footer_comes_from_the_bindings() {
        let hints = Keymap::default().footer_hints(&[Context::Grid, Context::Global]);
        assert!(hints.contains(&("Ctrl-N".to_string(), "add")));
        assert!(hints.contains(&("Ctrl-S".to_string(), "save")));
        assert!(hints.contains(&("↑↓←→".to_string(), "move")));
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
        ] {
            assert!(text.contains(key), "{key} missing from help");
        }
    }
}
