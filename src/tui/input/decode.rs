//! Terminal input bytes to events: keys as xterm-style terminals encode
//! them, SGR and X10 mouse reports, bracketed paste. Pure: bytes in, events
//! out, so the reader can take everything the terminal has at once and
//! hand over every complete event before a frame is drawn.
//!
//! A sequence cut off at the end of what was read stays pending: the rest
//! is normally already on its way (a large burst reaches the program in
//! pieces). Only when nothing more comes ([`Decoder::give_up_waiting`])
//! does a lone ESC become the Escape key.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

/// What the front of the pending bytes holds.
#[derive(Debug, PartialEq)]
enum Step {
    /// An event, and how many bytes it took.
    Event(Event, usize),
    /// Bytes that mean nothing to the editor (replies, unknown or broken
    /// sequences): dropped.
    Skip(usize),
    /// The start of something whose end hasn't been read yet.
    Incomplete,
}

/// What is left pending after decoding, so the reader knows how long to
/// wait for the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    Nothing,
    /// Part of a key sequence, or a lone ESC: the rest follows at once, or
    /// it was the Escape key.
    Sequence,
    /// A paste whose end marker hasn't arrived: a long paste can take a while.
    Paste,
}

#[derive(Debug, Default)]
pub struct Decoder {
    pending: Vec<u8>,
}

impl Decoder {
    /// Decodes `bytes` after whatever was pending, pushing every complete
    /// event to `out`.
    pub fn feed(&mut self, bytes: &[u8], out: &mut impl Extend<Event>) -> Pending {
        self.pending.extend_from_slice(bytes);
        let mut at = 0;
        while at < self.pending.len() {
            match step(&self.pending[at..]) {
                Step::Event(event, used) => {
                    out.extend([event]);
                    at += used;
                }
                Step::Skip(used) => at += used,
                Step::Incomplete => break,
            }
        }
        self.pending.drain(..at);
        self.pending_kind()
    }

    /// Nothing more came: what is pending is taken for what it can be. A
    /// lone ESC is the Escape key, ESC and one byte is Alt with that key,
    /// an unfinished paste is pasted as far as it got; anything else is
    /// dropped.
    pub fn give_up_waiting(&mut self, out: &mut impl Extend<Event>) {
        let pending = std::mem::take(&mut self.pending);
        match pending.as_slice() {
            [] => {}
            [0x1b] => out.extend([key(KeyCode::Esc, KeyModifiers::NONE)]),
            [0x1b, byte] => {
                if let Step::Event(Event::Key(k), _) = step(&[*byte]) {
                    out.extend([Event::Key(with_alt(k))]);
                }
            }
            bytes if bytes.starts_with(PASTE_START) => {
                out.extend([Event::Paste(
                    String::from_utf8_lossy(&bytes[PASTE_START.len()..]).into_owned(),
                )]);
            }
            _ => {}
        }
    }

    fn pending_kind(&self) -> Pending {
        if self.pending.is_empty() {
            Pending::Nothing
        } else if self.pending.starts_with(PASTE_START) {
            Pending::Paste
        } else {
            Pending::Sequence
        }
    }
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, modifiers))
}

fn with_alt(mut k: KeyEvent) -> KeyEvent {
    k.modifiers |= KeyModifiers::ALT;
    k
}

/// A typed character; capitals carry Shift, as terminals report no
/// modifier for them.
fn char_key(c: char) -> Event {
    let modifiers = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    key(KeyCode::Char(c), modifiers)
}

fn step(bytes: &[u8]) -> Step {
    let one = |event| Step::Event(event, 1);
    let ctrl = |c: u8| one(key(KeyCode::Char(c as char), KeyModifiers::CONTROL));
    match bytes[0] {
        0x1b => escape(bytes),
        b'\r' => one(key(KeyCode::Enter, KeyModifiers::NONE)),
        b'\t' => one(key(KeyCode::Tab, KeyModifiers::NONE)),
        0x7f => one(key(KeyCode::Backspace, KeyModifiers::NONE)),
        0x00 => ctrl(b' '),
        // In raw mode a newline is Ctrl-J, like every other control byte.
        c @ 0x01..=0x1a => ctrl(c - 0x01 + b'a'),
        c @ 0x1c..=0x1f => ctrl(c - 0x1c + b'4'),
        _ => utf8_char(bytes),
    }
}

fn utf8_char(bytes: &[u8]) -> Step {
    let width = match bytes[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Step::Skip(1),
    };
    if bytes.len() < width {
        // A continuation byte that can't belong here is not worth waiting for.
        return if bytes[1..].iter().all(|b| b & 0xc0 == 0x80) {
            Step::Incomplete
        } else {
            Step::Skip(1)
        };
    }
    match std::str::from_utf8(&bytes[..width]) {
        Ok(text) => text
            .chars()
            .next()
            .map_or(Step::Skip(width), |c| Step::Event(char_key(c), width)),
        Err(_) => Step::Skip(1),
    }
}

fn escape(bytes: &[u8]) -> Step {
    match bytes.get(1) {
        None => Step::Incomplete,
        Some(b'[') => csi(bytes),
        Some(b'O') => ss3(bytes),
        // ESC ESC: the first is the Escape key; the second starts afresh.
        Some(0x1b) => Step::Event(key(KeyCode::Esc, KeyModifiers::NONE), 1),
        // ESC and a key is that key with Alt (the terminal's "meta sends escape").
        Some(_) => match step(&bytes[1..]) {
            Step::Event(Event::Key(k), used) => Step::Event(Event::Key(with_alt(k)), used + 1),
            Step::Event(_, used) | Step::Skip(used) => Step::Skip(used + 1),
            Step::Incomplete => Step::Incomplete,
        },
    }
}

/// ESC O x: cursor keys in application mode and F1-F4.
fn ss3(bytes: &[u8]) -> Step {
    let Some(&last) = bytes.get(2) else {
        return Step::Incomplete;
    };
    match letter_key(last) {
        Some(code) => Step::Event(key(code, KeyModifiers::NONE), 3),
        None => Step::Skip(3),
    }
}

/// The keys a CSI or SS3 sequence names by its final letter.
fn letter_key(last: u8) -> Option<KeyCode> {
    Some(match last {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        _ => return None,
    })
}

/// ESC [ parameters final: keys, mouse reports, paste, focus.
fn csi(bytes: &[u8]) -> Step {
    if bytes.starts_with(PASTE_START) {
        return paste(bytes);
    }
    // The Linux console's F1-F5: ESC [ [ A..E.
    if bytes.get(2) == Some(&b'[') {
        return match bytes.get(3) {
            None => Step::Incomplete,
            Some(c @ b'A'..=b'E') => {
                Step::Event(key(KeyCode::F(c - b'A' + 1), KeyModifiers::NONE), 4)
            }
            Some(_) => Step::Skip(4),
        };
    }
    let params_end = 2 + bytes[2..]
        .iter()
        .take_while(|b| (0x20..=0x3f).contains(*b))
        .count();
    let Some(&last) = bytes.get(params_end) else {
        return Step::Incomplete;
    };
    if !(0x40..=0x7e).contains(&last) {
        // Broken off by something else (another ESC, a key): drop what came.
        return Step::Skip(params_end);
    }
    let used = params_end + 1;
    let params = &bytes[2..params_end];
    match params.first() {
        None if last == b'M' => x10_mouse(bytes),
        None => match last {
            b'Z' => Step::Event(key(KeyCode::BackTab, KeyModifiers::SHIFT), used),
            b'I' => Step::Event(Event::FocusGained, used),
            b'O' => Step::Event(Event::FocusLost, used),
            _ => letter_key(last).map_or(Step::Skip(used), |code| {
                Step::Event(key(code, KeyModifiers::NONE), used)
            }),
        },
        Some(b'<') => sgr_mouse(&params[1..], last)
            .map_or(Step::Skip(used), |m| Step::Event(Event::Mouse(m), used)),
        // Replies to queries (device attributes, modes): nothing to act on.
        Some(b'?' | b'>' | b'=') => Step::Skip(used),
        Some(_) => numbered(params, last).map_or(Step::Skip(used), |e| Step::Event(e, used)),
    }
}

/// The numbers of a CSI sequence, each the first of its `:` group.
fn numbers(params: &[u8]) -> Option<Vec<u16>> {
    std::str::from_utf8(params)
        .ok()?
        .split(';')
        .map(|group| {
            let first = group.split(':').next().unwrap_or("");
            if first.is_empty() {
                Some(1)
            } else {
                first.parse().ok()
            }
        })
        .collect()
}

/// xterm's modifier parameter: 1 + a bit set of Shift, Alt, Ctrl, Super,
/// Hyper, Meta.
fn modifiers(param: Option<&u16>) -> KeyModifiers {
    let bits = param.map_or(0, |p| p.saturating_sub(1));
    [
        (1, KeyModifiers::SHIFT),
        (2, KeyModifiers::ALT),
        (4, KeyModifiers::CONTROL),
        (8, KeyModifiers::SUPER),
        (16, KeyModifiers::HYPER),
        (32, KeyModifiers::META),
    ]
    .into_iter()
    .filter(|(bit, _)| bits & bit != 0)
    .fold(KeyModifiers::NONE, |all, (_, m)| all | m)
}

fn numbered(params: &[u8], last: u8) -> Option<Event> {
    let numbers = numbers(params)?;
    let first = *numbers.first()?;
    let modifiers = modifiers(numbers.get(1));
    let code = match last {
        b'~' => tilde_key(first)?,
        b'u' => unicode_key(first)?,
        b'M' => return rxvt_mouse(&numbers),
        // ESC [ row ; col R is also a cursor position reply; the editor
        // never asks for one, so it is F3 with modifiers.
        _ => letter_key(last)?,
    };
    Some(key(code, modifiers))
}

/// ESC [ n ~: editing keys and F5 onwards.
fn tilde_key(n: u16) -> Option<KeyCode> {
    Some(match n {
        1 | 7 => KeyCode::Home,
        2 => KeyCode::Insert,
        3 => KeyCode::Delete,
        4 | 8 => KeyCode::End,
        5 => KeyCode::PageUp,
        6 => KeyCode::PageDown,
        11..=15 => KeyCode::F((n - 10) as u8),
        17..=21 => KeyCode::F((n - 11) as u8),
        23..=26 => KeyCode::F((n - 12) as u8),
        28..=29 => KeyCode::F((n - 15) as u8),
        31..=34 => KeyCode::F((n - 17) as u8),
        _ => return None,
    })
}

/// ESC [ code u: a key by its code point (terminals that report keys so).
fn unicode_key(code: u16) -> Option<KeyCode> {
    Some(match code {
        9 => KeyCode::Tab,
        13 => KeyCode::Enter,
        27 => KeyCode::Esc,
        127 => KeyCode::Backspace,
        _ => KeyCode::Char(char::from_u32(code.into())?),
    })
}

fn paste(bytes: &[u8]) -> Step {
    let body = &bytes[PASTE_START.len()..];
    match body.windows(PASTE_END.len()).position(|w| w == PASTE_END) {
        Some(end) => Step::Event(
            Event::Paste(String::from_utf8_lossy(&body[..end]).into_owned()),
            PASTE_START.len() + end + PASTE_END.len(),
        ),
        None => Step::Incomplete,
    }
}

/// The button byte shared by every mouse encoding: which button, held
/// modifiers, movement, the wheel.
fn mouse_event(cb: u16, column: u16, row: u16, released: bool) -> Option<MouseEvent> {
    let button = match cb & 0b11 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        2 => MouseButton::Right,
        _ => MouseButton::Left,
    };
    let no_button = cb & 0b11 == 3;
    let kind = if cb & 64 != 0 {
        match cb & 0b11 {
            0 => MouseEventKind::ScrollUp,
            1 => MouseEventKind::ScrollDown,
            2 => MouseEventKind::ScrollLeft,
            _ => MouseEventKind::ScrollRight,
        }
    } else if cb & 32 != 0 {
        if no_button {
            MouseEventKind::Moved
        } else {
            MouseEventKind::Drag(button)
        }
    } else if released || no_button {
        MouseEventKind::Up(button)
    } else {
        MouseEventKind::Down(button)
    };
    let mut modifiers = KeyModifiers::NONE;
    for (bit, m) in [
        (4, KeyModifiers::SHIFT),
        (8, KeyModifiers::ALT),
        (16, KeyModifiers::CONTROL),
    ] {
        if cb & bit != 0 {
            modifiers |= m;
        }
    }
    Some(MouseEvent {
        kind,
        // Reports count from 1.
        column: column.checked_sub(1)?,
        row: row.checked_sub(1)?,
        modifiers,
    })
}

/// ESC [ < b ; x ; y M (press) or m (release).
fn sgr_mouse(params: &[u8], last: u8) -> Option<MouseEvent> {
    if last != b'M' && last != b'm' {
        return None;
    }
    match numbers(params)?.as_slice() {
        [cb, x, y] => mouse_event(*cb, *x, *y, last == b'm'),
        _ => None,
    }
}

/// ESC [ b ; x ; y M, with 32 added to the button.
fn rxvt_mouse(numbers: &[u16]) -> Option<Event> {
    match numbers {
        [cb, x, y] => mouse_event(cb.checked_sub(32)?, *x, *y, false).map(Event::Mouse),
        _ => None,
    }
}

/// ESC [ M b x y, each byte with 32 added.
fn x10_mouse(bytes: &[u8]) -> Step {
    let Some(raw) = bytes.get(3..6) else {
        return Step::Incomplete;
    };
    let value = |b: u8| u16::from(b).checked_sub(32);
    match (value(raw[0]), value(raw[1]), value(raw[2])) {
        (Some(cb), Some(x), Some(y)) => {
            mouse_event(cb, x, y, false).map_or(Step::Skip(6), |m| Step::Event(Event::Mouse(m), 6))
        }
        _ => Step::Skip(6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (Vec<Event>, Pending) {
        let mut decoder = Decoder::default();
        let mut out = Vec::new();
        let pending = decoder.feed(bytes, &mut out);
        (out, pending)
    }

    fn keys(bytes: &[u8]) -> Vec<Event> {
        let (events, pending) = decode(bytes);
        assert_eq!(pending, Pending::Nothing, "{bytes:?} left bytes pending");
        events
    }

    fn k(code: KeyCode) -> Event {
        key(code, KeyModifiers::NONE)
    }

    fn km(code: KeyCode, modifiers: KeyModifiers) -> Event {
        key(code, modifiers)
    }

    #[test]
    fn plain_characters_and_control_bytes() {
        assert_eq!(
            keys(b"aZ\r\t\x7f"),
            vec![
                k(KeyCode::Char('a')),
                km(KeyCode::Char('Z'), KeyModifiers::SHIFT),
                k(KeyCode::Enter),
                k(KeyCode::Tab),
                k(KeyCode::Backspace),
            ]
        );
        assert_eq!(
            keys(b"\x13\x11\x0a\x00\x1c"),
            vec![
                km(KeyCode::Char('s'), KeyModifiers::CONTROL),
                km(KeyCode::Char('q'), KeyModifiers::CONTROL),
                km(KeyCode::Char('j'), KeyModifiers::CONTROL),
                km(KeyCode::Char(' '), KeyModifiers::CONTROL),
                km(KeyCode::Char('4'), KeyModifiers::CONTROL),
            ]
        );
    }

    #[test]
    fn multibyte_characters_whole_or_split() {
        assert_eq!(
            keys("é€😀".as_bytes()),
            vec![
                k(KeyCode::Char('é')),
                k(KeyCode::Char('€')),
                k(KeyCode::Char('😀')),
            ]
        );
        let mut decoder = Decoder::default();
        let mut out = Vec::new();
        let euro = "€".as_bytes();
        assert_eq!(decoder.feed(&euro[..1], &mut out), Pending::Sequence);
        assert_eq!(decoder.feed(&euro[1..], &mut out), Pending::Nothing);
        assert_eq!(out, vec![k(KeyCode::Char('€'))]);
    }

    #[test]
    fn invalid_bytes_are_dropped_and_what_follows_is_kept() {
        assert_eq!(
            keys(b"\xffa\xc3("),
            vec![k(KeyCode::Char('a')), k(KeyCode::Char('(')),]
        );
    }

    #[test]
    fn cursor_and_editing_keys() {
        assert_eq!(
            keys(b"\x1b[A\x1b[B\x1b[C\x1b[D\x1b[H\x1b[F\x1bOA\x1bOH"),
            [
                KeyCode::Up,
                KeyCode::Down,
                KeyCode::Right,
                KeyCode::Left,
                KeyCode::Home,
                KeyCode::End,
                KeyCode::Up,
                KeyCode::Home
            ]
            .map(k)
            .to_vec()
        );
        assert_eq!(
            keys(b"\x1b[1~\x1b[2~\x1b[3~\x1b[4~\x1b[5~\x1b[6~\x1b[7~\x1b[8~"),
            [
                KeyCode::Home,
                KeyCode::Insert,
                KeyCode::Delete,
                KeyCode::End,
                KeyCode::PageUp,
                KeyCode::PageDown,
                KeyCode::Home,
                KeyCode::End
            ]
            .map(k)
            .to_vec()
        );
        assert_eq!(
            keys(b"\x1b[Z"),
            vec![km(KeyCode::BackTab, KeyModifiers::SHIFT)]
        );
    }

    #[test]
    fn function_keys_in_every_encoding() {
        let f = |n| k(KeyCode::F(n));
        assert_eq!(
            keys(b"\x1bOP\x1bOQ\x1bOR\x1bOS"),
            vec![f(1), f(2), f(3), f(4)]
        );
        assert_eq!(keys(b"\x1b[P\x1b[Q\x1b[S"), vec![f(1), f(2), f(4)]);
        assert_eq!(keys(b"\x1b[[A\x1b[[E"), vec![f(1), f(5)]);
        assert_eq!(
            keys(b"\x1b[15~\x1b[17~\x1b[18~\x1b[19~\x1b[20~\x1b[21~\x1b[23~\x1b[24~"),
            vec![f(5), f(6), f(7), f(8), f(9), f(10), f(11), f(12)]
        );
    }

    #[test]
    fn modifiers_on_cursor_and_function_keys() {
        assert_eq!(
            keys(b"\x1b[1;5C\x1b[1;2A\x1b[3;5~\x1b[1;3P\x1b[15;6~"),
            vec![
                km(KeyCode::Right, KeyModifiers::CONTROL),
                km(KeyCode::Up, KeyModifiers::SHIFT),
                km(KeyCode::Delete, KeyModifiers::CONTROL),
                km(KeyCode::F(1), KeyModifiers::ALT),
                km(KeyCode::F(5), KeyModifiers::CONTROL | KeyModifiers::SHIFT),
            ]
        );
    }

    #[test]
    fn alt_is_escape_then_the_key() {
        assert_eq!(
            keys(b"\x1bx\x1bX\x1b\x7f"),
            vec![
                km(KeyCode::Char('x'), KeyModifiers::ALT),
                km(KeyCode::Char('X'), KeyModifiers::ALT | KeyModifiers::SHIFT),
                km(KeyCode::Backspace, KeyModifiers::ALT),
            ]
        );
    }

    #[test]
    fn a_lone_escape_waits_then_is_the_escape_key() {
        let mut decoder = Decoder::default();
        let mut out = Vec::new();
        assert_eq!(decoder.feed(b"\x1b", &mut out), Pending::Sequence);
        assert!(out.is_empty());
        decoder.give_up_waiting(&mut out);
        assert_eq!(out, vec![k(KeyCode::Esc)]);
        // Two presses in a row are two keys.
        assert_eq!(keys(b"\x1b\x1b[A"), vec![k(KeyCode::Esc), k(KeyCode::Up)]);
    }

    #[test]
    fn a_sequence_split_between_reads_is_one_key() {
        let down = b"\x1b[B";
        for cut in 1..down.len() {
            let mut decoder = Decoder::default();
            let mut out = Vec::new();
            assert_eq!(decoder.feed(&down[..cut], &mut out), Pending::Sequence);
            assert_eq!(decoder.feed(&down[cut..], &mut out), Pending::Nothing);
            assert_eq!(out, vec![k(KeyCode::Down)], "cut at {cut}");
        }
    }

    #[test]
    fn alt_with_a_key_when_nothing_follows() {
        let mut decoder = Decoder::default();
        let mut out = Vec::new();
        decoder.feed(b"\x1b[", &mut out);
        decoder.give_up_waiting(&mut out);
        assert_eq!(out, vec![km(KeyCode::Char('['), KeyModifiers::ALT)]);
    }

    #[test]
    fn a_paste_is_one_event_however_it_arrives() {
        assert_eq!(
            keys(b"\x1b[200~a, b\r\nc\x1b[201~x"),
            vec![Event::Paste("a, b\r\nc".into()), k(KeyCode::Char('x'))]
        );
        let text = "é".repeat(5000);
        let whole = [PASTE_START, text.as_bytes(), PASTE_END].concat();
        let mut decoder = Decoder::default();
        let mut out = Vec::new();
        for chunk in whole.chunks(1000) {
            decoder.feed(chunk, &mut out);
        }
        assert_eq!(out, vec![Event::Paste(text)]);
    }

    #[test]
    fn an_unfinished_paste_is_pasted_as_far_as_it_got() {
        let mut decoder = Decoder::default();
        let mut out = Vec::new();
        assert_eq!(decoder.feed(b"\x1b[200~abc", &mut out), Pending::Paste);
        decoder.give_up_waiting(&mut out);
        assert_eq!(out, vec![Event::Paste("abc".into())]);
    }

    #[test]
    fn mouse_reports() {
        let click = |kind, column, row, modifiers| {
            Event::Mouse(MouseEvent {
                kind,
                column,
                row,
                modifiers,
            })
        };
        let plain = |kind, column, row| click(kind, column, row, KeyModifiers::NONE);
        let left_down = MouseEventKind::Down(MouseButton::Left);
        assert_eq!(
            keys(b"\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<65;1;1M\x1b[<18;3;4M\x1b[<35;7;8M"),
            vec![
                plain(left_down, 9, 4),
                plain(MouseEventKind::Up(MouseButton::Left), 9, 4),
                plain(MouseEventKind::ScrollDown, 0, 0),
                click(
                    MouseEventKind::Down(MouseButton::Right),
                    2,
                    3,
                    KeyModifiers::CONTROL
                ),
                plain(MouseEventKind::Moved, 6, 7),
            ]
        );
        // X10 and rxvt encodings.
        assert_eq!(
            keys(b"\x1b[M *(\x1b[32;5;6M"),
            vec![plain(left_down, 9, 7), plain(left_down, 4, 5)]
        );
    }

    #[test]
    fn replies_and_unknown_sequences_are_dropped() {
        assert_eq!(
            keys(b"\x1b[?64;1c\x1b[>0;276;0c\x1b[99~\x1b[5Xa\x1bO9b"),
            vec![k(KeyCode::Char('a')), k(KeyCode::Char('b'))]
        );
        // A sequence broken off by another one loses only itself.
        assert_eq!(keys(b"\x1b[1;\x1b[A"), vec![k(KeyCode::Up)]);
    }

    #[test]
    fn focus_reports() {
        assert_eq!(
            keys(b"\x1b[I\x1b[O"),
            vec![Event::FocusGained, Event::FocusLost]
        );
    }

    #[test]
    fn keys_by_code_point() {
        assert_eq!(
            keys(b"\x1b[97;5u\x1b[13u"),
            vec![
                km(KeyCode::Char('a'), KeyModifiers::CONTROL),
                k(KeyCode::Enter)
            ]
        );
    }
}
