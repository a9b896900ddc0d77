//! Reading `--token-file` safely: only a small regular file that no other
//! user can read, checked again on the opened handle so the file can't be
//! swapped for another between the check and the read.

use std::fs::{File, Metadata, OpenOptions};
use std::io::Read;
use std::path::Path;

/// The most a token file may hold; a token is well under a hundred bytes.
pub const MAX_TOKEN_FILE_BYTES: u64 = 4 * 1024;

/// The file's bytes, or why it was refused (a sentence about the file,
/// without its contents). Symlinks are followed and their target checked.
pub fn read_token_file(path: &Path) -> Result<Vec<u8>, String> {
    let before = std::fs::metadata(path).map_err(|e| format!("could not be read ({e})"))?;
    check(&before, path)?;
    let file = open(path).map_err(|e| format!("could not be read ({e})"))?;
    let opened = file
        .metadata()
        .map_err(|e| format!("could not be read ({e})"))?;
    check(&opened, path)?;
    let mut contents = Vec::new();
    // One byte more than allowed, to tell "exactly the limit" from "more".
    file.take(MAX_TOKEN_FILE_BYTES + 1)
        .read_to_end(&mut contents)
        .map_err(|e| format!("could not be read ({e})"))?;
    if contents.len() as u64 > MAX_TOKEN_FILE_BYTES {
        return Err(too_large());
    }
    Ok(contents)
}

/// Non-blocking on unix, so a FIFO swapped in after the first check can't
/// hang the open (it is refused by the second check instead).
fn open(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

fn check(meta: &Metadata, path: &Path) -> Result<(), String> {
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err("is a directory; give the path of the file holding the token".into());
    }
    if !kind.is_file() {
        return Err(format!(
            "is {}, not a regular file; save the token in a file",
            special_kind(meta)
        ));
    }
    if meta.len() > MAX_TOKEN_FILE_BYTES {
        return Err(too_large());
    }
    check_private(meta, path)
}

fn too_large() -> String {
    format!(
        "is larger than {} KiB; it should hold only the token",
        MAX_TOKEN_FILE_BYTES / 1024
    )
}

#[cfg(unix)]
fn special_kind(meta: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_meta: &Metadata) -> &'static str {
    "a special file"
}

/// Like ssh with private keys: any access for group or others (read, and
/// also write, which would let them swap the token) is refused.
#[cfg(unix)]
fn check_private(meta: &Metadata, path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 == 0 {
        return Ok(());
    }
    Err(format!(
        "can be read or changed by other users (mode {mode:03o}); run `chmod 600 {}`",
        crate::safe_text::sanitize(&path.display().to_string())
    ))
}

/// Windows and others have no mode bits to check.
#[cfg(not(unix))]
fn check_private(_meta: &Metadata, _path: &Path) -> Result<(), String> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;
    use std::path::PathBuf;

    /// A fresh directory for one test (tests run in parallel).
    fn dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "privy-edit-token-file-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    fn write(path: &Path, contents: &[u8], mode: u32) {
        std::fs::write(path, contents).expect("write");
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }

    #[test]
    fn a_private_small_file_is_read() {
        let dir = dir("ok");
        let path = dir.join("token");
        write(&path, b"privy_abc\n", 0o600);
        assert_eq!(read_token_file(&path).expect("read"), b"privy_abc\n");
        let exact = dir.join("exact");
        write(&exact, &[b'a'; 4096], 0o400);
        assert_eq!(read_token_file(&exact).expect("read").len(), 4096);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_others_can_read_is_refused_with_the_fix() {
        let dir = dir("mode");
        let path = dir.join("token");
        for mode in [0o644, 0o640, 0o604, 0o620] {
            write(&path, b"privy_secret123", mode);
            let reason = read_token_file(&path).expect_err("shared file");
            assert!(
                reason.contains(&format!("chmod 600 {}", path.display())),
                "{mode:o}: {reason}"
            );
            assert!(!reason.contains("privy_secret123"), "{reason}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_symlink_is_judged_by_its_target() {
        let dir = dir("link");
        let target = dir.join("target");
        let link = dir.join("link");
        write(&target, b"privy_abc", 0o644);
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        assert!(
            read_token_file(&link)
                .expect_err("shared")
                .contains("chmod 600")
        );
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        assert_eq!(
            read_token_file(&link).expect("private target"),
            b"privy_abc"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn directories_fifos_and_devices_are_refused() {
        let dir = dir("kinds");
        assert!(
            read_token_file(&dir)
                .expect_err("dir")
                .contains("directory")
        );
        let fifo = dir.join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        // Refused without opening: opening a FIFO would wait for a writer.
        assert!(read_token_file(&fifo).expect_err("fifo").contains("FIFO"));
        let device = read_token_file(Path::new("/dev/null")).expect_err("device");
        assert!(device.contains("device"), "{device}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn more_than_4_kib_is_refused() {
        let dir = dir("big");
        let path = dir.join("token");
        write(&path, &[b'a'; 4097], 0o600);
        assert!(read_token_file(&path).expect_err("big").contains("4 KiB"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
