//! Everything on screen, and the messages and commands around `update`.

pub use super::form::ExternalTarget;
use super::form::Form;
use super::keymap::{Action, Context, Keymap};
use super::review::View as ReviewView;
use crate::api::{ApiError, RateLimit};
use crate::clock::Clock;
use crate::contact::consent::WelcomeSms;
use crate::contact::{Contact, Patch};
use crate::theme::Theme;
use crossterm::event::{KeyEvent, MouseEvent};
use std::sync::Arc;

/// Input to `update`: a terminal event or the result of a command.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Animation step while a request is running.
    Tick,
    Loaded(Result<Contact, ApiError>),
    Saved(Result<Contact, ApiError>),
    /// The text back from `$EDITOR`, or why it failed.
    ExternallyEdited(Result<String, String>),
    /// The API budget the latest response reported.
    RateLimit(RateLimit),
}

/// Output of `update`: work for the runtime.
// One per user action, never in a loop: a large variant costs nothing here.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    Fetch {
        id: String,
    },
    Save {
        id: String,
        patch: Patch,
    },
    /// Hand the terminal to `$EDITOR` with this text.
    EditExternally {
        text: String,
    },
    Quit {
        code: i32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Success,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub tone: Tone,
    /// The message is about problems in the form: it goes once they are fixed.
    pub until_valid: bool,
}

/// A failed load, explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorPage {
    pub title: String,
    pub lines: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum Screen {
    Loading,
    Failed(ErrorPage),
    Editing(Box<Form>),
}

/// A window over the form that takes the keys until closed.
// One per user action, never in a loop: a large variant costs nothing here.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Popup {
    /// `welcome` is the welcome-SMS question's answer, `None` when the
    /// patch would send no welcome SMS.
    /// `view`: the summary in words or the exact request (Tab switches).
    Review {
        patch: Patch,
        scroll: u16,
        welcome: Option<WelcomeSms>,
        view: ReviewView,
    },
    ConfirmQuit,
    ConfirmReload,
    Help {
        scroll: u16,
    },
}

#[derive(Debug, Clone)]
pub struct Model {
    pub contact_id: String,
    /// The URL being fetched, for the loading screen.
    pub source_url: String,
    /// `host[:port]`, for network error messages.
    pub host: String,
    pub screen: Screen,
    pub popup: Option<Popup>,
    pub status: Option<Status>,
    pub size: (u16, u16),
    pub spinner: usize,
    /// A PATCH is in flight; edits wait for it.
    pub saving: bool,
    /// A GET is in flight.
    pub loading: bool,
    /// An input waiting for text from `$EDITOR`.
    pub external: Option<ExternalTarget>,
    /// The key bindings in force (defaults plus the user's remappings).
    pub keymap: Arc<Keymap>,
    /// The API budget the latest response reported, if any.
    pub rate_limit: Option<RateLimit>,
    /// A contact was loaded at some point: quitting is then a success.
    pub ever_loaded: bool,
    /// The styles `view` draws with (the chosen theme, colourless under
    /// `NO_COLOR`).
    pub theme: Theme,
    /// "Now" and the user's time zone, for the details' times. The runtime
    /// sets it before drawing; `view` never reads the system clock.
    pub clock: Clock,
}

impl Model {
    pub fn new(contact_id: String, source_url: String, host: String, size: (u16, u16)) -> Self {
        Self {
            contact_id,
            source_url,
            host,
            screen: Screen::Loading,
            popup: None,
            status: None,
            size,
            spinner: 0,
            saving: false,
            loading: true,
            external: None,
            keymap: Arc::new(Keymap::default()),
            rate_limit: None,
            ever_loaded: false,
            theme: Theme::default(),
            clock: Clock::default(),
        }
    }

    pub fn form(&self) -> Option<&Form> {
        match &self.screen {
            Screen::Editing(form) => Some(form),
            _ => None,
        }
    }

    pub fn form_mut(&mut self) -> Option<&mut Form> {
        match &mut self.screen {
            Screen::Editing(form) => Some(form),
            _ => None,
        }
    }

    /// Whether something animates (the runtime ticks only then).
    pub fn is_busy(&self) -> bool {
        self.loading || self.saving
    }

    pub fn set_status(&mut self, tone: Tone, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            tone,
            until_valid: false,
        });
    }

    /// A message about the form's problems, cleared once they are fixed.
    pub fn set_status_until_valid(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            tone: Tone::Error,
            until_valid: true,
        });
    }

    /// The key for `action` in `context` as written on screen, from the
    /// keymap in force.
    pub fn key(&self, context: Context, action: Action) -> String {
        self.keymap.key_for(context, action)
    }
}
