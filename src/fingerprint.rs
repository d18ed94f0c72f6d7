//! A stable identity for "the same crash": equal across rebuilds that shift
//! line numbers and addresses, across goroutine ids and hosts; different
//! when the crash happens somewhere else.

use crate::model::Incident;

/// FNV-1a, 64 bit: tiny, dependency-free and identical on every target,
/// which is all a grouping key needs (it is not a security boundary).
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        // Separator, so that ("ab","c") and ("a","bc") differ.
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }
}

/// The message with numbers and hex addresses replaced, so that
/// `index out of range [7]` and `[9]` group together.
pub fn normalize_message(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len().min(256));
    let mut chars = msg.chars().peekable();
    while let Some(c) = chars.next() {
        if out.len() >= 256 {
            break;
        }
        if c.is_ascii_digit() {
            // 0x1f2e, 123, 1.5
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

fn base_name(file: &str) -> &str {
    file.rsplit('/').next().unwrap_or(file)
}

/// 16 hex digits over the signature code, the normalised message, and the
/// function names (not lines) from the crash site down.
pub fn fingerprint(code: &str, incident: &Incident) -> String {
    let mut h = Fnv::new();
    h.write(code.as_bytes());
    h.write(normalize_message(&incident.message).as_bytes());
    if let Some(site) = incident.crash_site() {
        h.write(site.function.as_bytes());
        h.write(base_name(&site.file).as_bytes());
    }
    for f in incident
        .below_panic()
        .iter()
        .filter(|f| !f.is_runtime() && !f.is_wrapper())
        .take(6)
    {
        h.write(f.function.as_bytes());
    }
    format!("{:016x}", h.0)
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
}
