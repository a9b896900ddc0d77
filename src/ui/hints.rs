//! Key hints drawn in popups and pages, named from the keymap in force.

use crate::app::Model;
use crate::app::keymap::{Action, Context};
use ratatui::text::{Line, Span};

/// `Enter/y send   Esc/n back to editing`: each action's keys in `context`
/// and its footer label.
pub fn hint_line(model: &Model, context: Context, actions: &[Action]) -> Line<'static> {
    let theme = &model.theme;
    let mut spans = Vec::new();
    for binding in model.keymap.bindings(context) {
        if !actions.contains(&binding.action) {
            continue;
        }
        let keys = model.keymap.keys_for(context, binding.action);
        if keys.is_empty() {
            continue;
        }
        if !spans.is_empty() {
            spans.push(Span::raw("   "));
        }
        spans.push(Span::styled(keys, theme.key_hint));
        let label = binding.footer.unwrap_or(binding.description);
        spans.push(Span::raw(format!(" {label}")));
    }
    Line::from(spans)
}
