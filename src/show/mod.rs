//! The audit view: a record and the bytes its spans index → one self-contained HTML page.
//!
//! The page shows the input as text ([`text`]), every span of the record highlighted by what
//! it is ([`items`], placed and nested by [`nest`]), and a side panel with the record's
//! fields, criteria, values and warnings. It needs nothing but itself: CSS and one script
//! inline, no network, and a Content-Security-Policy that lets only that script run (by its
//! SHA-256), so nothing from a scraped page can execute. Every piece of page content goes
//! through the template engine's HTML escaping; the templates are in `templates/show/`.
//!
//! [`report`] writes a whole run (a page per input and a sortable index) and [`diff_page`]
//! the changes between two runs. Where a record's bytes come from is [`input`]'s one job.

pub mod diff_page;
pub mod input;
pub mod items;
pub mod nest;
pub mod report;
pub mod text;

use crate::record::Record;
use crate::span::Mapped;
use askama::Template;
use base64::Engine;
use items::{Item, Kind};
use nest::{Event, Highlight, Placer};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// The pages' stylesheet and script, inlined into every page.
pub const STYLE: &str = include_str!("../../templates/show/report.css");
pub const SCRIPT: &str = include_str!("../../templates/show/report.js");

/// Most text shown on one page (bytes of shown text); items past it are listed but not
/// highlighted, so a 200 MB input gives a page of bounded size.
pub const MAX_SHOWN: usize = 16 << 20;

/// Most items of one kind on a page (the first ones); the panel says how many there are.
pub const MAX_PER_KIND: usize = 2000;

/// Largest input whose whole record is embedded in its page as JSON.
pub const MAX_EMBEDDED_INPUT: usize = 1 << 20;

/// The Content-Security-Policy of every page: nothing may load, and only the page's own
/// stylesheet and script (by hash) may apply and run.
pub fn csp() -> &'static str {
    static CSP: OnceLock<String> = OnceLock::new();
    CSP.get_or_init(|| {
        let hash = |s: &str| {
            let digest = Sha256::digest(s.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        };
        format!(
            "default-src 'none'; script-src {}; style-src {}; img-src 'none'; \
             base-uri 'none'; form-action 'none'",
            hash(SCRIPT),
            hash(STYLE)
        )
    })
}

/// The kind filters of a view's header: class and label.
const FILTERS: [(&str, &str); 10] = [
    ("k-fact", "fields"),
    ("k-section", "sections"),
    ("k-inc", "inclusion"),
    ("k-exc", "exclusion"),
    ("k-oth", "other criteria"),
    ("k-age", "ages"),
    ("k-lab", "lab thresholds"),
    ("k-perf", "performance"),
    ("k-mut", "mutations"),
    ("k-warn", "warnings"),
];

/// One record field in the panel: dotted name, shown value, and the item of its span.
pub struct FieldRow {
    pub name: String,
    pub value: String,
    pub item: Option<usize>,
}

pub struct Entry<'a> {
    pub id: usize,
    pub item: &'a Item,
    /// Whether its span is highlighted in the shown text.
    pub placed: bool,
}

pub struct Group<'a> {
    pub name: &'static str,
    pub entries: Vec<Entry<'a>>,
    /// How many items of this kind the record has (more than `entries` past the limit).
    pub total: usize,
}

#[derive(Template)]
#[template(path = "show/page.html")]
struct PageTemplate<'a> {
    csp: &'static str,
    style: &'static str,
    script: &'static str,
    version: &'static str,
    title: String,
    format: &'static str,
    counts: String,
    note: Option<String>,
    filters: &'static [(&'static str, &'static str)],
    rec: &'a Record,
    events: Vec<Event<'a, 'a>>,
    fields: Vec<FieldRow>,
    groups: Vec<Group<'a>>,
    record_json: Option<String>,
}

/// The highlights of `items` (those with a span), numbered by item.
pub fn highlights(items: &[Item], first_id: usize) -> Vec<Highlight> {
    items
        .iter()
        .enumerate()
        .filter_map(|(i, it)| {
            Some(Highlight {
                item: first_id + i,
                span: it.span?,
                layer: it.kind.layer(),
                class: it.kind.class(),
                tag: it.tag.clone(),
            })
        })
        .collect()
}

/// The page for `rec`, whose spans index `bytes` counted from `base` (a study's offset in its
/// container; 0 for a whole file or archive member).
pub fn page(rec: &Record, bytes: &[u8], base: usize) -> String {
    let shown = if rec.error.is_some() {
        Mapped::default()
    } else {
        text::display(rec.format, bytes, base)
    };
    let record_json = (bytes.len() <= MAX_EMBEDDED_INPUT)
        .then(|| serde_json::to_string_pretty(rec).unwrap_or_default());
    page_for(rec, &shown, record_json)
}

fn page_for(rec: &Record, shown: &Mapped, record_json: Option<String>) -> String {
    let (items, kept) = items::items(rec, MAX_PER_KIND);
    let hls = highlights(&items, 0);
    let placer = Placer::new(shown);
    let (events, ranges) = nest::layout(&placer, &hls, MAX_SHOWN);
    let mut placed = vec![false; items.len()];
    for (h, r) in hls.iter().zip(&ranges) {
        placed[h.item] = r.is_some();
    }
    let note = (shown.len() > MAX_SHOWN).then(|| {
        let off = placed
            .iter()
            .zip(&items)
            .filter(|(p, it)| !**p && it.span.is_some())
            .count();
        format!(
            "The text is cut after {} MiB of {:.1} MiB; {off} items past the cut are listed but not highlighted.",
            MAX_SHOWN >> 20,
            shown.len() as f64 / (1 << 20) as f64
        )
    });
    let groups = Kind::GROUPS
        .iter()
        .zip(&kept)
        .filter(|((k, _), _)| *k != Kind::Fact)
        .map(|(&(kind, name), kept)| Group {
            name,
            total: kept.total,
            entries: items
                .iter()
                .enumerate()
                .filter(|(_, it)| it.kind == kind)
                .map(|(id, item)| Entry {
                    id,
                    item,
                    placed: placed[id],
                })
                .collect(),
        })
        .filter(|g| !g.entries.is_empty())
        .collect();
    let title = rec
        .titles
        .display
        .clone()
        .or_else(|| rec.titles.brief.clone())
        .or_else(|| rec.nct_id.clone())
        .unwrap_or_else(|| rec.path.clone());
    let t = PageTemplate {
        csp: csp(),
        style: STYLE,
        script: SCRIPT,
        version: env!("CARGO_PKG_VERSION"),
        title,
        format: rec.format.name(),
        counts: counts(rec),
        note,
        filters: &FILTERS,
        rec,
        events,
        fields: field_rows(rec, &items),
        groups,
        record_json,
    };
    t.render()
        .unwrap_or_else(|e| format!("template error: {e}"))
}

/// `12 criteria · 3 lab thresholds · …`: the sizes of the record's lists.
fn counts(rec: &Record) -> String {
    let n = rec.eligibility.walk().len();
    [
        (n, "criteria"),
        (rec.ages.len(), "ages"),
        (rec.lab_thresholds.len(), "lab thresholds"),
        (rec.performance_status.len(), "performance status"),
        (rec.mutations.len(), "mutation lists"),
        (rec.warnings.len(), "warnings"),
    ]
    .iter()
    .map(|(n, what)| format!("{n} {what}"))
    .collect::<Vec<_>>()
    .join(" · ")
}

/// The record's own fields (everything but the lists shown as items), flattened, each
/// linked to the quick-fact item whose `field_spans` key is its longest prefix.
fn field_rows(rec: &Record, items: &[Item]) -> Vec<FieldRow> {
    const LISTS: [&str; 8] = [
        "field_spans",
        "sections",
        "eligibility",
        "ages",
        "lab_thresholds",
        "performance_status",
        "mutations",
        "warnings",
    ];
    let facts: Vec<(usize, &str)> = items
        .iter()
        .enumerate()
        .filter(|(_, it)| it.kind == Kind::Fact)
        .map(|(i, it)| (i, it.title.as_str()))
        .collect();
    let fact_of = |name: &str| {
        facts
            .iter()
            .filter(|(_, key)| {
                name == *key || (name.starts_with(key) && name[key.len()..].starts_with('.'))
            })
            .max_by_key(|(_, key)| key.len())
            .map(|(i, _)| *i)
    };
    let mut rows: Vec<FieldRow> = items::ordered(&items::head(rec))
        .into_iter()
        .filter(|(k, _)| !LISTS.contains(&k.as_str()))
        .flat_map(|(k, v)| items::flatten(&k, &v))
        .filter(|(k, _)| k != "quick_facts.extra")
        .map(|(name, value)| FieldRow {
            item: fact_of(&name),
            name,
            value,
        })
        .collect();
    for &(i, key) in &facts {
        if !rows.iter().any(|r| r.item == Some(i)) {
            rows.push(FieldRow {
                name: key.to_owned(),
                value: items[i]
                    .fields
                    .iter()
                    .map(|(_, v)| v.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                item: Some(i),
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_pins_the_script_and_style_by_hash() {
        let c = csp();
        assert!(
            c.starts_with("default-src 'none'; script-src 'sha256-"),
            "{c}"
        );
        assert!(!c.contains("unsafe"), "{c}");
        // SHA-256 in base64 is 44 characters.
        let hash = c.split("'sha256-").nth(1).unwrap();
        assert_eq!(hash.find('\'').unwrap(), 44);
    }

    #[test]
    fn page_content_is_escaped_and_the_only_script_is_ours() {
        let page_text = "Inclusion Criteria:\n\n* <script>alert(1)</script> Age >= 18 </textarea><img src=x onerror=alert(2)>\n";
        let rec = crate::parse_bytes(
            "<b>x</b>.txt",
            page_text.as_bytes(),
            Some(crate::Format::CriteriaText),
        );
        let html = page(&rec, page_text.as_bytes(), 0);
        assert_eq!(html.matches("<script").count(), 1);
        assert!(!html.contains("<img"), "tags from the page must be text");
        assert!(!html.contains("<b>x"));
        assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
    }

    #[test]
    fn every_span_gets_one_highlight_whose_text_is_its_bytes() {
        let page_text = "Inclusion Criteria:\n\n* Platelets >= 100,000/uL and ECOG 0-1\n  * Age 18 to 75 years\n\nExclusion Criteria:\n\n* ANC < 1.5 x 10^9/L\n";
        let rec = crate::parse_bytes("p", page_text.as_bytes(), Some(crate::Format::CriteriaText));
        let html = page(&rec, page_text.as_bytes(), 0);
        let (all, _) = items::items(&rec, usize::MAX);
        let spans = all.iter().filter(|i| i.span.is_some()).count();
        assert_eq!(
            html.matches("class=\"hl ").count() - html.matches(" cont\"").count(),
            spans
        );
        for it in all {
            let Some(s) = it.span else { continue };
            assert!(
                html.contains(&format!("data-span=\"{}-{}\"", s.start, s.end)),
                "{s:?}"
            );
        }
    }
}
