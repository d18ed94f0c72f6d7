//! Recognisers for the lines of one goroutine block: function lines,
//! `created by`, file lines and elision markers, in every form Go has
//! printed them (raw hex arguments before 1.17, `{0x..}` after; `created
//! by F` before 1.21, `created by F in goroutine N` after).

use crate::model::Frame;

/// What a line inside a goroutine block is.
#[derive(Debug, PartialEq, Eq)]
pub enum StackLine {
    /// `pkg.Func(args)`; the file line follows.
    Function(String),
    /// `created by pkg.Func in goroutine 20`.
    CreatedBy(String),
    /// `\t/path/file.go:19 +0x4c` (the file and line of the frame above).
    File(String, u32),
    /// `...additional frames elided...` / `...4 frames elided...`.
    Elided(usize),
}

/// Classify one line of a goroutine block (a Go traceback: functions
/// unindented, files tab-indented).
pub fn stack_line(line: &str) -> Option<StackLine> {
    if let Some(f) = line.strip_prefix('\t') {
        return file_line(f).map(|(file, line)| StackLine::File(file, line));
    }
    function_line(line)
}

/// Classify one line of a race report, where functions are indented by two
/// spaces and files by six.
pub fn race_stack_line(line: &str) -> Option<StackLine> {
    if let Some(f) = line.strip_prefix("      ") {
        return file_line(f).map(|(file, line)| StackLine::File(file, line));
    }
    line.strip_prefix("  ").and_then(function_line)
}

pub(crate) fn function_line(line: &str) -> Option<StackLine> {
    let line = line.trim_end();
    if line.starts_with("...") && line.ends_with("...") {
        let n = line
            .trim_matches('.')
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        return Some(StackLine::Elided(n));
    }
    if let Some(rest) = line.strip_prefix("created by ") {
        let f = rest.split(" in goroutine ").next().unwrap_or(rest);
        return Some(StackLine::CreatedBy(f.to_string()));
    }
    if line.starts_with([' ', '\t']) || !line.ends_with(')') {
        return None;
    }
    let open = args_open(line)?;
    let name = line.get(..open)?;
    if name.is_empty() || name.contains(' ') {
        return None;
    }
    Some(StackLine::Function(name.to_string()))
}

/// Index of the `(` that opens the argument list at the end of a frame's
/// function line. Function names contain parentheses themselves
/// (`main.(*T).M`), so match backwards from the last `)`.
fn args_open(line: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in line.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// `/path/file.go:19 +0x4c fp=... sp=... pc=...` → (`/path/file.go`, 19).
pub(crate) fn file_line(s: &str) -> Option<(String, u32)> {
    let s = s.trim_end();
    let loc = s.split(" +0x").next()?.split(" fp=").next()?;
    let colon = loc.rfind(':')?;
    let line: u32 = loc.get(colon + 1..)?.parse().ok()?;
    let file = loc.get(..colon)?;
    if file.is_empty() {
        return None;
    }
    Some((file.to_string(), line))
}

/// Build a frame from a function line and the file line after it.
pub fn frame(function: String, file: String, line: u32) -> Frame {
    let function = if function == "panic" || function.starts_with("panic(") {
        "panic".to_string()
    } else {
        function
    };
    Frame {
        function,
        file,
        line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_names_keep_receivers_and_generics() {
        let cases = [
            ("main.(*Tx).Rollback(...)", "main.(*Tx).Rollback"),
            ("panic({0x46d4e0?, 0x4975c0?})", "panic"),
            ("panic(0x78f820, 0xc82036c580)", "panic"),
            ("main.(*Stack[...]).Pop(0xc000010018)", "main.(*Stack[...]).Pop"),
            (
                "github.com/acme/x/internal/api.(*Handler).ServeUser(0xc000096100?, {0x78b630, 0xc000192000}, 0x7fbc499a45b8?)",
                "github.com/acme/x/internal/api.(*Handler).ServeUser",
            ),
            ("runtime.goexit({})", "runtime.goexit"),
            ("main.main()", "main.main"),
        ];
        for (line, want) in cases {
            assert_eq!(stack_line(line), Some(StackLine::Function(want.into())));
        }
    }

    #[test]
    fn file_lines_in_every_traceback_form() {
        assert_eq!(
            stack_line("\t/usr/lib/go-1.23/src/runtime/panic.go:785 +0x132"),
            Some(StackLine::File(
                "/usr/lib/go-1.23/src/runtime/panic.go".into(),
                785
            ))
        );
        assert_eq!(
            stack_line("\t/a/main.go:13 +0x18 fp=0xc000070f50 sp=0xc000070f08 pc=0x48f638"),
            Some(StackLine::File("/a/main.go".into(), 13))
        );
        assert_eq!(
            stack_line("\t<autogenerated>:1 +0x2f"),
            Some(StackLine::File("<autogenerated>".into(), 1))
        );
        assert_eq!(
            stack_line("\t/a/main.go:9"),
            Some(StackLine::File("/a/main.go".into(), 9))
        );
    }

    #[test]
    fn created_by_old_and_new() {
        assert_eq!(
            stack_line("created by main.main"),
            Some(StackLine::CreatedBy("main.main".into()))
        );
        assert_eq!(
            stack_line("created by main.main in goroutine 1"),
            Some(StackLine::CreatedBy("main.main".into()))
        );
        assert_eq!(
            stack_line("...4 frames elided..."),
            Some(StackLine::Elided(4))
        );
    }
}
