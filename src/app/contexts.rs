//! Which key contexts are in force, and which actions work right now. Next
//! to the keymap: dispatch, the footer and the help all ask here.

use super::keymap::{Action, Context};
use super::model::{Model, Popup, Screen};
use super::switch::SwitchPopup;
use crate::contact::FieldId;
use crate::contact::consent::WelcomeSms;

/// Every chain of contexts searched together, innermost first. A key may
/// mean only one thing in each chain (the key-file check walks these).
pub const CHAINS: &[&[Context]] = &[
    &[Context::TextField, Context::TextEditing, Context::Global],
    &[Context::Tags, Context::TextEditing, Context::Global],
    &[Context::ChipSelected, Context::TextEditing, Context::Global],
    &[Context::Grid, Context::Global],
    &[Context::GridEditing, Context::TextEditing, Context::Global],
    &[Context::GridFilter, Context::TextEditing, Context::Global],
    &[Context::Consent, Context::Global],
    &[Context::Choosing, Context::Global],
    &[Context::Review],
    &[Context::Conflicts],
    &[Context::Confirm],
    &[Context::RestoreDraft],
    &[Context::OpenPrompt, Context::TextEditing],
    &[Context::Picker, Context::TextEditing],
    &[Context::ConfirmSwitch],
    &[Context::Help],
    &[Context::LoadFailed],
    &[Context::Loading],
];

/// Contexts where plain characters are text being typed.
pub const TYPING: &[Context] = &[
    Context::Global,
    Context::TextEditing,
    Context::TextField,
    Context::Tags,
    Context::ChipSelected,
    Context::GridEditing,
    Context::GridFilter,
    Context::OpenPrompt,
    Context::Picker,
];

/// The key contexts in force, innermost first.
pub fn active_contexts(model: &Model) -> &'static [Context] {
    let innermost = match (&model.popup, &model.screen) {
        (Some(Popup::Review { .. }), _) => Context::Review,
        (Some(Popup::Conflicts(_)), _) => Context::Conflicts,
        (Some(Popup::ConfirmQuit | Popup::ConfirmReload), _) => Context::Confirm,
        (Some(Popup::Help { .. }), _) => Context::Help,
        (Some(Popup::RestoreDraft), _) => Context::RestoreDraft,
        (Some(Popup::Switch(popup)), _) => match **popup {
            SwitchPopup::Prompt(_) => Context::OpenPrompt,
            SwitchPopup::Picker(_) => Context::Picker,
            SwitchPopup::Confirm { .. } => Context::ConfirmSwitch,
        },
        (None, Screen::Loading) => Context::Loading,
        (None, Screen::Failed(_)) => Context::LoadFailed,
        (None, Screen::Editing(form)) => match form.focus() {
            FieldId::Tags if form.tags().selected.is_some() => Context::ChipSelected,
            FieldId::Tags => Context::Tags,
            FieldId::CustomFields if form.grid().editing.is_some() => Context::GridEditing,
            FieldId::CustomFields if form.grid().filter.as_ref().is_some_and(|f| f.typing) => {
                Context::GridFilter
            }
            FieldId::CustomFields => Context::Grid,
            FieldId::EmailConsent | FieldId::SmsConsent if form.choosing().is_some() => {
                Context::Choosing
            }
            FieldId::EmailConsent | FieldId::SmsConsent => Context::Consent,
            _ => Context::TextField,
        },
    };
    CHAINS
        .iter()
        .find(|chain| chain.first() == Some(&innermost))
        .copied()
        .unwrap_or(&[])
}

/// Whether `action` does something now. While a request is in flight the
/// form waits for the answer, so only quitting, help and dismissing work.
pub fn is_available(model: &Model, action: Action) -> bool {
    if let Some(Popup::Review { welcome, .. }) = &model.popup {
        // The welcome question is offered only when asked, and sending
        // only once it is answered.
        return match action {
            Action::SendWelcomeSms | Action::NoWelcomeSms => welcome.is_some(),
            Action::Confirm => *welcome != Some(WelcomeSms::Undecided),
            _ => true,
        };
    }
    if model.popup.is_some() || !matches!(model.screen, Screen::Editing(_)) {
        return !(action == Action::Reload && model.loading);
    }
    !model.is_busy() || matches!(action, Action::Quit | Action::Help | Action::DismissMessage)
}

/// Where an action's key is named in messages about the form.
pub fn form_context_of(action: Action) -> Context {
    match action {
        Action::AddRow | Action::EditCell | Action::DeleteRow | Action::CycleType => Context::Grid,
        Action::CommitCell | Action::CancelCell => Context::GridEditing,
        _ => Context::Global,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_context_but_global_starts_one_chain() {
        for context in super::super::keymap::ALL_CONTEXTS {
            let starts = CHAINS
                .iter()
                .filter(|c| c.first() == Some(&context))
                .count();
            let expected = usize::from(!matches!(context, Context::Global | Context::TextEditing));
            assert_eq!(starts, expected, "{context:?}");
        }
    }
}
