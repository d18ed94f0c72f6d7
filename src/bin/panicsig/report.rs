//! `panicsig report`: incidents grouped by fingerprint, worst first.

use crate::scan::Found;
use anstyle::{AnsiColor, Style};
use panicsig::catalog::Lang;
use std::collections::HashMap;
use std::io::{self, Write};

/// One fingerprint's incidents.
struct Group {
    first: Found,
    count: usize,
    /// `file:line` of every occurrence, capped.
    places: Vec<String>,
    /// Distinct stacks of the first incident (only the top ones are kept).
    stacks: usize,
}

/// Groups in first-seen order, found by fingerprint through a map.
#[derive(Default)]
pub struct Report {
    groups: Vec<Group>,
    by_fingerprint: HashMap<String, usize>,
}

const MAX_PLACES: usize = 5;

fn severity_rank(s: &str) -> u8 {
    match s {
        "critical" => 3,
        "high" => 2,
        "medium" => 1,
        _ => 0,
    }
}

fn place(f: &Found) -> String {
    match &f.file {
        Some(file) => format!("{file}:{}", f.found.start_line),
        None => format!("line {}", f.found.start_line),
    }
}

/// The report's styles; all plain without colour.
struct Styles {
    heading: Style,
    severity: Style,
    code: Style,
    label: Style,
    command: Style,
}

impl Styles {
    fn new(color: bool, severity: &str) -> Self {
        if !color {
            let plain = Style::new();
            return Styles {
                heading: plain,
                severity: plain,
                code: plain,
                label: plain,
                command: plain,
            };
        }
        let sev = match severity {
            "critical" => AnsiColor::Red.on_default().bold(),
            "high" => AnsiColor::Red.on_default(),
            "medium" => AnsiColor::Yellow.on_default(),
            _ => AnsiColor::Cyan.on_default(),
        };
        Styles {
            heading: Style::new().bold(),
            severity: sev,
            code: Style::new().bold(),
            label: Style::new().dimmed(),
            command: AnsiColor::Green.on_default(),
        }
    }
}

struct Labels {
    msg: &'static str,
    site: &'static str,
    culprit: &'static str,
    goroutine: &'static str,
    fingerprint: &'static str,
    seen: &'static str,
    what: &'static str,
    fix: &'static str,
    commands: &'static str,
    buckets: &'static str,
    /// `{goroutines} in {buckets} stacks` / `up to {n} min`.
    spread: fn(usize, usize) -> String,
    waited: fn(u64) -> String,
}

const EN: Labels = Labels {
    msg: "message",
    site: "crash site",
    culprit: "culprit",
    goroutine: "goroutine",
    fingerprint: "fingerprint",
    seen: "seen at",
    what: "meaning",
    fix: "fix",
    commands: "commands",
    buckets: "goroutines",
    spread: |g, b| format!("{g} in {b} distinct stack(s), most first"),
    waited: |m| format!(" (up to {m} min)"),
};

const ZH: Labels = Labels {
    msg: "信息",
    site: "崩溃位置",
    culprit: "业务代码",
    goroutine: "goroutine",
    fingerprint: "指纹",
    seen: "出现于",
    what: "含义",
    fix: "处理",
    commands: "命令",
    buckets: "goroutine",
    spread: |g, b| format!("共 {g} 个，{b} 种不同调用栈，按数量排序"),
    waited: |m| format!("（最长 {m} 分钟）"),
};

/// Buckets a report shows per group.
const MAX_BUCKET_LINES: usize = 5;

impl Report {
    pub fn add(&mut self, mut found: Found) {
        let p = place(&found);
        let fingerprint = &found.found.annotation.fingerprint;
        if let Some(g) = self
            .by_fingerprint
            .get(fingerprint)
            .and_then(|&i| self.groups.get_mut(i))
        {
            g.count += 1;
            if g.places.len() < MAX_PLACES {
                g.places.push(p);
            }
            return;
        }
        self.by_fingerprint
            .insert(fingerprint.clone(), self.groups.len());
        // The report never prints the stack, and only the top buckets;
        // do not keep the rest.
        found.found.stack = Vec::new();
        let stacks = found.found.buckets.len();
        found.found.buckets.truncate(MAX_BUCKET_LINES);
        self.groups.push(Group {
            first: found,
            count: 1,
            places: vec![p],
            stacks,
        });
    }

    /// The report; with `color`, ANSI styles (the caller decides: a
    /// terminal, NO_COLOR, CLICOLOR_FORCE).
    pub fn write(&mut self, out: &mut dyn Write, lang: Lang, color: bool) -> io::Result<()> {
        let zh = lang == Lang::Zh;
        // A stable sort: equal groups stay in first-seen order.
        self.groups.sort_by(|a, b| {
            severity_rank(&b.first.found.annotation.severity)
                .cmp(&severity_rank(&a.first.found.annotation.severity))
                .then(b.count.cmp(&a.count))
        });
        let total: usize = self.groups.iter().map(|g| g.count).sum();
        let heading = Styles::new(color, "").heading;
        if total == 0 {
            let none = if zh {
                "未发现 Go 崩溃。"
            } else {
                "No Go crashes found."
            };
            writeln!(out, "{heading}{none}{heading:#}")?;
            return Ok(());
        }
        let groups = self.groups.len();
        if zh {
            writeln!(
                out,
                "{heading}发现 {total} 个崩溃事件，{groups} 组（按指纹分组）{heading:#}\n"
            )?;
        } else {
            writeln!(
                out,
                "{heading}{total} crash incident(s) in {groups} group(s) by fingerprint{heading:#}\n"
            )?;
        }
        let l = if zh { &ZH } else { &EN };
        for (i, g) in self.groups.iter().enumerate() {
            write_group(out, i + 1, g, l, color)?;
        }
        Ok(())
    }
}

fn write_group(
    out: &mut dyn Write,
    n: usize,
    g: &Group,
    l: &Labels,
    color: bool,
) -> io::Result<()> {
    let a = &g.first.found.annotation;
    let s = Styles::new(color, &a.severity);
    let (sev, code, lab, cmd) = (s.severity, s.code, s.label, s.command);
    writeln!(
        out,
        "{n}. {sev}[{}]{sev:#} {code}{} {}{code:#} — {}  ×{}",
        a.severity.to_uppercase(),
        a.code,
        a.slug,
        a.title,
        g.count
    )?;
    let msg = a.message.lines().next().unwrap_or("");
    let header = match a.kind.as_str() {
        "panic" => "panic: ",
        "fatal" => "fatal error: ",
        _ => "",
    };
    // A goroutine dump has no message.
    if !msg.is_empty() {
        writeln!(out, "   {lab}{}:{lab:#} {header}{msg}", l.msg)?;
    }
    if let Some(site) = &a.crash_site {
        writeln!(
            out,
            "   {lab}{}:{lab:#} {} ({}:{})",
            l.site, site.function, site.file, site.line
        )?;
    }
    if let Some(site) = &a.culprit {
        writeln!(
            out,
            "   {lab}{}:{lab:#} {} ({}:{})",
            l.culprit, site.function, site.file, site.line
        )?;
    }
    if let Some(gr) = &a.goroutine {
        writeln!(
            out,
            "   {lab}{}:{lab:#} {} [{}]",
            l.goroutine, gr.id, gr.state
        )?;
    }
    write_buckets(out, g, l, lab)?;
    writeln!(out, "   {lab}{}:{lab:#} {}", l.fingerprint, a.fingerprint)?;
    let more = if g.count > g.places.len() {
        ", …"
    } else {
        ""
    };
    writeln!(
        out,
        "   {lab}{}:{lab:#} {}{more}",
        l.seen,
        g.places.join(", ")
    )?;
    writeln!(out, "   {lab}{}:{lab:#} {}", l.what, a.summary)?;
    writeln!(out, "   {lab}{}:{lab:#} {}", l.fix, a.remediation)?;
    if !a.commands.is_empty() {
        writeln!(out, "   {lab}{}:{lab:#}", l.commands)?;
        for c in &a.commands {
            writeln!(out, "     {cmd}$ {c}{cmd:#}")?;
        }
    }
    writeln!(out)
}

/// `3059 × chan receive (up to 12 min) at svc.(*Pool).get pool.go:88`,
/// for the biggest buckets of a dump or a crash with several goroutines.
fn write_buckets(out: &mut dyn Write, g: &Group, l: &Labels, lab: Style) -> io::Result<()> {
    let f = &g.first.found;
    if f.buckets.is_empty() {
        return Ok(());
    }
    let total = f.annotation.goroutines;
    writeln!(
        out,
        "   {lab}{}:{lab:#} {}",
        l.buckets,
        (l.spread)(total, g.stacks)
    )?;
    for b in &f.buckets {
        let states = b.states.join("/");
        let waited = b.wait_max.map(l.waited).unwrap_or_default();
        let at = b.own.as_ref().or(b.stack.first());
        let place = at.map_or(String::new(), |fr| {
            let file = fr.file.rsplit('/').next().unwrap_or(&fr.file);
            format!(" at {} {file}:{}", fr.function, fr.line)
        });
        let mark = if b.crashed { "  ←" } else { "" };
        writeln!(out, "     {} × {states}{waited}{place}{mark}", b.count)?;
    }
    Ok(())
}
