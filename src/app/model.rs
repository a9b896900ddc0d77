//! Everything on screen, and the messages and commands around `update`.

pub use super::form::ExternalTarget;
use super::form::Form;
use super::keymap::{Action, Context, Keymap};
use super::review::View as ReviewView;
use crate::api::{ApiError, ErrorKind, RateLimit};
use crate::clock::Clock;
use crate::contact::consent::WelcomeSms;
use crate::contact::{Contact, Merged, Patch, Region, Side};
use crate::drafts::SavedDraft;
use crate::theme::Theme;
use crossterm::event::{KeyEvent, MouseEvent};
use jiff::Timestamp;
use std::sync::Arc;
use std::time::Duration;

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
    /// The server's version fetched right before a PATCH, or to learn
    /// whether a save whose answer was lost was applied.
    ServerVersion(Result<Contact, ApiError>),
    /// The text back from `$EDITOR`, or why it failed.
    ExternallyEdited(Result<String, String>),
    /// The API budget the latest response reported.
    RateLimit(RateLimit),
    /// A GET is waiting this long before trying again, and why.
    RetryWait {
        wait: Duration,
        why: ErrorKind,
    },
    /// A draft or the recent contacts could not be read or written: said
    /// once, editing goes on.
    StateFileProblem(String),
    /// The answer to [`Cmd::Lookup`].
    LookedUp(Result<crate::lookup::Found, crate::lookup::LookupError>),
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
    /// GET the contact for the save flow (answered with `ServerVersion`).
    FetchForSave {
        id: String,
    },
    /// Hand the terminal to `$EDITOR` with this text.
    EditExternally {
        text: String,
    },
    Quit {
        code: i32,
    },
    /// Stop waiting for every GET in flight (their answers never arrive).
    CancelFetches,
    /// Put `text` on the clipboard (OSC 52, through the terminal).
    Copy {
        text: String,
    },
    /// Mouse reports on, or off so the terminal's own selection works.
    SetMouseCapture {
        on: bool,
    },
    /// Read the token again from where it came from (a file), before the
    /// next request.
    ReloadToken,
    /// Find the contact an id, email or phone names (answered with `LookedUp`).
    Lookup {
        query: String,
    },
    /// Leave this contact (its draft written first) and open `id`.
    Open {
        id: String,
    },
}

/// Where the API token came from, so a refused token's advice fits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum TokenOrigin {
    /// A file, read again on reload: fixing it and pressing F5 is enough.
    File(String),
    /// `PRIVY_API_TOKEN`: a running program can't see a new value.
    Env,
    /// The config file's `token_command`.
    Command,
    /// Not known (tests, the demo).
    #[default]
    Unknown,
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
// One popup at a time lives in the model: the variants' sizes don't matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Popup {
    /// The request about to be sent. `welcome` is the welcome-SMS
    /// question's answer, `None` when the patch would send no welcome SMS;
    /// `view`: the summary in words or the exact request (Tab switches);
    /// `notes`: what the server changed meanwhile, merged in.
    Review {
        patch: Patch,
        scroll: u16,
        welcome: Option<WelcomeSms>,
        view: ReviewView,
        notes: Vec<String>,
    },
    /// Items changed on both sides: the agent picks per item.
    Conflicts(Box<ConflictView>),
    ConfirmQuit,
    ConfirmReload,
    Help {
        scroll: u16,
    },
    /// A draft from an earlier run: restore it onto the contact or discard it.
    RestoreDraft,
    /// Opening another contact: the prompt, the picker, or the question.
    Switch(Box<super::switch::SwitchPopup>),
}

/// Where a save is. Every PATCH is preceded by a GET of the server's
/// version, merged with the form (see `contact::merge`).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum SaveStage {
    #[default]
    Idle,
    /// The reviewed request waits for the server's current version.
    Checking { reviewed: Patch },
    /// The PATCH is in flight.
    Sending { patch: Patch },
    /// The PATCH's answer was lost; the server's version tells whether it
    /// was applied to `against`.
    Verifying { sent: Patch, against: Contact },
    /// The check after a lost answer failed too: the next save checks first.
    Unknown { sent: Patch, against: Contact },
    /// The PATCH was refused with 429: it is tried once more at `due`.
    RateLimited { patch: Patch, due: Timestamp },
}

impl SaveStage {
    /// A request of the save flow is in flight.
    pub fn in_flight(&self) -> bool {
        matches!(
            self,
            SaveStage::Checking { .. } | SaveStage::Sending { .. } | SaveStage::Verifying { .. }
        )
    }
}

/// A GET's wait before its next try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryDue {
    pub at: Timestamp,
    pub rate_limited: bool,
}

/// The conflict view's state: the server's version, the merge, and the
/// agent's choice per conflict.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictView {
    pub theirs: Contact,
    pub merged: Merged,
    pub choices: Vec<Option<Side>>,
    pub selected: usize,
}

impl ConflictView {
    pub fn new(theirs: Contact, merged: Merged) -> Self {
        let choices = vec![None; merged.conflicts.len()];
        Self {
            theirs,
            merged,
            choices,
            selected: 0,
        }
    }

    pub fn undecided(&self) -> usize {
        self.choices.iter().filter(|c| c.is_none()).count()
    }
}

/// What the draft on disk should become after the latest change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftIntent {
    /// Not ours to touch yet: nothing loaded, or a draft is being offered.
    Leave,
    /// Unsaved edits at this form revision: keep them on disk.
    Keep(u64),
    /// Nothing unsaved (saved, or explicitly discarded): no draft.
    Remove,
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
    /// Where a save is; while its requests are in flight, edits wait.
    pub save: SaveStage,
    /// What the server changed meanwhile, merged into the form, said again
    /// once the save lands.
    pub server_notes: Vec<String>,
    /// The automatic retry after a 429 was used for this save.
    pub save_retried: bool,
    /// The welcome-SMS answer given in the review of the save under way.
    pub welcome_choice: Option<WelcomeSms>,
    /// When the request in flight started, for "waiting 12 s".
    pub waiting_since: Option<Timestamp>,
    /// A GET in flight waits until then before trying again.
    pub retry_due: Option<RetryDue>,
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
    /// A draft from an earlier run, offered once the contact loads.
    pub draft_offer: Option<SavedDraft>,
    /// The user chose to quit and discard the edits: no draft is kept.
    pub edits_discarded: bool,
    /// The country a phone number typed without `+` is read for.
    pub region: Region,
    /// Mouse reports are on (clicks focus); off, the terminal selects text.
    pub mouse_captured: bool,
    /// Where the token came from, set by the runtime.
    pub token_origin: TokenOrigin,
    /// The contacts opened lately on this server, newest first.
    pub recents: Vec<crate::recents::Recent>,
    /// Open this contact once the save under way has landed.
    pub switch_after_save: Option<String>,
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
            save: SaveStage::Idle,
            server_notes: Vec::new(),
            save_retried: false,
            welcome_choice: None,
            waiting_since: None,
            retry_due: None,
            loading: true,
            external: None,
            keymap: Arc::new(Keymap::default()),
            rate_limit: None,
            ever_loaded: false,
            theme: Theme::default(),
            clock: Clock::default(),
            draft_offer: None,
            edits_discarded: false,
            region: Region::default(),
            mouse_captured: true,
            token_origin: TokenOrigin::default(),
            recents: Vec::new(),
            switch_after_save: None,
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

    /// Whether something animates (the runtime ticks only then); edits
    /// wait meanwhile.
    pub fn is_busy(&self) -> bool {
        self.loading || self.saving() || matches!(self.save, SaveStage::RateLimited { .. })
    }

    /// Whole seconds from "now" until `due` (rounded up), 0 once past.
    pub fn seconds_until(&self, due: Timestamp) -> u64 {
        let millis = due.as_millisecond() - self.clock.now.as_millisecond();
        u64::try_from(millis.max(0)).unwrap_or(0).div_ceil(1000)
    }

    /// Whole seconds the request in flight has taken so far.
    pub fn waited_seconds(&self) -> Option<u64> {
        let since = self.waiting_since?;
        let millis = self.clock.now.as_millisecond() - since.as_millisecond();
        Some(u64::try_from(millis.max(0)).unwrap_or(0) / 1000)
    }

    /// "Now" moved on by `wait`.
    pub fn after(&self, wait: Duration) -> Timestamp {
        jiff::SignedDuration::try_from(wait)
            .ok()
            .and_then(|wait| self.clock.now.checked_add(wait).ok())
            .unwrap_or(self.clock.now)
    }

    /// A request of the save flow is in flight.
    pub fn saving(&self) -> bool {
        self.save.in_flight()
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

    /// What should happen to the draft file now; cheap enough to ask after
    /// every batch of keys.
    pub fn draft_intent(&self) -> DraftIntent {
        if self.draft_offer.is_some() {
            return DraftIntent::Leave;
        }
        match self.form() {
            None => DraftIntent::Leave,
            Some(_) if self.edits_discarded => DraftIntent::Remove,
            Some(form) if form.is_dirty() => DraftIntent::Keep(form.revision()),
            Some(_) => DraftIntent::Remove,
        }
    }

    /// The key for `action` in `context` as written on screen, from the
    /// keymap in force.
    pub fn key(&self, context: Context, action: Action) -> String {
        self.keymap.key_for(context, action)
    }
}
