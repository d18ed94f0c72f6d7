//! `panicsig report`: incidents grouped by fingerprint, worst first.

use crate::Found;
use panicsig::catalog::Lang;
use std::io::{self, Write};

/// One fingerprint's incidents.
struct Group {
    first: Found,
    count: usize,
    /// `file:line` of every occurrence, capped.
    places: Vec<String>,
}

#[derive(Default)]
pub struct Report {
    groups: Vec<Group>,
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

impl Report {
    pub fn add(&mut self, found: Found) {
        let p = place(&found);
        match self
            .groups
            .iter_mut()
            .find(|g| g.first.found.annotation.fingerprint == found.found.annotation.fingerprint)
        {
            Some(g) => {
                g.count += 1;
                if g.places.len() < MAX_PLACES {
                    g.places.push(p);
                }
            }
            None => self.groups.push(Group {
                first: found,
                count: 1,
                places: vec![p],
            }),
        }
    }

    pub fn write(&mut self, out: &mut dyn Write, lang: Lang) -> io::Result<()> {
        let zh = lang == Lang::Zh;
        self.groups.sort_by(|a, b| {
            severity_rank(&b.first.found.annotation.severity)
                .cmp(&severity_rank(&a.first.found.annotation.severity))
                .then(b.count.cmp(&a.count))
        });
        let total: usize = self.groups.iter().map(|g| g.count).sum();
        if total == 0 {
            writeln!(
                out,
                "{}",
                if zh {
                    "未发现 Go 崩溃。"
                } else {
                    "No Go crashes found."
                }
            )?;
            return Ok(());
        }
        if zh {
            writeln!(
                out,
                "发现 {total} 个崩溃事件，{} 组（按指纹分组）\n",
                self.groups.len()
            )?;
        } else {
            writeln!(
                out,
                "{total} crash incident(s) in {} group(s) by fingerprint\n",
                self.groups.len()
            )?;
        }
        for (i, g) in self.groups.iter().enumerate() {
            let a = &g.first.found.annotation;
            writeln!(
                out,
                "{}. [{}] {} {} — {}  ×{}",
                i + 1,
                a.severity.to_uppercase(),
                a.code,
                a.slug,
                a.title,
                g.count
            )?;
            let (l_msg, l_site, l_culprit, l_gor, l_fp, l_seen, l_what, l_fix, l_cmd) = if zh {
                (
                    "信息",
                    "崩溃位置",
                    "业务代码",
                    "goroutine",
                    "指纹",
                    "出现于",
                    "含义",
                    "处理",
                    "命令",
                )
            } else {
                (
                    "message",
                    "crash site",
                    "culprit",
                    "goroutine",
                    "fingerprint",
                    "seen at",
                    "meaning",
                    "fix",
                    "commands",
                )
            };
            let msg = a.message.lines().next().unwrap_or("");
            let header = match a.kind.as_str() {
                "panic" => "panic: ",
                "fatal" => "fatal error: ",
                _ => "",
            };
            writeln!(out, "   {l_msg}: {header}{msg}")?;
            if let Some(s) = &a.crash_site {
                writeln!(out, "   {l_site}: {} ({}:{})", s.function, s.file, s.line)?;
            }
            if let Some(s) = &a.culprit {
                writeln!(
                    out,
                    "   {l_culprit}: {} ({}:{})",
                    s.function, s.file, s.line
                )?;
            }
            if let Some(gr) = &a.goroutine {
                writeln!(out, "   {l_gor}: {} [{}]", gr.id, gr.state)?;
            }
            writeln!(out, "   {l_fp}: {}", a.fingerprint)?;
            let more = if g.count > g.places.len() {
                ", …"
            } else {
                ""
            };
            writeln!(out, "   {l_seen}: {}{more}", g.places.join(", "))?;
            writeln!(out, "   {l_what}: {}", a.summary)?;
            writeln!(out, "   {l_fix}: {}", a.remediation)?;
            if !a.commands.is_empty() {
                writeln!(out, "   {l_cmd}:")?;
                for c in &a.commands {
                    writeln!(out, "     $ {c}")?;
                }
            }
            writeln!(out)?;
        }
        Ok(())
    }
}
