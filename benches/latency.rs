//! From outside, as a person feels it: the release binary in a pseudo-
//! terminal at 120×40. Reports the first frame, the loaded form (demo),
//! keystroke-to-screen latency (median and p95 over 50 keys) in a text
//! field and in the 500-field grid, idle CPU over 5 s and peak RSS; and,
//! when vim is installed, vim's keystroke latency taken key by key
//! between the editor's (load on a shared machine comes and goes).
//! Prints figures; asserts nothing about time.
//!
//! `cargo bench --bench latency`

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

const COLS: u16 = 120;
const ROWS: u16 = 40;
const KEYS: usize = 50;
const WAIT: Duration = Duration::from_secs(20);

struct Session {
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    started: Instant,
    /// The session's own `XDG_STATE_HOME`, removed with it.
    state: std::path::PathBuf,
}

impl Session {
    fn start(program: &str, args: &[&str]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let mut command = CommandBuilder::new(program);
        command.args(args);
        command.env("TERM", "xterm-256color");
        // Sessions end with a kill: their drafts go to a directory of their
        // own, not the user's, and are never offered to the next session.
        let state = std::env::temp_dir().join(format!(
            "privy-edit-latency-state-{}-{}",
            std::process::id(),
            started_sessions()
        ));
        command.env("XDG_STATE_HOME", &state);
        let started = Instant::now();
        let child = pair
            .slave
            .spawn_command(command)
            .expect("the program starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("a reader");
        let writer = pair.master.take_writer().expect("a writer");
        let size = |n| std::num::NonZeroU16::new(n).expect("a size above zero");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(size(ROWS), size(COLS), 0)));
        let feed = Arc::clone(&screen);
        thread::spawn(move || {
            let mut buffer = [0u8; 65536];
            while let Ok(n @ 1..) = reader.read(&mut buffer) {
                feed.lock().unwrap().process(&buffer[..n]);
            }
        });
        Session {
            child,
            _master: pair.master,
            writer,
            screen,
            started,
            state,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Spins until `ready` holds for the screen; the time it took.
    fn wait_until(&self, ready: impl Fn(&str) -> bool) -> Duration {
        let from = Instant::now();
        loop {
            if ready(&self.contents()) {
                return from.elapsed();
            }
            assert!(
                from.elapsed() < WAIT,
                "timed out; screen:\n{}",
                self.contents()
            );
            thread::sleep(Duration::from_micros(50));
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    /// Keystroke-to-screen for key `i`: the time from writing it until the
    /// screen shows its effect (`shown(i, screen)`). Keys alternate between
    /// two states, so each wait is for this key's change, never an earlier one.
    fn key_latency(
        &mut self,
        i: usize,
        key: impl Fn(usize) -> &'static [u8],
        shown: impl Fn(usize, &str) -> bool,
    ) -> f64 {
        let sent = Instant::now();
        self.send(key(i));
        self.wait_until(|screen| shown(i, screen));
        sent.elapsed().as_secs_f64() * 1e3
    }

    fn cpu_ms(&self) -> Option<f64> {
        let pid = self.child.process_id()?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let ticks: f64 =
            fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
        Some(ticks * 10.0)
    }

    fn peak_rss_mib(&self) -> Option<f64> {
        let pid = self.child.process_id()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib / 1024.0)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.state);
    }
}

/// How many sessions started before this one.
fn started_sessions() -> usize {
    static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

fn median_p95(mut samples: Vec<f64>) -> (f64, f64) {
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.95))
}

/// Type a letter, then erase it: `x`, Backspace, `x`, ...
fn type_and_erase(i: usize) -> &'static [u8] {
    if i.is_multiple_of(2) { b"x" } else { b"\x7f" }
}

/// The first line of the screen that contains `needle`.
fn line_with<'a>(screen: &'a str, needle: &str) -> &'a str {
    screen.lines().find(|l| l.contains(needle)).unwrap_or("")
}

fn editor(args: &[&str]) -> Session {
    Session::start(env!("CARGO_BIN_EXE_privy-edit"), args)
}

/// vim beside the editor, typing in insert mode, when it is installed.
fn vim() -> Option<Session> {
    std::process::Command::new("vim")
        .arg("--version")
        .output()
        .ok()?;
    let mut vim = Session::start("vim", &["-u", "NONE", "-N"]);
    vim.wait_until(|s| s.contains('~'));
    vim.send(b"i");
    thread::sleep(Duration::from_millis(100));
    Some(vim)
}

/// vim's line 1 shows `x` after even keys and is empty after odd ones.
fn vim_key(vim: &mut Session, i: usize) -> f64 {
    vim.key_latency(i, type_and_erase, |i, screen| {
        screen.lines().next().unwrap_or("").starts_with('x') == (i.is_multiple_of(2))
    })
}

/// Samples for the editor and, interleaved key by key, for vim: load on a
/// shared machine comes and goes, so only samples taken side by side make
/// a fair ratio.
fn side_by_side(
    vim: &mut Option<Session>,
    mut editor_key: impl FnMut(usize) -> f64,
) -> (Vec<f64>, Vec<f64>) {
    let (mut editor, mut beside) = (Vec::new(), Vec::new());
    for i in 0..KEYS {
        thread::sleep(Duration::from_millis(20));
        editor.push(editor_key(i));
        if let Some(vim) = vim.as_mut() {
            thread::sleep(Duration::from_millis(20));
            beside.push(vim_key(vim, i));
        }
    }
    (editor, beside)
}

fn report(what: &str, editor: Vec<f64>, vim: Vec<f64>) {
    let (median, p95) = median_p95(editor);
    print!("key, {what:<11} {median:>6.2} ms median {p95:>6.2} ms p95");
    if !vim.is_empty() {
        let (vim_median, vim_p95) = median_p95(vim);
        print!(
            "   vim {vim_median:.2} / {vim_p95:.2} ms   ratio {:.2}",
            median / vim_median
        );
    }
    println!();
}

fn main() {
    let mut vim = vim();
    // Loaded in the demo, then typing in First name.
    let mut demo = editor(&["--demo"]);
    demo.wait_until(|s| !s.trim().is_empty());
    let first_frame = demo.started.elapsed();
    demo.wait_until(|s| s.contains("Jane Doe") && s.contains("First name"));
    let loaded = demo.started.elapsed();
    let (text, text_vim) = side_by_side(&mut vim, |i| {
        demo.key_latency(i, type_and_erase, |i, screen| {
            line_with(screen, "First name").contains("Janex") == (i.is_multiple_of(2))
        })
    });
    let idle_before = demo.cpu_ms();
    thread::sleep(Duration::from_secs(5));
    let idle_cpu = idle_before.zip(demo.cpu_ms()).map(|(a, b)| b - a);
    let demo_rss = demo.peak_rss_mib();
    drop(demo);

    // The 500-field grid: Tab to it, then Down through the rows.
    let mut big = editor(&["--demo", "cus_big0000000000500"]);
    big.wait_until(|s| s.contains("Custom fields (500)"));
    for _ in 0..6 {
        if big.contents().contains("▸ Custom fields") {
            break;
        }
        big.send(b"\t");
        thread::sleep(Duration::from_millis(100));
    }
    big.wait_until(|s| s.contains("▸ Custom fields"));
    // Down, Up, Down, ...: the pointer moves between the first two rows.
    let (grid, grid_vim) = side_by_side(&mut vim, |i| {
        big.key_latency(
            i,
            |i| {
                if i.is_multiple_of(2) {
                    b"\x1b[B"
                } else {
                    b"\x1b[A"
                }
            },
            |i, screen| {
                let second = screen
                    .lines()
                    .skip_while(|l| !l.contains("Key"))
                    .nth(2)
                    .unwrap_or("");
                second.contains('▸') == (i.is_multiple_of(2))
            },
        )
    });
    drop(big);

    println!(
        "first frame      {:>8.2} ms",
        first_frame.as_secs_f64() * 1e3
    );
    println!("loaded (demo)    {:>8.2} ms", loaded.as_secs_f64() * 1e3);
    report("text field", text, text_vim);
    report("500 grid", grid, grid_vim);
    match idle_cpu {
        Some(ms) => println!("idle CPU, 5 s    {ms:>8.0} ms"),
        None => println!("idle CPU, 5 s    (no /proc)"),
    }
    if let Some(mib) = demo_rss {
        println!("peak RSS (demo)  {mib:>8.1} MiB");
    }
}
