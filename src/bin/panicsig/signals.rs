//! SIGINT and SIGTERM end the input.
//!
//! The handlers (signal-hook's, nothing of ours runs in a signal handler)
//! record the signal and write a byte to a socket that the read loop waits
//! on beside its input (see `input.rs`), so a signal wakes a read that is
//! waiting on a quiet pipe. The loop then finishes the stream it has
//! (`scan` closes the open incident, `annotate` writes the bytes it holds,
//! `report` prints), and panicsig ends by the same signal, as shells expect
//! of an interrupted program. A second signal ends it at once with the
//! default action (say, while a stalled reader downstream keeps the output
//! from being written).

use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

pub struct Signals {
    which: Arc<AtomicUsize>,
    /// Readable once a signal has arrived; `None` when the handlers could
    /// not be installed (the signals then keep their default action).
    pub wake: Option<UnixStream>,
}

impl Signals {
    /// The signal received, if any.
    pub fn received(&self) -> Option<i32> {
        match self.which.load(Ordering::SeqCst) {
            0 => None,
            sig => i32::try_from(sig).ok(),
        }
    }
}

/// Start receiving SIGINT and SIGTERM.
pub fn install() -> Signals {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::{flag, low_level::pipe};
    let which = Arc::new(AtomicUsize::new(0));
    let none = Signals {
        which: Arc::clone(&which),
        wake: None,
    };
    let Ok((wake, wake_tx)) = UnixStream::pair() else {
        return none;
    };
    let seen = Arc::new(AtomicBool::new(false));
    for sig in [SIGINT, SIGTERM] {
        if ignored(sig) {
            // Started ignoring it (`cmd &` in a script, nohup): keep so.
            continue;
        }
        let Ok(tx) = wake_tx.try_clone() else {
            return none;
        };
        // The actions run in this order: a signal after the first takes
        // the default action; the first is recorded, then wakes the loop.
        let installed = flag::register_conditional_default(sig, Arc::clone(&seen))
            .and_then(|_| flag::register(sig, Arc::clone(&seen)))
            .and_then(|_| flag::register_usize(sig, Arc::clone(&which), sig as usize))
            .and_then(|_| pipe::register(sig, tx));
        if installed.is_err() {
            return none;
        }
    }
    Signals {
        which,
        wake: Some(wake),
    }
}

/// Whether `sig` was ignored when panicsig started.
fn ignored(sig: i32) -> bool {
    let mut old = std::mem::MaybeUninit::<libc::sigaction>::zeroed();
    // SAFETY: a null new action only reads the current one into `old`,
    // a valid, writable sigaction.
    let got = unsafe { libc::sigaction(sig, std::ptr::null(), old.as_mut_ptr()) };
    // SAFETY: zeroed is a valid sigaction, and sigaction filled it in.
    got == 0 && unsafe { old.assume_init() }.sa_sigaction == libc::SIG_IGN
}

/// End the process by `sig` with its default action.
pub fn die(sig: i32) -> ! {
    // Restores the default action and raises the signal; for SIGINT and
    // SIGTERM it does not return.
    let _ = signal_hook::low_level::emulate_default_handler(sig);
    std::process::exit(128 + sig)
}
