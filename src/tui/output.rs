//! What the runtime writes to the terminal besides frames: the clipboard
//! through OSC 52 and the mouse-report switch; and how a token is read again.

use crate::api::Token;
use crate::app::TokenOrigin;
use base64::Engine;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use std::io::Write;

/// Reads the token again from where it came from, or says why it can't.
pub type TokenReloader = Box<dyn FnMut() -> Result<Token, String> + Send>;

/// Where the token came from and, for a file, how to read it again.
#[derive(Default)]
pub struct TokenSettings {
    pub origin: TokenOrigin,
    pub reload: Option<TokenReloader>,
}

/// The OSC 52 sequence that puts `text` on the system clipboard, through
/// the terminal (over SSH too, where the terminal allows it).
pub fn osc52(text: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    format!("\x1b]52;c;{encoded}\x07")
}

/// The control sequences' writer.
pub(super) struct Controls {
    out: Box<dyn Write + Send>,
}

impl Controls {
    pub fn new(out: Box<dyn Write + Send>) -> Self {
        Self { out }
    }

    // Both are best effort: a terminal that can't be written to has no
    // screen to complain on either.
    pub fn copy(&mut self, text: &str) {
        let _ = self.out.write_all(osc52(text).as_bytes());
        let _ = self.out.flush();
    }

    pub fn set_mouse_capture(&mut self, on: bool) {
        let _ = if on {
            crossterm::execute!(self.out, EnableMouseCapture)
        } else {
            crossterm::execute!(self.out, DisableMouseCapture)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_carries_the_text_in_base64() {
        assert_eq!(
            osc52("jane@example.com"),
            "\x1b]52;c;amFuZUBleGFtcGxlLmNvbQ==\x07"
        );
        assert_eq!(osc52("é"), "\x1b]52;c;w6k=\x07");
    }
}
