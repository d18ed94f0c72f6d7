//! The goroutine profile at `/debug/pprof/goroutine?debug=1`: goroutines
//! with the same stack counted on one `N @ 0x...` line, their frames as
//! `#\t0xPC\tfunc+0xOFF\t\tfile:line`.
//!
//! ```text
//! goroutine profile: total 27
//! 4 @ 0x43af85 0x43351b 0x46c475
//! #<TAB>0x46c474<TAB>internal/poll.runtime_pollWait+0x54<TAB><TAB>/go/src/runtime/netpoll.go:222
//! ```

/// `goroutine profile: total 27`: the profile's first line, as the
/// incident's message.
pub fn header(line: &str) -> Option<&str> {
    let t = line.trim();
    let n = t.strip_prefix("goroutine profile: total ")?;
    (!n.is_empty() && n.bytes().all(|c| c.is_ascii_digit())).then_some(t)
}

/// `4 @ 0x43af85 0x43351b ...`: how many goroutines share the stack below.
pub fn bucket(line: &str) -> Option<u64> {
    let (n, pcs) = line.trim().split_once(" @ ")?;
    let n = n.parse().ok()?;
    let hex = |w: &str| {
        w.strip_prefix("0x")
            .is_some_and(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
    };
    pcs.split(' ').all(hex).then_some(n)
}

/// `#\t0x46c474\tinternal/poll.runtime_pollWait+0x54\t\t/go/src/runtime/netpoll.go:222`.
pub fn frame(line: &str) -> Option<(String, String, u32)> {
    let rest = line.strip_prefix("#\t0x")?;
    let mut fields = rest.split('\t').filter(|f| !f.is_empty());
    let _pc = fields.next()?;
    let function = fields.next()?;
    let function = function.rsplit_once("+0x").map_or(function, |(f, _)| f);
    let (file, no) = fields.next()?.trim_end().rsplit_once(':')?;
    Some((function.to_string(), file.to_string(), no.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_lines() {
        assert!(header("goroutine profile: total 27").is_some());
        assert!(header("goroutine profile: total").is_none());
        assert_eq!(bucket("4 @ 0x43af85 0x43351b"), Some(4));
        assert_eq!(bucket("4 @ home"), None);
        let f = frame(
            "#\t0x46c474\tinternal/poll.runtime_pollWait+0x54\t\t/go/src/runtime/netpoll.go:222",
        );
        assert_eq!(
            f,
            Some((
                "internal/poll.runtime_pollWait".into(),
                "/go/src/runtime/netpoll.go".into(),
                222
            ))
        );
    }

    #[test]
    fn a_profile_is_a_dump() {
        let text = "goroutine profile: total 5\n4 @ 0x43af85 0x43351b\n#\t0x46c474\tmain.wait+0x54\t\t/app/main.go:22\n\n1 @ 0x1\n#\t0x1\tmain.main+0x1\t\t/app/main.go:9\n\nother log\n";
        let found = super::super::scan(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, crate::model::Kind::Dump);
        assert_eq!(found[0].message, "goroutine profile: total 5");
        assert_eq!(found[0].end_line, 6);
        // Each record counts the goroutines it stands for, as the total.
        assert_eq!(found[0].goroutine_count, 5);
        let counts: Vec<u64> = found[0].buckets.iter().map(|b| b.count).collect();
        assert_eq!(counts, [4, 1]);
        assert!(super::super::scan("goroutine profile: total 5\nnothing\n").is_empty());
    }
}
