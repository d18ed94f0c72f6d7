//! Support for the tests that drive the `panicsig` binary through pipes,
//! files, signals and terminals.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::os::fd::AsRawFd;
use std::path::PathBuf;
use std::process::{ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a test waits for something that must happen before it calls
/// the binary stuck. Not a timing assertion: only a hang guard.
pub const HANG: Duration = Duration::from_secs(120);

pub fn panicsig() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_panicsig"));
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR");
    cmd
}

/// A fresh scratch directory for one test.
/// `panicsig COMMAND` with piped stdin and stdout, and those two pipes.
pub fn spawn_piped(command: &str) -> (std::process::Child, ChildStdin, ChildStdout) {
    let mut child = panicsig()
        .arg(command)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    (child, stdin, stdout)
}

pub fn scratch(test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// A real Go crash, as a plain log.
pub fn crash(name: &str) -> String {
    crate::common::read(&format!("corpus/go1.23.5/{name}.txt"))
}

/// A JSON-lines record holding a whole crash in its `log` field.
pub fn crash_record(name: &str) -> String {
    serde_json::json!({ "log": crash(name), "stream": "stderr" }).to_string()
}

/// A synthetic panic whose fingerprint differs with `i`.
pub fn distinct_panic(i: usize) -> String {
    format!("panic: x{i}\n\ngoroutine 1 [running]:\nmain.f{i}()\n\t/a/m.go:{i} +0x1\n")
}

/// The lines of a child's stdout, read on a thread so a test can wait for
/// one with a hang guard.
pub struct Lines(mpsc::Receiver<String>);

impl Lines {
    pub fn new(stdout: ChildStdout) -> Self {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut line = String::new();
                match r.read_line(&mut line) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {
                        if tx.send(line).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        Lines(rx)
    }

    /// The next line; panics if none comes (the output is held back).
    pub fn next(&self, what: &str) -> String {
        self.0
            .recv_timeout(HANG)
            .unwrap_or_else(|_| panic!("no output line for {what} while the input stays open"))
    }

    /// The rest, once the child has closed its stdout.
    pub fn rest(self) -> Vec<String> {
        self.0.iter().collect()
    }
}

/// Wait until the child has read everything written to its stdin pipe
/// (the pipe holds no unread byte).
pub fn wait_drained(stdin: &ChildStdin) {
    let start = Instant::now();
    loop {
        let mut unread: libc::c_int = 0;
        // SAFETY: FIONREAD writes one c_int; the descriptor is open.
        let rc = unsafe { libc::ioctl(stdin.as_raw_fd(), libc::FIONREAD, &mut unread) };
        assert_eq!(rc, 0, "FIONREAD on a pipe");
        if unread == 0 {
            return;
        }
        assert!(
            start.elapsed() < HANG,
            "the child stopped reading its input"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Everything a reader yields, on a thread (so the writer side can run).
pub fn read_all_on_thread(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = r.read_to_end(&mut buf);
        buf
    })
}

/// `script` (util-linux) gives a command a terminal.
pub fn have_script() -> bool {
    Command::new("script")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
