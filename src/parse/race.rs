//! `WARNING: DATA RACE` reports: access lines open a stack, `Goroutine N
//! (state) created at:` gives the state, a `=====` line ends the report.
//! Their stacks are indented by two spaces (functions) and six (files);
//! lines are read by their content, whatever indentation a paste added.

use super::builder::Builder;
use super::lines::{self, GoroutineHead, StackLine};
use super::state::{Phase, Step};
use crate::model::Kind;

pub(crate) fn step(b: &mut Builder, line: &str) -> Step {
    if line.trim().is_empty() {
        return Step::Filler;
    }
    // A paste may indent the whole report.
    let line = line.trim_start_matches(' ');
    if line.starts_with("==================") {
        b.flush_pending();
        b.phase = Phase::AfterHeader;
        b.incident.kind = Kind::Race;
        return Step::Extend;
    }
    if let Some((access, id)) = race_access(line) {
        b.expect_creation(false);
        let inc = &mut b.incident;
        if inc.goroutines.is_empty() {
            inc.message = access.to_string();
        }
        b.note(line);
        b.push_goroutine(GoroutineHead {
            id,
            state: "running".into(),
            ..GoroutineHead::default()
        });
        return Step::Extend;
    }
    if let Some(rest) = line.strip_prefix("Goroutine ") {
        b.expect_creation(true);
        let id: Option<u64> = rest.split(' ').next().and_then(|n| n.parse().ok());
        let state = rest
            .split_once('(')
            .and_then(|(_, s)| s.split_once(')'))
            .map(|(s, _)| s.to_string());
        if let (Some(id), Some(state)) = (id, state) {
            for g in b.incident.goroutines.iter_mut().filter(|g| g.id == id) {
                g.state.clone_from(&state);
            }
        }
        return Step::Extend;
    }
    if let Some(sl) = lines::race_stack_line(line) {
        match sl {
            StackLine::Function(f) => b.race_function(f),
            StackLine::File(file, l) => b.race_file(file, l),
            _ => {}
        }
        return Step::Extend;
    }
    if lines::is_incident_noise(line) {
        Step::Filler
    } else {
        Step::End
    }
}

/// `Read at 0x00c00009c078 by goroutine 8:` → (`Read at ... goroutine 8`, 8);
/// `by main goroutine` is goroutine 1. Reports before Go 1.3 give no
/// address: `Previous write by goroutine 8:`.
fn race_access(line: &str) -> Option<(&str, u64)> {
    let t = line.trim_end().strip_suffix(':')?;
    let by = t.find(" by ")?;
    let head = t.get(..by)?;
    let old_form = head.len() <= 24
        && (head.ends_with("read") || head.ends_with("write") || head == "Read" || head == "Write");
    if !(head.contains(" at 0x") || old_form) {
        return None;
    }
    let who = t.get(by + 4..)?;
    let id = if who == "main goroutine" {
        1
    } else {
        who.strip_prefix("goroutine ")?.parse().ok()?
    };
    Some((t, id))
}
