//! Markdown tables generated from the catalog: the signature table of docs/catalog.md
//! and the handbook chapter mapping. A test keeps docs/catalog.md in step.

use super::{Catalog, MatchSpec};
use serde::Deserialize;

/// One row of `catalog/handbook.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct Chapter {
    pub chapter: String,
    pub seed_signature: String,
    pub real: bool,
    pub code: String,
    #[serde(default)]
    pub note: String,
}

/// The handbook mapping shipped with the catalog.
pub fn handbook() -> Result<Vec<Chapter>, super::Error> {
    serde_json::from_str(super::HANDBOOK).map_err(|e| super::Error(format!("handbook.json: {e}")))
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// A one-line summary of the match conditions.
pub fn describe_match(m: &MatchSpec) -> String {
    let mut parts = Vec::new();
    if let Some(k) = &m.kind {
        parts.push(k.items().join("/"));
    }
    if let Some(c) = &m.context {
        parts.push(format!("context {c}"));
    }
    if let Some(s) = &m.message {
        parts.push(format!("`{s}`"));
    }
    if let Some(s) = &m.message_prefix {
        parts.push(format!("`{s}…`"));
    }
    if let Some(c) = &m.message_contains {
        let list: Vec<String> = c.items().iter().map(|s| format!("`…{s}…`")).collect();
        parts.push(list.join(" or "));
    }
    if let Some(r) = &m.message_regex {
        parts.push(format!("regex `{r}`"));
    }
    if let Some(f) = &m.frame {
        parts.push(format!("frame `{f}`"));
    }
    if let Some(r) = &m.raised_in {
        let list: Vec<String> = r.items().iter().map(|s| format!("`{s}`")).collect();
        parts.push(format!("raised in {}…", list.join("… or ")));
    }
    if let Some(t) = &m.text {
        parts.push(format!("text `{t}`"));
    }
    parts.join(", ")
}

/// The signature table.
pub fn signature_table(catalog: &Catalog) -> String {
    let mut sigs: Vec<_> = catalog.signatures().collect();
    sigs.sort_by(|a, b| a.code.cmp(&b.code));
    let mut out = String::from(
        "| code | slug | title | severity | category | matches |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    for s in sigs {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} | {} |\n",
            s.code,
            s.slug,
            cell(&s.title.en),
            s.severity.as_str(),
            s.category,
            cell(
                &s.matcher
                    .iter()
                    .map(describe_match)
                    .collect::<Vec<_>>()
                    .join("; or ")
            ),
        ));
    }
    out
}

/// The handbook chapter → code table.
pub fn handbook_table(catalog: &Catalog) -> Result<String, super::Error> {
    let mut out = String::from(
        "| chapter | handbook signature | printed by Go? | panicsig code | note |\n| --- | --- | --- | --- | --- |\n",
    );
    for ch in handbook()? {
        let slug = catalog.get(&ch.code).map_or("?", |s| s.slug.as_str());
        out.push_str(&format!(
            "| {} | {} | {} | {} `{}` | {} |\n",
            ch.chapter,
            cell(&ch.seed_signature),
            if ch.real { "yes" } else { "no" },
            ch.code,
            slug,
            cell(&ch.note)
        ));
    }
    Ok(out)
}

/// Everything `panicsig catalog --format markdown` prints and docs/catalog.md
/// embeds.
pub fn markdown(catalog: &Catalog) -> Result<String, super::Error> {
    Ok(format!(
        "### Signatures\n\n{}\n### Handbook chapters\n\nEach chapter of the seed handbook, whether Go really prints its signature, and the code that covers what Go prints instead.\n\n{}",
        signature_table(catalog),
        handbook_table(catalog)?
    ))
}
