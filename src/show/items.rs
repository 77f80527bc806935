//! A record's items for the page: every span the record holds, each with what was extracted
//! there, grouped as the side panel lists them.
//!
//! One item per span in the record (quick facts through `field_spans`, unknown quick-fact
//! rows, sections, every criterion at every depth, ages, lab thresholds, performance status,
//! mutation lists, warnings), plus the warnings without a span. A test checks this list
//! against a generic walk of the serialised record, so a new span field cannot be missed.

use super::nest::Layer;
use crate::record::{Comparator, Criterion, PerformanceScale, Record, Section};
use crate::span::Span;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;

/// What an item is: its panel group, tint and stacking layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Fact,
    ExtraFact,
    Section,
    Criterion(Section),
    Age,
    Lab,
    Performance,
    Mutation,
    Warning,
}

impl Kind {
    /// Panel groups, in panel order.
    pub const GROUPS: [(Kind, &'static str); 11] = [
        (Kind::Fact, "Quick facts and fields"),
        (Kind::ExtraFact, "Unknown quick-fact rows"),
        (Kind::Criterion(Section::Inclusion), "Inclusion criteria"),
        (Kind::Criterion(Section::Exclusion), "Exclusion criteria"),
        (Kind::Criterion(Section::Other), "Other criteria"),
        (Kind::Age, "Ages"),
        (Kind::Lab, "Lab thresholds"),
        (Kind::Performance, "Performance status"),
        (Kind::Mutation, "Mutations"),
        (Kind::Warning, "Warnings"),
        (Kind::Section, "Sections"),
    ];

    /// CSS classes; `k-*` is what the page's kind filters toggle.
    pub fn class(self) -> &'static str {
        match self {
            Kind::Fact => "k-fact",
            Kind::ExtraFact => "k-fact k-extra",
            Kind::Section => "k-section",
            Kind::Criterion(Section::Inclusion) => "k-crit k-inc",
            Kind::Criterion(Section::Exclusion) => "k-crit k-exc",
            Kind::Criterion(Section::Other) => "k-crit k-oth",
            Kind::Age => "k-val k-age",
            Kind::Lab => "k-val k-lab",
            Kind::Performance => "k-val k-perf",
            Kind::Mutation => "k-val k-mut",
            Kind::Warning => "k-warn",
        }
    }

    /// A short name shown on the item's card.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Fact => "field",
            Kind::ExtraFact => "unknown quick fact",
            Kind::Section => "section",
            Kind::Criterion(Section::Inclusion) => "inclusion criterion",
            Kind::Criterion(Section::Exclusion) => "exclusion criterion",
            Kind::Criterion(Section::Other) => "criterion",
            Kind::Age => "age limit",
            Kind::Lab => "lab threshold",
            Kind::Performance => "performance status",
            Kind::Mutation => "mutation list",
            Kind::Warning => "warning",
        }
    }

    pub fn layer(self) -> Layer {
        match self {
            Kind::Section => Layer::Section,
            Kind::Fact | Kind::ExtraFact => Layer::Fact,
            Kind::Criterion(_) => Layer::Criterion,
            Kind::Age | Kind::Lab | Kind::Performance | Kind::Mutation => Layer::Value,
            Kind::Warning => Layer::Warning,
        }
    }
}

/// One entry of the side panel (and, when it has a span, one highlight).
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub kind: Kind,
    /// One line: the field name, the criterion's index, the value in short.
    pub title: String,
    /// The quoted text (criterion text, the value's words, a warning's message).
    pub quote: Option<String>,
    /// Extracted fields, name and shown value, in record order.
    pub fields: Vec<(String, String)>,
    pub span: Option<Span>,
    /// Criterion depth (0 = top level), for indentation in the panel.
    pub depth: usize,
    /// Criterion index (`I2.1`), shown on its highlight.
    pub tag: Option<String>,
}

impl Item {
    fn new(kind: Kind, title: impl Into<String>, span: Option<Span>) -> Item {
        Item {
            kind,
            title: title.into(),
            quote: None,
            fields: Vec::new(),
            span,
            depth: 0,
            tag: None,
        }
    }
}

/// The record without its lists (criteria, values, warnings, sections): what the panel's
/// field list and the quick facts' values come from, small whatever the input. A struct
/// literal, so a new record field must be placed here or there.
pub fn head(rec: &Record) -> Record {
    Record {
        schema_version: rec.schema_version,
        path: rec.path.clone(),
        format: rec.format,
        nct_id: rec.nct_id.clone(),
        status: rec.status.clone(),
        titles: rec.titles.clone(),
        conditions: rec.conditions.clone(),
        last_reviewed: rec.last_reviewed.clone(),
        quick_facts: rec.quick_facts.clone(),
        field_spans: rec.field_spans.clone(),
        sections: Vec::new(),
        eligibility: Default::default(),
        ages: Vec::new(),
        lab_thresholds: Vec::new(),
        performance_status: Vec::new(),
        mutations: Vec::new(),
        warnings: Vec::new(),
        error: rec.error.clone(),
    }
}

/// How many items of each kind the record has, and how many of them [`items`] kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    pub kind: Kind,
    pub total: usize,
    pub kept: usize,
}

/// The items of `rec`, grouped in [`Kind::GROUPS`] order, at most `limit` of each kind (the
/// first ones), and per kind how many there are and were kept.
pub fn items(rec: &Record, limit: usize) -> (Vec<Item>, Vec<Kept>) {
    let json = serde_json::to_value(head(rec)).unwrap_or(Value::Null);
    let mut out = Vec::new();
    for (key, span) in rec.field_spans.iter().take(limit) {
        let mut it = Item::new(Kind::Fact, *key, Some(*span));
        if let Some(v) = json.pointer(&format!("/{}", key.replace('.', "/"))) {
            it.fields = flatten("", v);
        }
        out.push(it);
    }
    for fact in rec.quick_facts.extra.iter().take(limit) {
        let mut it = Item::new(Kind::ExtraFact, "quick_facts.extra", Some(fact.span));
        it.quote = Some(fact.text.clone());
        out.push(it);
    }
    criteria(rec, limit, &mut out);
    for a in rec.ages.iter().take(limit) {
        let bound = |b: &Option<crate::record::AgeBound>, cmp: [&str; 2]| {
            b.as_ref().map(|b| {
                let cmp = if b.inclusive { cmp[1] } else { cmp[0] };
                format!("{cmp} {} {}", num(b.value.0), b.unit)
            })
        };
        let parts: Vec<String> = [bound(&a.min, [">", "≥"]), bound(&a.max, ["<", "≤"])]
            .into_iter()
            .flatten()
            .collect();
        out.push(valued(
            Kind::Age,
            format!("age {}", parts.join(", ")),
            a,
            &a.text,
            a.span,
        ));
    }
    for l in rec.lab_thresholds.iter().take(limit) {
        let mut value = num(l.value.0);
        if let Some(high) = l.value_high {
            value = format!("{value}–{}", num(high.0));
        }
        let title = format!(
            "{} {} {value} {}",
            l.analyte.unwrap_or(&l.measurement),
            l.comparator,
            l.unit.unwrap_or("")
        );
        out.push(valued(Kind::Lab, title.trim_end(), l, &l.text, l.span));
    }
    for p in rec.performance_status.iter().take(limit) {
        let range = match (p.min, p.max) {
            (Some(a), Some(b)) => format!("{}–{}", num(a.0), num(b.0)),
            (Some(a), None) => format!("≥ {}", num(a.0)),
            (None, Some(b)) => format!("≤ {}", num(b.0)),
            (None, None) => "(no bound)".into(),
        };
        let written = match p.value_high {
            Some(high) => format!("{}–{}", num(p.value.0), num(high.0)),
            None => format!("{} {}", p.comparator, num(p.value.0)),
        };
        let scale = p
            .scale
            .map_or("performance status", PerformanceScale::as_str);
        // A strict comparison means other scores than the ones written: show both.
        let title = if matches!(p.comparator, Comparator::Lt | Comparator::Gt) {
            format!("{scale} {written} (allows {range})")
        } else {
            format!("{scale} {written}")
        };
        out.push(valued(Kind::Performance, title, p, &p.text, p.span));
    }
    for m in rec.mutations.iter().take(limit) {
        let names: Vec<&str> = m.variants.iter().map(|v| v.name.as_str()).collect();
        let title = format!("{} {}", m.gene.unwrap_or("(gene?)"), names.join(", "));
        out.push(valued(Kind::Mutation, title, m, &m.text, m.span));
    }
    for w in rec.warnings.iter().take(limit) {
        let mut it = Item::new(Kind::Warning, w.code.as_str(), w.span);
        it.quote = Some(w.message.clone());
        out.push(it);
    }
    for s in rec.sections.iter().take(limit) {
        out.push(Item::new(Kind::Section, s.heading.clone(), Some(s.span)));
    }
    let count = |kind: Kind| out.iter().filter(|i| i.kind == kind).count();
    let criteria_total = |sec: Section| {
        let list = match sec {
            Section::Inclusion => &rec.eligibility.inclusion,
            Section::Exclusion => &rec.eligibility.exclusion,
            Section::Other => &rec.eligibility.other,
        };
        let mut n = 0;
        let mut stack: Vec<&Criterion> = list.iter().collect();
        while let Some(c) = stack.pop() {
            n += 1;
            stack.extend(&c.children);
        }
        n
    };
    let kept = Kind::GROUPS
        .iter()
        .map(|&(kind, _)| Kept {
            kind,
            total: match kind {
                Kind::Fact => rec.field_spans.len(),
                Kind::ExtraFact => rec.quick_facts.extra.len(),
                Kind::Criterion(sec) => criteria_total(sec),
                Kind::Age => rec.ages.len(),
                Kind::Lab => rec.lab_thresholds.len(),
                Kind::Performance => rec.performance_status.len(),
                Kind::Mutation => rec.mutations.len(),
                Kind::Warning => rec.warnings.len(),
                Kind::Section => rec.sections.len(),
            },
            kept: count(kind),
        })
        .collect();
    (out, kept)
}

/// Every criterion, depth first, indexed like the criteria table (`I2.1`: first child of the
/// second inclusion criterion). Explicit stack: depth never costs call stack.
fn criteria(rec: &Record, limit: usize, out: &mut Vec<Item>) {
    let lists = [
        (Section::Inclusion, "I", &rec.eligibility.inclusion),
        (Section::Exclusion, "E", &rec.eligibility.exclusion),
        (Section::Other, "O", &rec.eligibility.other),
    ];
    for (section, letter, list) in lists {
        let mut stack: Vec<(&Criterion, String, usize)> = list
            .iter()
            .enumerate()
            .rev()
            .map(|(i, c)| (c, format!("{letter}{}", i + 1), 0))
            .collect();
        let mut kept = 0;
        while let Some((c, ix, depth)) = stack.pop() {
            if kept == limit {
                break;
            }
            kept += 1;
            let mut it = Item::new(Kind::Criterion(section), ix.clone(), Some(c.span));
            it.quote = Some(c.text.as_str().to_owned());
            it.depth = depth;
            it.tag = Some(ix.clone());
            out.push(it);
            for (i, child) in c.children.iter().enumerate().rev() {
                stack.push((child, format!("{ix}.{}", i + 1), depth + 1));
            }
        }
    }
}

/// An extracted value's item: its fields in record order, less the quote and the span.
fn valued<T: serde::Serialize>(
    kind: Kind,
    title: impl Into<String>,
    v: &T,
    text: &str,
    span: Span,
) -> Item {
    let mut it = Item::new(kind, title, Some(span));
    it.quote = Some(text.to_owned());
    it.fields = ordered(v)
        .into_iter()
        .filter(|(k, _)| k != "text" && k != "span")
        .flat_map(|(k, v)| flatten(&k, &v))
        .collect();
    it
}

/// A number as the record prints it (`3`, not `3.0`).
fn num(v: f64) -> String {
    crate::record::Number(v)
        .as_whole()
        .map_or_else(|| v.to_string(), |i| i.to_string())
}

/// The top-level fields of a value in serialisation (struct) order, which `serde_json::Value`
/// would sort.
pub fn ordered<T: serde::Serialize>(v: &T) -> Vec<(String, Value)> {
    struct Fields(Vec<(String, Value)>);
    impl<'de> serde::Deserialize<'de> for Fields {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Fields, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Fields;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
                    let mut out = Vec::new();
                    while let Some(entry) = map.next_entry::<String, Value>()? {
                        out.push(entry);
                    }
                    Ok(Fields(out))
                }
            }
            d.deserialize_map(V)
        }
    }
    serde_json::to_string(v)
        .ok()
        .and_then(|s| serde_json::from_str::<Fields>(&s).ok())
        .map_or_else(Vec::new, |f| f.0)
}

/// A value as `(name, shown value)` rows: objects flattened to dotted names, scalars as
/// text, arrays of scalars joined, anything else compact JSON.
pub fn flatten(name: &str, v: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![(name.to_owned(), v)];
    while let Some((name, v)) = stack.pop() {
        match v {
            Value::Object(map) if !map.is_empty() => {
                for (k, v) in map.iter().rev() {
                    let n = if name.is_empty() {
                        k.clone()
                    } else {
                        format!("{name}.{k}")
                    };
                    stack.push((n, v));
                }
            }
            _ => out.push((name, shown(v))),
        }
    }
    out
}

/// One value as a person reads it: strings bare, null as "—", lists of scalars joined.
pub fn shown(v: &Value) -> String {
    match v {
        Value::Null => "—".into(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().all(|v| !v.is_object() && !v.is_array()) => {
            if items.is_empty() {
                "[]".into()
            } else {
                items.iter().map(shown).collect::<Vec<_>>().join(", ")
            }
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every span in the serialised record, found without knowing the record's types.
    fn spans_in(v: &Value, out: &mut Vec<Span>) {
        let mut stack = vec![(None, v)];
        while let Some((key, v)) = stack.pop() {
            match v {
                Value::Object(map) => {
                    for (k, v) in map {
                        if k == "field_spans" {
                            if let Value::Object(f) = v {
                                for s in f.values() {
                                    out.extend(as_span(s));
                                }
                            }
                        } else {
                            stack.push((Some(k.as_str()), v));
                        }
                    }
                }
                Value::Array(items) if key == Some("span") => out.extend(as_span(v)),
                Value::Array(items) => stack.extend(items.iter().map(|v| (None, v))),
                _ => {}
            }
        }
    }

    fn as_span(v: &Value) -> Option<Span> {
        let a = v.get(0)?.as_u64()? as usize;
        let b = v.get(1)?.as_u64()? as usize;
        Some(Span::new(a, b))
    }

    #[test]
    fn one_item_per_span_in_every_fixture() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut checked = 0;
        for name in [
            "corpus/000_12ad7b77f5f507e9.txt",
            "corpus/001_e528972679042d84.txt",
            "corpus/004_d666156634f9ad67.txt",
            "corpus/edge/find_page.html",
            "corpus/edge/registry_record.json",
            "corpus/edge/find_invalid_utf8.txt",
            "corpus/edge/unknown_layout.txt",
            "corpus/edge/study_view_truncated.txt",
        ] {
            let bytes = std::fs::read(root.join(name)).unwrap();
            let rec = crate::parse_bytes(name, &bytes, None);
            let mut want = Vec::new();
            spans_in(&serde_json::to_value(&rec).unwrap(), &mut want);
            let (all, kept) = items(&rec, usize::MAX);
            assert!(kept.iter().all(|k| k.kept == k.total), "{name}");
            let mut got: Vec<Span> = all.iter().filter_map(|i| i.span).collect();
            want.sort();
            got.sort();
            assert_eq!(got, want, "{name}");
            checked += got.len();
        }
        assert!(checked > 300, "{checked}");
    }

    #[test]
    fn each_kind_is_cut_at_the_limit_and_counted() {
        let mut page = String::from("Inclusion Criteria:\n\n");
        for i in 0..30 {
            page.push_str(&format!("* Platelets >= {i}00 /uL\n  * sub {i}\n"));
        }
        let rec = crate::parse_bytes("p", page.as_bytes(), Some(crate::Format::CriteriaText));
        let (all, kept) = items(&rec, 10);
        let of = |k: Kind| kept.iter().find(|c| c.kind == k).unwrap().clone();
        let inc = of(Kind::Criterion(Section::Inclusion));
        assert_eq!((inc.total, inc.kept), (60, 10));
        assert_eq!((of(Kind::Lab).total, of(Kind::Lab).kept), (30, 10));
        assert_eq!(all.iter().filter(|i| i.kind == Kind::Lab).count(), 10);
        // Depth first: the first ten are I1, I1.1, I2, I2.1, …
        let crit: Vec<&str> = all
            .iter()
            .filter(|i| matches!(i.kind, Kind::Criterion(_)))
            .map(|i| i.title.as_str())
            .take(3)
            .collect();
        assert_eq!(crit, ["I1", "I1.1", "I2"]);
    }

    #[test]
    fn values_are_titled_and_flattened_in_record_order() {
        let page =
            "Inclusion Criteria:\n\n* Platelets >= 100,000/uL\n* Age 18 to 75 years\n* ECOG 0-1\n";
        let rec = crate::parse_bytes("p", page.as_bytes(), Some(crate::Format::CriteriaText));
        let (all, _) = items(&rec, usize::MAX);
        let lab = all.iter().find(|i| i.kind == Kind::Lab).unwrap();
        assert_eq!(lab.title, "platelet_count >= 100000 /uL");
        let names: Vec<&str> = lab.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            &names[..4],
            ["analyte", "kind", "measurement", "comparator"]
        );
        assert!(
            lab.fields
                .contains(&("normalized.unit".into(), "10^9/L".into())),
            "{:?}",
            lab.fields
        );
        let age = all.iter().find(|i| i.kind == Kind::Age).unwrap();
        assert_eq!(age.title, "age ≥ 18 years, ≤ 75 years");
        let perf = all.iter().find(|i| i.kind == Kind::Performance).unwrap();
        assert_eq!(perf.title, "ECOG 0–1");
        let strict = crate::parse_bytes(
            "p",
            b"Inclusion Criteria:\n\n* Karnofsky > 60\n",
            Some(crate::Format::CriteriaText),
        );
        let (strict, _) = items(&strict, usize::MAX);
        let perf = strict.iter().find(|i| i.kind == Kind::Performance).unwrap();
        assert_eq!(perf.title, "KARNOFSKY > 60 (allows ≥ 70)");
        let crit: Vec<&str> = all
            .iter()
            .filter(|i| matches!(i.kind, Kind::Criterion(_)))
            .map(|i| i.title.as_str())
            .collect();
        assert_eq!(crit, ["I1", "I2", "I3"]);
    }
}
