//! Colours and marks. Every state also has a mark or a word, so nothing
//! relies on colour alone.

use crate::app::Tone;
use ratatui::style::{Color, Modifier, Style};

pub const CHANGED_MARK: &str = "●";
pub const ERROR_MARK: &str = "✗";
pub const LOCK_MARK: &str = "🔒";
pub const FOCUS_MARK: &str = "▸";
pub const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

pub fn label() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}
pub fn focused_label() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}
pub fn input() -> Style {
    Style::new().bg(Color::Rgb(40, 40, 48))
}
pub fn focused_input() -> Style {
    Style::new().bg(Color::Rgb(30, 50, 90))
}
pub fn locked() -> Style {
    Style::new().fg(Color::Gray).add_modifier(Modifier::DIM)
}
pub fn changed() -> Style {
    Style::new().fg(Color::Yellow)
}
pub fn error() -> Style {
    Style::new().fg(Color::LightRed)
}
pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}
pub fn chip() -> Style {
    Style::new().bg(Color::Rgb(60, 60, 80))
}
pub fn selected() -> Style {
    Style::new().bg(Color::Cyan).fg(Color::Black)
}
pub fn key_hint() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}
pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn tone(tone: Tone) -> Style {
    match tone {
        Tone::Info => Style::new(),
        Tone::Success => Style::new().fg(Color::LightGreen),
        Tone::Warning => Style::new().fg(Color::Yellow),
        Tone::Error => Style::new()
            .fg(Color::LightRed)
            .add_modifier(Modifier::BOLD),
    }
}
