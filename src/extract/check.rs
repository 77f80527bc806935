//! Data-driven extractor tests: `check(criterion, expect![[...]])` runs every extractor over
//! one inclusion criterion and compares the rows it extracts, rendered one per line, with
//! the expectation (`UPDATE_EXPECT=1 cargo test` rewrites expectations; read the diff).
//!
//! A row reads `kind id comparator value [value_high] unit interval "text"`, where the
//! interval shows the allowed range with `[`/`]` for an allowed end and `(`/`)` for an
//! excluded one: `lab alt < 3 ULN (-,3) "ALT < 3 x ULN"`.

use super::{extract_text, Extracted};
use crate::record::{AgeBound, Bound, Number, PerformanceScale, Section};
use crate::span::Mapped;
use expect_test::Expect;
use std::fmt::Write;

pub fn run(s: &str) -> Extracted {
    let mut out = Extracted::default();
    extract_text(&Mapped::identity(s, 0), Section::Inclusion, &mut out);
    out
}

pub fn check(criterion: &str, expect: Expect) {
    expect.assert_eq(&render(&run(criterion)));
}

fn num(n: Number) -> String {
    match n.as_whole() {
        Some(i) => i.to_string(),
        None => format!("{}", n.0),
    }
}

fn interval(min: Option<&Bound>, max: Option<&Bound>) -> String {
    let lo = min.map_or("(-".to_string(), |b| {
        format!("{}{}", if b.inclusive { "[" } else { "(" }, num(b.value))
    });
    let hi = max.map_or("-)".to_string(), |b| {
        format!("{}{}", num(b.value), if b.inclusive { "]" } else { ")" })
    });
    format!("{lo},{hi}")
}

fn age_bound(b: Option<&AgeBound>, open: bool) -> String {
    match (b, open) {
        (None, true) => "(-".into(),
        (None, false) => "-)".into(),
        (Some(b), true) => format!(
            "{}{} {}",
            if b.inclusive { "[" } else { "(" },
            num(b.value),
            b.unit
        ),
        (Some(b), false) => format!(
            "{} {}{}",
            num(b.value),
            b.unit,
            if b.inclusive { "]" } else { ")" }
        ),
    }
}

pub fn render(x: &Extracted) -> String {
    let mut out = String::new();
    for a in &x.ages {
        let _ = writeln!(
            out,
            "age {},{} {:?}",
            age_bound(a.min.as_ref(), true),
            age_bound(a.max.as_ref(), false),
            a.text
        );
    }
    for p in &x.performance_status {
        let high = p
            .value_high
            .map_or(String::new(), |h| format!(" {}", num(h)));
        let cond = p.condition.as_ref().map_or(String::new(), |c| {
            format!(
                " if age {},{}",
                age_bound(c.min.as_ref(), true),
                age_bound(c.max.as_ref(), false)
            )
        });
        let lo = p.min.map_or("(-".into(), |n| format!("[{}", num(n)));
        let hi = p.max.map_or("-)".into(), |n| format!("{}]", num(n)));
        let _ = writeln!(
            out,
            "performance {} {} {}{high} {lo},{hi}{cond} {:?}",
            p.scale.map_or("-", PerformanceScale::as_str),
            p.comparator,
            num(p.value),
            p.text
        );
    }
    for t in &x.lab_thresholds {
        let id = t
            .analyte
            .map_or_else(|| format!("?{:?}", t.measurement), str::to_string);
        let high = t
            .value_high
            .map_or(String::new(), |h| format!(" {}", num(h)));
        let unit = t.unit.map_or(String::new(), |u| format!(" {u}"));
        let norm = t.normalized.as_ref().map_or(String::new(), |n| {
            let h = n
                .value_high
                .map_or(String::new(), |h| format!(" {}", num(h)));
            format!(" = {}{h} {}", num(n.value), n.unit)
        });
        let _ = writeln!(
            out,
            "{} {id} {} {}{high}{unit} {}{norm} {:?}",
            t.kind.name(),
            t.comparator,
            num(t.value),
            interval(t.min.as_ref(), t.max.as_ref()),
            t.text
        );
    }
    for m in &x.mutations {
        let v: Vec<String> = m
            .variants
            .iter()
            .map(|v| format!("{} {}", v.name, v.hgvs))
            .collect();
        let _ = writeln!(
            out,
            "mutation {} {} {:?}",
            m.gene.unwrap_or("-"),
            v.join(", "),
            m.text
        );
    }
    for w in &x.warnings {
        let _ = writeln!(out, "warning {}", w.code);
    }
    out
}
