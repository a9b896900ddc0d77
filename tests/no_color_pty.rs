//! `NO_COLOR` and `--no-color` end to end: the real binary in a pty writes
//! no colour escape at all (not even a colour reset), while the same session
//! with colour does.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Generous: the first run may share two cores with a build.
const WAIT: Duration = Duration::from_secs(20);
const CTRL_Q: &[u8] = b"\x11";

/// Everything `privy-edit --demo` wrote to its terminal from start to quit.
fn demo_output(args: &[&str], env: &[(&str, &str)]) -> Vec<u8> {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 32,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let home = std::env::temp_dir().join(format!("privy-edit-nocolor-{}", std::process::id()));
    std::fs::create_dir_all(&home).expect("temp home");
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_privy-edit"));
    command.arg("--demo");
    command.args(args);
    command.env("TERM", "xterm-256color");
    command.env("HOME", &home);
    command.env_remove("XDG_CONFIG_HOME");
    // Drafts, if any, stay in the temporary home.
    command.env_remove("XDG_STATE_HOME");
    command.env_remove("NO_COLOR");
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = pair.slave.spawn_command(command).expect("starts");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let mut writer = pair.master.take_writer().expect("writer");
    let output = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&output);
    let pump = thread::spawn(move || {
        let mut buffer = [0u8; 8192];
        // Linux reports a closed terminal side as EIO rather than EOF.
        while let Ok(n @ 1..) = reader.read(&mut buffer) {
            sink.lock()
                .unwrap_or_else(|p| p.into_inner())
                .extend_from_slice(&buffer[..n]);
        }
    });
    let seen = |text: &str| {
        let bytes = output.lock().unwrap_or_else(|p| p.into_inner());
        String::from_utf8_lossy(&bytes).contains(text)
    };
    let deadline = Instant::now() + WAIT;
    while !seen("Custom fields") {
        assert!(Instant::now() < deadline, "the form never appeared");
        thread::sleep(Duration::from_millis(20));
    }
    writer.write_all(CTRL_Q).expect("quit sent");
    writer.flush().expect("flushed");
    loop {
        if child.try_wait().expect("status").is_some() {
            break;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            panic!("the editor did not quit");
        }
        thread::sleep(Duration::from_millis(20));
    }
    let _ = pump.join();
    output.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

/// The SGR sequences (`ESC [ ... m`) in `bytes` that set or reset a colour.
fn colour_escapes(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut found = Vec::new();
    let mut rest = text.as_ref();
    while let Some(start) = rest.find("\u{1b}[") {
        let after = &rest[start + 2..];
        let end = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';' || c == ':'))
            .unwrap_or(after.len());
        let (params, tail) = after.split_at(end);
        if tail.starts_with('m') {
            let colour = params.split([';', ':']).any(|p| {
                matches!(
                    p.parse::<u16>(),
                    Ok(30..=39 | 40..=49 | 58 | 59 | 90..=97 | 100..=107)
                )
            });
            if colour {
                found.push(format!("ESC[{params}m"));
            }
        }
        rest = tail;
    }
    found
}

#[test]
fn no_color_writes_no_colour_escapes() {
    let coloured = demo_output(&[], &[]);
    assert!(
        !colour_escapes(&coloured).is_empty(),
        "the check itself must see colour in a coloured session"
    );
    let plain = demo_output(&[], &[("NO_COLOR", "1")]);
    assert_eq!(colour_escapes(&plain), Vec::<String>::new());
    let flag = demo_output(&["--no-color"], &[]);
    assert_eq!(colour_escapes(&flag), Vec::<String>::new());
    // The states are still drawn: bold and reverse video are not colours.
    assert!(String::from_utf8_lossy(&plain).contains("\u{1b}[7m"));
}

#[test]
fn the_colour_check_reads_sgr_parameters() {
    assert_eq!(
        colour_escapes(b"\x1b[1m\x1b[7mtext\x1b[0m"),
        Vec::<String>::new()
    );
    assert_eq!(colour_escapes(b"a\x1b[38;5;12mb"), vec!["ESC[38;5;12m"]);
    assert_eq!(colour_escapes(b"\x1b[39m\x1b[49m").len(), 2);
}
