//! A stable identity for "the same crash": equal across rebuilds that shift
//! line numbers and addresses, across goroutine ids and hosts; different
//! when the crash happens somewhere else.

use crate::json_write::{hex_digit, put, put_byte};
use crate::model::Incident;

/// The message with numbers and hex addresses replaced, so that
/// `index out of range [7]` and `[9]` group together.
pub fn normalize_message(msg: &str) -> String {
    let b = msg.as_bytes();
    let mut out = String::with_capacity(msg.len().min(MESSAGE_CHARS));
    // Bytes, copying the runs between numbers in one piece: a header
    // record's cost in a wasm interpreter, where a `char` at a time was a
    // tenth of it. `msg[copied..i]` is not yet copied; `i` is always at a
    // character boundary.
    let (mut copied, mut i) = (0, 0);
    // Each character or number gives one character: stop at the first
    // 256 of them (VRL counts in characters).
    for _ in 0..MESSAGE_CHARS {
        let Some(&c) = b.get(i) else {
            break;
        };
        if c.is_ascii_digit() {
            // 0x1f2e, 123, 1.5
            put(&mut out, msg.get(copied..i).unwrap_or(""));
            i = i.saturating_add(1);
            while b
                .get(i)
                .is_some_and(|d| d.is_ascii_hexdigit() || *d == b'x' || *d == b'.')
            {
                i = i.saturating_add(1);
            }
            put_byte(&mut out, b'#');
            copied = i;
        } else {
            // One character: its lead byte and continuation bytes.
            i = i.saturating_add(1);
            while b.get(i).is_some_and(|d| d & 0xc0 == 0x80) {
                i = i.saturating_add(1);
            }
        }
    }
    put(&mut out, msg.get(copied..i).unwrap_or(""));
    out
}

/// How much of the normalised message counts.
const MESSAGE_CHARS: usize = 256;

fn base_name(file: &str) -> &str {
    file.rsplit('/').next().unwrap_or(file)
}

/// The first 16 hex digits of the SHA-256 of the signature code, the
/// normalised message, the crash site's function and file name (not its
/// line) and the functions of up to six frames below the panic that are
/// neither runtime nor compiler wrappers, one per line. SHA-256 because
/// every host can compute it, Vector's VRL included
/// (src/export/vrl/mod.rs does the same there).
pub fn fingerprint(code: &str, incident: &Incident) -> String {
    let mut text = String::with_capacity(256);
    put(&mut text, code);
    put_byte(&mut text, b'\n');
    put(&mut text, &normalize_message(&incident.message));
    if let Some(site) = incident.crash_site() {
        put_byte(&mut text, b'\n');
        put(&mut text, &site.function);
        put_byte(&mut text, b'\n');
        put(&mut text, base_name(&site.file));
    }
    for f in incident
        .below_panic()
        .iter()
        .filter(|f| !f.is_runtime() && !f.is_wrapper())
        .take(6)
    {
        put_byte(&mut text, b'\n');
        put(&mut text, &f.function);
    }
    // Hex by table: `format!` per byte is a large share of this function
    // in a wasm interpreter.
    let mut hex = String::with_capacity(16);
    for b in crate::sha256::digest(text.as_bytes()).iter().take(8) {
        put_byte(&mut hex, hex_digit(b >> 4) as u8);
        put_byte(&mut hex, hex_digit(*b) as u8);
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::normalize_message;

    #[test]
    fn numbers_and_addresses_are_masked() {
        assert_eq!(
            normalize_message("index out of range [7] with length 5"),
            "index out of range [#] with length #"
        );
        assert_eq!(normalize_message("(main.T) 0xc000010018"), "(main.T) #");
    }

    #[test]
    fn the_first_256_characters_count() {
        assert_eq!(normalize_message(&"é".repeat(300)), "é".repeat(256));
        let numbers = "7 ".repeat(200);
        assert_eq!(normalize_message(&numbers), "# ".repeat(128));
        assert_eq!(normalize_message("a1.5b é0x1fz q"), "a# é#z q");
        assert_eq!(normalize_message("9"), "#");
        assert_eq!(normalize_message(""), "");
    }

    /// The byte loop gives what reading a character at a time gives, on
    /// every fixture message and on every message cut at every character.
    #[test]
    fn bytes_and_characters_agree() {
        fn by_chars(msg: &str) -> String {
            let mut out = String::new();
            let mut chars = msg.chars().peekable();
            for _ in 0..super::MESSAGE_CHARS {
                let Some(c) = chars.next() else { break };
                if c.is_ascii_digit() {
                    while chars
                        .peek()
                        .is_some_and(|d| d.is_ascii_hexdigit() || *d == 'x' || *d == '.')
                    {
                        chars.next();
                    }
                    out.push('#');
                } else {
                    out.push(c);
                }
            }
            out
        }
        let texts = crate::test_fixtures::read_all(&[
            "tests/fixtures/realworld/pos",
            "tests/fixtures/gen/go1.27",
        ]);
        let mut n = 0;
        for t in texts.iter().filter_map(|b| std::str::from_utf8(b).ok()) {
            for inc in crate::parse::scan(t) {
                let m = inc.message.as_str();
                for (cut, _) in m.char_indices().take(40) {
                    let part = m.get(cut..).unwrap_or("");
                    assert_eq!(normalize_message(part), by_chars(part), "{part:?}");
                    n += 1;
                }
            }
        }
        assert!(n > 1000, "{n} messages");
    }
}
