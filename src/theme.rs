//! Colours and marks. Every state also has a mark, a word, bold or reverse
//! video, so nothing relies on colour alone: [`Theme::without_colour`] drops
//! every colour (for `NO_COLOR` and `--no-color`) and the screen still says
//! which field is focused, locked, changed or invalid, and what is selected.

use ratatui::style::{Modifier, Style};

pub const CHANGED_MARK: &str = "●";
pub const ERROR_MARK: &str = "✗";
pub const LOCK_MARK: &str = "🔒";
pub const FOCUS_MARK: &str = "▸";
pub const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

/// The themes a user can pick by name (`theme = "..."`, `--theme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    #[default]
    Default,
    HighContrast,
}

impl ThemeName {
    pub const ALL: [ThemeName; 2] = [ThemeName::Default, ThemeName::HighContrast];

    pub fn as_str(self) -> &'static str {
        match self {
            ThemeName::Default => "default",
            ThemeName::HighContrast => "high-contrast",
        }
    }

    /// The theme called `name`, or a message listing the known names.
    pub fn parse(name: &str) -> Result<ThemeName, String> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == name.trim())
            .ok_or_else(|| {
                format!("unknown theme \"{name}\"; known themes: default, high-contrast")
            })
    }
}

/// Every style the screen uses, one per state. A value, held by the
/// `Model`, so `view` stays a pure function of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub label: Style,
    pub focused_label: Style,
    pub input: Style,
    pub focused_input: Style,
    pub locked: Style,
    pub changed: Style,
    pub error: Style,
    pub dim: Style,
    pub chip: Style,
    /// A selected chip or grid cell (chips also get brackets).
    pub selected: Style,
    pub key_hint: Style,
    pub title: Style,
    pub success: Style,
    pub warning: Style,
    pub failure: Style,
    /// For the conflict view (a save that raced another edit); not drawn yet.
    pub conflict: Style,
}

impl Default for Theme {
    fn default() -> Self {
        Theme::standard()
    }
}

impl Theme {
    /// The theme for `name`, without colour when `colour` is false.
    pub fn named(name: ThemeName, colour: bool) -> Theme {
        let theme = match name {
            ThemeName::Default => Theme::standard(),
            ThemeName::HighContrast => Theme::high_contrast(),
        };
        if colour {
            theme
        } else {
            theme.without_colour()
        }
    }

    /// Reads on dark and light backgrounds alike: no background colours
    /// (inputs are underlined, selections reversed), and only foreground
    /// colours that keep their contrast on both (no yellow, cyan or grey).
    pub fn standard() -> Theme {
        use ratatui::style::Color::{Blue, Green, Magenta, Red};
        let bold = Modifier::BOLD;
        Theme {
            label: Style::new().add_modifier(bold),
            focused_label: Style::new().fg(Blue).add_modifier(bold),
            input: Style::new().add_modifier(Modifier::UNDERLINED),
            focused_input: Style::new().add_modifier(Modifier::REVERSED),
            locked: Style::new().add_modifier(Modifier::DIM),
            changed: Style::new().fg(Magenta),
            error: Style::new().fg(Red).add_modifier(bold),
            dim: Style::new().add_modifier(Modifier::DIM),
            chip: Style::new().fg(Blue).add_modifier(Modifier::UNDERLINED),
            selected: Style::new().add_modifier(Modifier::REVERSED | bold),
            key_hint: Style::new().fg(Blue).add_modifier(bold),
            title: Style::new().add_modifier(bold),
            success: Style::new().fg(Green),
            warning: Style::new().fg(Magenta).add_modifier(bold),
            failure: Style::new().fg(Red).add_modifier(bold),
            conflict: Style::new().fg(Red).add_modifier(Modifier::REVERSED | bold),
        }
    }

    /// Black on white or white on black for every state that has colour,
    /// and bold throughout: nothing dimmed, nothing left to a subtle hue.
    pub fn high_contrast() -> Theme {
        use ratatui::style::Color::{Black, LightGreen, Red, White, Yellow};
        let bold = Modifier::BOLD;
        let on = |fg, bg| Style::new().fg(fg).bg(bg).add_modifier(bold);
        Theme {
            label: Style::new().add_modifier(bold),
            focused_label: on(Black, Yellow),
            input: Style::new().add_modifier(Modifier::UNDERLINED),
            // Reversed: black on white, and still reversed without colour.
            focused_input: on(White, Black).add_modifier(Modifier::REVERSED),
            locked: Style::new().add_modifier(Modifier::ITALIC),
            changed: on(Black, Yellow),
            error: on(White, Red),
            dim: Style::new(),
            chip: Style::new().add_modifier(bold | Modifier::UNDERLINED),
            selected: on(Yellow, Black).add_modifier(Modifier::REVERSED),
            key_hint: on(Black, White),
            title: Style::new().add_modifier(bold | Modifier::UNDERLINED),
            success: on(Black, LightGreen),
            warning: on(Black, Yellow),
            failure: on(White, Red),
            conflict: on(White, Red).add_modifier(Modifier::REVERSED),
        }
    }

    /// The same theme with every colour removed: what is left are the
    /// modifiers (bold, reverse, underline) and the marks drawn as text.
    pub fn without_colour(self) -> Theme {
        let strip = |style: Style| Style {
            fg: None,
            bg: None,
            underline_color: None,
            ..style
        };
        Theme {
            label: strip(self.label),
            focused_label: strip(self.focused_label),
            input: strip(self.input),
            focused_input: strip(self.focused_input),
            locked: strip(self.locked),
            changed: strip(self.changed),
            error: strip(self.error),
            dim: strip(self.dim),
            chip: strip(self.chip),
            selected: strip(self.selected),
            key_hint: strip(self.key_hint),
            title: strip(self.title),
            success: strip(self.success),
            warning: strip(self.warning),
            failure: strip(self.failure),
            conflict: strip(self.conflict),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_typos_are_explained() {
        for name in ThemeName::ALL {
            assert_eq!(ThemeName::parse(name.as_str()), Ok(name));
        }
        let err = ThemeName::parse("dark").unwrap_err();
        assert!(err.contains("high-contrast"), "{err}");
    }

    #[test]
    fn without_colour_keeps_the_modifiers_that_carry_state() {
        for name in ThemeName::ALL {
            let plain = Theme::named(name, false);
            assert!(plain.selected.add_modifier.contains(Modifier::REVERSED));
            assert!(
                plain
                    .focused_input
                    .add_modifier
                    .contains(Modifier::REVERSED)
            );
            assert!(plain.focused_label.add_modifier.contains(Modifier::BOLD));
            assert_eq!(plain.changed.fg, None);
            assert_eq!(plain.error.bg, None);
        }
    }
}
