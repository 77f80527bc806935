//! The patient-facing "Find a Trial" page (`find_a_trial`).
//!
//! The page is a plain-language title, the official title, a `PHASE · Sponsor · NCT…` meta
//! line and a lead sentence, then sections under fixed headings ("Quick facts",
//! "Eligibility criteria", …) and a trailer (`Conditions: …`, `Last reviewed …`). Any row or
//! section may be missing or moved, so the page is read as lines: the known headings live in
//! one table, the quick-fact labels in another, and each quick-fact value has its own small
//! nom parser. The criteria block ends only at a *known* heading, because registry criteria
//! are full of short lines ("Age", "PATIENT CHARACTERISTICS:") that look like headings.

use super::lines;
use crate::age;
use crate::record::{
    AgeRange, AgeValue, Enrollment, Locations, PageSection, Place, RawFact, Record, Sponsor,
};
use crate::span::Mapped;
use crate::warning::WarningCode;
use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while1, take_while_m_n};
use nom::character::complete::{char, digit1, space0, space1};
use nom::combinator::{all_consuming, eof, map, map_opt, opt, recognize, value};
use nom::multi::{many0, separated_list1};
use nom::sequence::{delimited, pair, preceded, separated_pair, terminated, tuple};
use nom::IResult;
use std::ops::Range;

/// What a known section holds; decides how its body is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    QuickFacts,
    Eligibility,
    /// Any other known section: prose, places, contacts.
    Body,
    /// A heading-like line we do not know.
    Unknown,
}

/// The site's section headings, as printed.
const HEADINGS: &[(&str, Kind)] = &[
    ("Quick facts", Kind::QuickFacts),
    ("What this trial studies", Kind::Body),
    ("Who should consider this trial", Kind::Body),
    ("Why it matters", Kind::Body),
    ("Eligibility criteria", Kind::Eligibility),
    ("Where this trial is running", Kind::Body),
    ("Study contacts", Kind::Body),
    ("How to participate", Kind::Body),
];

/// The link line that closes the sections; the trailer rows follow it.
const LINK_LINE: &str = "View on ClinicalTrials.gov";
const CONDITIONS: &str = "Conditions:";
const LAST_REVIEWED: &str = "Last reviewed ";
/// The page's toggle above the criteria, not part of them.
const SHOW_CRITERIA: &str = "Show full inclusion / exclusion criteria";
/// Separator of the meta line (`PHASE1 · Sponsor · NCT…`).
const META_SEP: &str = " · ";

/// Quick-fact rows: the label is glued to its value (`Enrollment9 (estimated)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fact {
    Phase,
    StudyType,
    Enrollment,
    Ages,
    Sex,
    Sponsor,
    Interventions,
    Locations,
    TrialId,
}

/// Labels, longest first so that a label that is a prefix of another never wins.
const LABELS: &[(&str, Fact)] = &[
    ("Drugs / interventions", Fact::Interventions),
    ("Enrollment", Fact::Enrollment),
    ("Study type", Fact::StudyType),
    ("Locations", Fact::Locations),
    ("Trial ID", Fact::TrialId),
    ("Sponsor", Fact::Sponsor),
    ("Phase", Fact::Phase),
    ("Ages", Fact::Ages),
    ("Sex", Fact::Sex),
];

/// Registry phase values.
const PHASES: &[&str] = &["EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4", "NA"];

/// Sponsor class words as the page prints them → registry vocabulary.
const SPONSOR_CLASSES: &[(&str, &str)] = &[
    ("other", "OTHER"),
    ("other gov", "OTHER_GOV"),
    ("industry", "INDUSTRY"),
    ("nih", "NIH"),
    ("fed", "FED"),
    ("network", "NETWORK"),
    ("indiv", "INDIV"),
    ("unknown", "UNKNOWN"),
    ("ambig", "AMBIG"),
];

const SEXES: &[(&str, &str)] = &[("all", "ALL"), ("female", "FEMALE"), ("male", "MALE")];

const ENROLLMENT_TYPES: &[(&str, &str)] = &[
    ("estimated", "ESTIMATED"),
    ("anticipated", "ESTIMATED"),
    ("actual", "ACTUAL"),
];

/// Read a Find-a-Trial page into `rec`; returns the eligibility-criteria block.
pub fn parse(text: &Mapped, rec: &mut Record) -> Option<Mapped> {
    let s = text.as_str();
    let lines = lines::split(s);
    let layout = scan(s, &lines);

    let meta = read_head(text, &lines[..layout.head_end], rec);
    for sec in &layout.sections {
        let heading = s[lines[sec.heading].clone()].trim();
        let end = sec.body_end.unwrap_or(lines[sec.heading].end);
        rec.sections.push(PageSection {
            heading: heading.to_string(),
            span: text.span(lines[sec.heading].start..end),
        });
        if sec.kind == Kind::Unknown {
            rec.warn(
                WarningCode::UnknownHeading,
                format!("section heading {heading:?} is not one the page is known to use"),
                Some(text.span(lines[sec.heading].clone())),
            );
        }
    }
    if let Some(sec) = layout.sections.iter().find(|s| s.kind == Kind::QuickFacts) {
        read_quick_facts(text, &lines[sec.heading + 1..sec.next], rec);
    }
    apply_meta(text, meta, rec);
    for &i in &layout.trailer {
        read_trailer(text, lines[i].clone(), rec);
    }
    if rec.nct_id.is_none() {
        rec.warn(
            WarningCode::MissingNctId,
            "no NCT id found on the page",
            None,
        );
    }
    criteria_block(text, &lines, &layout, rec)
}

/// One section: heading line index, kind, the line index where the next part starts and the
/// text offset just past its last non-blank body line.
#[derive(Debug)]
struct Sec {
    heading: usize,
    kind: Kind,
    next: usize,
    body_end: Option<usize>,
}

#[derive(Debug, Default)]
struct Layout {
    /// Lines before the first section.
    head_end: usize,
    sections: Vec<Sec>,
    /// Trailer rows (conditions, last reviewed) by line index.
    trailer: Vec<usize>,
}

fn known_heading(line: &str) -> Option<Kind> {
    HEADINGS
        .iter()
        .find(|(h, _)| *h == line)
        .map(|&(_, kind)| kind)
}

/// One pass over the lines: where sections start and end, and where the trailer rows are.
fn scan(s: &str, lines: &[Range<usize>]) -> Layout {
    let mut lay = Layout {
        head_end: lines.len(),
        ..Layout::default()
    };
    let mut open: Option<Sec> = None;
    let mut in_criteria = false;
    let mut after_link = false;
    // Paragraphs seen in the open section's body: the first is its body, never a heading
    // ("Locations not listed" under "Where this trial is running").
    let mut paragraphs = 0usize;
    let close = |open: &mut Option<Sec>, lay: &mut Layout, at: usize| {
        if let Some(mut sec) = open.take() {
            sec.next = at;
            lay.sections.push(sec);
        }
    };
    for (i, r) in lines.iter().enumerate() {
        let t = s[r.clone()].trim();
        if t.is_empty() {
            continue;
        }
        let started = open.is_some() || !lay.sections.is_empty();
        if !after_link {
            let kind = known_heading(t).or_else(|| {
                let unknown = started
                    && !in_criteria
                    && open.as_ref().is_some_and(|o| o.kind != Kind::QuickFacts)
                    && heading_like(s, lines, i)
                    && paragraphs > 0;
                unknown.then_some(Kind::Unknown)
            });
            match kind {
                Some(Kind::Eligibility) if in_criteria => {}
                Some(kind) => {
                    if !started {
                        lay.head_end = i;
                    }
                    close(&mut open, &mut lay, i);
                    open = Some(Sec {
                        heading: i,
                        kind,
                        next: lines.len(),
                        body_end: None,
                    });
                    in_criteria = kind == Kind::Eligibility;
                    paragraphs = 0;
                    continue;
                }
                None => {}
            }
        }
        if started && t.starts_with(LINK_LINE) {
            close(&mut open, &mut lay, i);
            after_link = true;
            in_criteria = false;
            continue;
        }
        if started && !in_criteria && (t.starts_with(CONDITIONS) || t.starts_with(LAST_REVIEWED)) {
            close(&mut open, &mut lay, i);
            lay.trailer.push(i);
            after_link = true;
            continue;
        }
        if let Some(sec) = open.as_mut() {
            if lines::is_blank(s, lines, i.wrapping_sub(1)) || i == 0 {
                paragraphs += 1;
            }
            sec.body_end = Some(r.end);
        }
    }
    close(&mut open, &mut lay, lines.len());
    lay
}

/// A short line standing alone that reads like one of the site's headings: a markdown `#`
/// heading, or sentence case (`Side effects`) without digits or closing punctuation.
fn heading_like(s: &str, lines: &[Range<usize>], i: usize) -> bool {
    let alone = (i == 0 || lines::is_blank(s, lines, i - 1)) && lines::is_blank(s, lines, i + 1);
    let t = s[lines[i].clone()].trim();
    if !alone || t.len() > 60 {
        return false;
    }
    if let Some(rest) = t.strip_prefix('#') {
        return !rest.trim_start_matches('#').trim().is_empty();
    }
    let mut words = t.split(' ');
    let first_ok = words
        .next()
        .and_then(|w| w.chars().next())
        .is_some_and(|c| c.is_uppercase());
    let rest_ok = words.all(|w| {
        let lower = w.chars().next().is_some_and(|c| c.is_lowercase());
        let acronym = w.len() <= 5 && w.chars().all(|c| c.is_ascii_uppercase());
        lower || acronym
    });
    let chars_ok = t
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '/' | '&' | '\''));
    first_ok && rest_ok && chars_ok && t.split(' ').count() <= 8
}

/// The meta line's parts, kept for after the quick facts (which take precedence).
struct Meta {
    phases: Option<(Vec<String>, Range<usize>)>,
    sponsor: Option<Range<usize>>,
    nct: Range<usize>,
}

/// Titles and the meta line, from the paragraphs above the first section.
fn read_head(text: &Mapped, lines: &[Range<usize>], rec: &mut Record) -> Option<Meta> {
    let s = text.as_str();
    let mut paras: Vec<Range<usize>> = Vec::new();
    let mut prev_blank = true;
    for r in lines {
        let t = &s[r.clone()];
        if t.trim().is_empty() {
            prev_blank = true;
            continue;
        }
        let r = text.range_of(t.trim());
        match paras.last_mut() {
            Some(p) if !prev_blank => p.end = r.end,
            _ => paras.push(r),
        }
        prev_blank = false;
    }
    let meta_at = paras
        .iter()
        .position(|p| parse_meta(s, p.clone()).is_some());
    let titles = &paras[..meta_at.unwrap_or(paras.len().min(2))];
    if let Some(p) = titles.first() {
        rec.titles.display = Some(squash(&s[p.clone()]));
        rec.mark("titles.display", text.span(p.clone()));
    }
    if let Some(p) = titles.get(1) {
        rec.titles.official = Some(squash(&s[p.clone()]));
        rec.mark("titles.official", text.span(p.clone()));
    }
    match meta_at {
        Some(i) => parse_meta(s, paras[i].clone()),
        None => {
            rec.warn(
                WarningCode::MissingMetaLine,
                "no `PHASE · Sponsor · NCT…` line under the titles",
                None,
            );
            None
        }
    }
}

/// Whitespace runs (a title wrapped over lines) become single spaces.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `PHASE1, PHASE2 · Sponsor · NCT01234567`; the sponsor may itself hold the separator.
fn parse_meta(s: &str, r: Range<usize>) -> Option<Meta> {
    let line = &s[r.clone()];
    let (first, rest) = line.split_once(META_SEP)?;
    let (middle, last) = rest.rsplit_once(META_SEP)?;
    let last = last.trim();
    all_consuming(nct_id)(last).ok()?;
    let off = |sub: &str| {
        let start = r.start + (sub.as_ptr() as usize - line.as_ptr() as usize);
        start..start + sub.len()
    };
    let first = first.trim();
    let phases = all_consuming(phase_list)(first)
        .ok()
        .map(|(_, p)| (p, off(first)));
    let middle = middle.trim();
    Some(Meta {
        phases,
        sponsor: (!middle.is_empty()).then(|| off(middle)),
        nct: off(last),
    })
}

/// Fill what the quick facts left empty from the meta line; warn when the ids disagree.
fn apply_meta(text: &Mapped, meta: Option<Meta>, rec: &mut Record) {
    let Some(meta) = meta else { return };
    let s = text.as_str();
    let nct = &s[meta.nct.clone()];
    match &rec.nct_id {
        Some(id) if id != nct => {
            let msg = format!("Trial ID row says {id}, the meta line says {nct}");
            rec.warn(
                WarningCode::NctIdMismatch,
                msg,
                Some(text.span(meta.nct.clone())),
            );
        }
        Some(_) => {}
        None => {
            rec.nct_id = Some(nct.to_string());
            rec.mark("nct_id", text.span(meta.nct.clone()));
        }
    }
    if rec.quick_facts.phases.is_empty() {
        if let Some((phases, r)) = meta.phases {
            rec.quick_facts.phases = phases;
            rec.mark("quick_facts.phases", text.span(r));
        }
    }
    if rec.quick_facts.sponsor.is_none() {
        if let Some(r) = meta.sponsor {
            rec.quick_facts.sponsor = Some(Sponsor {
                name: s[r.clone()].to_string(),
                class: None,
            });
            rec.mark("quick_facts.sponsor", text.span(r));
        }
    }
}

fn read_quick_facts(text: &Mapped, rows: &[Range<usize>], rec: &mut Record) {
    let s = text.as_str();
    let mut seen: Vec<Fact> = Vec::new();
    for r in rows {
        let row = s[r.clone()].trim();
        if row.is_empty() {
            continue;
        }
        let row_range = text.range_of(row);
        let Some(&(label, fact)) = LABELS.iter().find(|(l, _)| row.starts_with(l)) else {
            rec.quick_facts.extra.push(RawFact {
                text: row.to_string(),
                span: text.span(row_range.clone()),
            });
            let msg = format!("quick-fact row {row:?} has no known label");
            rec.warn(
                WarningCode::UnknownQuickFact,
                msg,
                Some(text.span(row_range)),
            );
            continue;
        };
        let val = row[label.len()..].trim();
        let vr = text.range_of(val);
        let span = text.span(vr.clone());
        if seen.contains(&fact) {
            let msg = format!("second {label:?} row ignored");
            rec.warn(WarningCode::DuplicateQuickFact, msg, Some(span));
            continue;
        }
        seen.push(fact);
        if !fill_fact(fact, val, text, vr, rec) {
            let msg = format!("could not read the {label:?} value {val:?}");
            rec.warn(WarningCode::BadQuickFact, msg, Some(span));
        }
    }
}

/// Parse one value into its field; false when it does not parse (the field stays empty).
fn fill_fact(fact: Fact, val: &str, text: &Mapped, vr: Range<usize>, rec: &mut Record) -> bool {
    let mut span = text.span(vr.clone());
    let qf = &mut rec.quick_facts;
    let field = match fact {
        Fact::Phase => match full(phase_list, val) {
            Some(p) => {
                qf.phases = p;
                "quick_facts.phases"
            }
            None => return false,
        },
        Fact::StudyType => match full(study_type, val) {
            Some(t) => {
                qf.study_type = Some(t);
                "quick_facts.study_type"
            }
            None => return false,
        },
        Fact::Enrollment => match full(enrollment, val) {
            Some(e) => {
                qf.enrollment = Some(e);
                "quick_facts.enrollment"
            }
            None => return false,
        },
        Fact::Ages => match full(ages, val) {
            Some(a) => {
                qf.ages = a;
                "quick_facts.ages"
            }
            None => return false,
        },
        Fact::Sex => match lookup(SEXES, val) {
            Some(x) => {
                qf.sex = Some(x.to_string());
                "quick_facts.sex"
            }
            None => return false,
        },
        Fact::Sponsor => match sponsor(val) {
            Some(sp) => {
                qf.sponsor = Some(sp);
                "quick_facts.sponsor"
            }
            None => return false,
        },
        Fact::Interventions => {
            qf.interventions = split_top_level(val);
            if qf.interventions.is_empty() {
                return false;
            }
            "quick_facts.interventions"
        }
        Fact::Locations => match full(locations, val) {
            Some(l) => {
                qf.locations = Some(l);
                "quick_facts.locations"
            }
            None => return false,
        },
        Fact::TrialId => match full(trial_id, val) {
            Some(id) => {
                span = text.span(vr.start..vr.start + id.len());
                rec.nct_id = Some(id.to_string());
                "nct_id"
            }
            None => return false,
        },
    };
    rec.mark(field, span);
    true
}

/// Run a parser that must consume the whole value.
fn full<'a, T>(p: impl FnMut(&'a str) -> IResult<&'a str, T>, s: &'a str) -> Option<T> {
    all_consuming(p)(s).ok().map(|(_, v)| v)
}

/// Case-insensitive lookup in a word table, inner spaces collapsed.
fn lookup(table: &[(&str, &'static str)], word: &str) -> Option<&'static str> {
    let w = squash(word);
    table
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(&w))
        .map(|&(_, v)| v)
}

fn nct_id(i: &str) -> IResult<&str, &str> {
    recognize(pair(
        tag("NCT"),
        take_while_m_n(8, 8, |c: char| c.is_ascii_digit()),
    ))(i)
}

/// `NCT06307600 on ClinicalTrials.gov`.
fn trial_id(i: &str) -> IResult<&str, &str> {
    terminated(nct_id, opt(tag_no_case(" on ClinicalTrials.gov")))(i)
}

fn phase(i: &str) -> IResult<&str, String> {
    map_opt(
        take_while1(|c: char| c.is_ascii_alphanumeric() || c == '_'),
        |w: &str| {
            PHASES
                .iter()
                .find(|p| p.eq_ignore_ascii_case(w))
                .map(|p| p.to_string())
        },
    )(i)
}

/// `PHASE1, PHASE2` (a slash also separates).
fn phase_list(i: &str) -> IResult<&str, Vec<String>> {
    separated_list1(
        delimited(space0, alt((char(','), char('/'))), space0),
        phase,
    )(i)
}

/// Study types a page may show, in registry spelling. The page words are the registry value
/// in sentence case (`Expanded access interventional`), so each entry is one line here.
const STUDY_TYPES: &[&str] = &[
    "INTERVENTIONAL",
    "OBSERVATIONAL",
    "EXPANDED_ACCESS",
    "EXPANDED_ACCESS_INTERVENTIONAL",
    "OBSERVATIONAL_PATIENT_REGISTRY",
];

/// `Expanded access interventional` → `EXPANDED_ACCESS_INTERVENTIONAL`; words that spell no
/// known study type do not parse.
fn study_type(i: &str) -> IResult<&str, String> {
    map_opt(
        take_while1(|c: char| c.is_alphabetic() || c == ' ' || c == '-'),
        |t: &str| {
            let v = t
                .split([' ', '-'])
                .filter(|w| !w.is_empty())
                .map(str::to_uppercase)
                .collect::<Vec<_>>()
                .join("_");
            STUDY_TYPES.contains(&v.as_str()).then_some(v)
        },
    )(i)
}

/// `1,250` → 1250.
fn count(i: &str) -> IResult<&str, u64> {
    map_opt(
        recognize(pair(digit1, many0(preceded(char(','), digit1)))),
        |d: &str| d.replace(',', "").parse().ok(),
    )(i)
}

/// `9 (estimated)`, `250 (actual)`, `40`.
fn enrollment(i: &str) -> IResult<&str, Enrollment> {
    let kind = map_opt(
        delimited(char('('), take_while1(char::is_alphabetic), char(')')),
        |w: &str| lookup(ENROLLMENT_TYPES, w),
    );
    map(pair(count, opt(preceded(space1, kind))), |(count, kind)| {
        Enrollment {
            count,
            kind: kind.map(str::to_string),
        }
    })(i)
}

/// `18 Years`, `6 Months`, `1.5 Years`.
fn age_value(i: &str) -> IResult<&str, AgeValue> {
    map_opt(
        recognize(tuple((
            digit1,
            opt(pair(char('.'), digit1)),
            space1,
            take_while1(char::is_alphabetic),
        ))),
        age::parse_registry_age,
    )(i)
}

/// An age or `N/A`.
fn age_bound(i: &str) -> IResult<&str, Option<AgeValue>> {
    alt((value(None, tag_no_case("N/A")), map(age_value, Some)))(i)
}

/// `3 Years to 70 Years`, `N/A to 30 Years`, `18 Years and older`, `Up to 65 Years`.
fn ages(i: &str) -> IResult<&str, AgeRange> {
    alt((
        map(
            separated_pair(age_bound, tag_no_case(" to "), age_bound),
            |(min, max)| AgeRange { min, max },
        ),
        map(
            terminated(
                age_value,
                alt((
                    tag_no_case(" and older"),
                    tag_no_case(" and over"),
                    tag_no_case(" and above"),
                    tag_no_case(" or older"),
                )),
            ),
            |a| AgeRange {
                min: Some(a),
                max: None,
            },
        ),
        map(
            alt((
                preceded(tag_no_case("up to "), age_value),
                terminated(
                    age_value,
                    alt((tag_no_case(" and younger"), tag_no_case(" or younger"))),
                ),
            )),
            |a| AgeRange {
                min: None,
                max: Some(a),
            },
        ),
    ))(i)
}

/// `Anhui Provincial Hospital (other gov)`: the class is the LAST parenthesised group, since
/// names carry their own parentheses (`Viagra (Sildenafil) Study Group (industry)`).
fn sponsor(val: &str) -> Option<Sponsor> {
    let inner_end = val.strip_suffix(')')?.len();
    let mut depth = 0usize;
    let mut open = None;
    for (i, c) in val[..inner_end].char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => {
                open = Some(i);
                break;
            }
            '(' => depth -= 1,
            _ => {}
        }
    }
    let open = open?;
    let class = lookup(SPONSOR_CLASSES, &val[open + 1..inner_end])?;
    let name = val[..open].trim();
    (!name.is_empty()).then(|| Sponsor {
        name: name.to_string(),
        class: Some(class.to_string()),
    })
}

/// Split at commas outside parentheses: `Civamide (Zucapsaicin), Sodium Chloride`.
fn split_top_level(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// `30 sites (Concord, California and 29 other locations)`, `1 site (Madrid, Madrid)`,
/// `not listed`.
fn locations(i: &str) -> IResult<&str, Locations> {
    alt((
        value(Locations::default(), tag_no_case("not listed")),
        map_opt(
            tuple((
                count,
                space1,
                alt((tag("sites"), tag("site"))),
                opt(preceded(space1, take_while1(|_| true))),
            )),
            |(count, _, _, rest)| {
                let mut loc = Locations {
                    count,
                    ..Locations::default()
                };
                if let Some(rest) = rest {
                    let inner = rest.strip_prefix('(')?.strip_suffix(')')?;
                    let (place, more) = match inner.rsplit_once(" and ") {
                        Some((p, m)) => match full(other_locations, m) {
                            Some(n) => (p, n),
                            None => (inner, 0),
                        },
                        None => (inner, 0),
                    };
                    loc.more = more;
                    loc.listed.push(place_of(place)?);
                }
                Some(loc)
            },
        ),
    ))(i)
}

/// `29 other locations`.
fn other_locations(i: &str) -> IResult<&str, u64> {
    terminated(count, tuple((tag(" other location"), opt(char('s')), eof)))(i)
}

/// `Seoul, Korea, Republic of` → city `Seoul`, region `Korea, Republic of`.
fn place_of(s: &str) -> Option<Place> {
    let (city, region) = match s.split_once(',') {
        Some((c, r)) => (c, r.trim_start_matches([',', ' ']).trim()),
        None => (s, ""),
    };
    let city = city.trim();
    (!city.is_empty()).then(|| Place {
        city: city.to_string(),
        region: (!region.is_empty()).then(|| region.to_string()),
    })
}

/// `2026-05-15`.
fn date(i: &str) -> IResult<&str, &str> {
    let digits = |n| take_while_m_n(n, n, |c: char| c.is_ascii_digit());
    recognize(tuple((
        digits(4),
        char('-'),
        digits(2),
        char('-'),
        digits(2),
    )))(i)
}

fn read_trailer(text: &Mapped, r: Range<usize>, rec: &mut Record) {
    let s = text.as_str();
    let line = s[r].trim();
    if let Some(list) = line.strip_prefix(CONDITIONS) {
        let list = list.trim();
        rec.conditions = split_top_level(list);
        rec.mark("conditions", text.span(text.range_of(list)));
    } else if let Some(rest) = line.strip_prefix(LAST_REVIEWED) {
        match date(rest) {
            Ok((after, d)) if after.is_empty() || after.starts_with(' ') => {
                rec.last_reviewed = Some(d.to_string());
                rec.mark("last_reviewed", text.span(text.range_of(d)));
            }
            _ => {
                let msg = format!("no YYYY-MM-DD date in {:?}", squash(rest));
                rec.warn(
                    WarningCode::BadLastReviewed,
                    msg,
                    Some(text.span(text.range_of(line))),
                );
            }
        }
    }
}

/// The "Eligibility criteria" body without the page's "Show full …" toggle line.
fn criteria_block(
    text: &Mapped,
    lines: &[Range<usize>],
    lay: &Layout,
    rec: &mut Record,
) -> Option<Mapped> {
    let s = text.as_str();
    let Some(sec) = lay.sections.iter().find(|s| s.kind == Kind::Eligibility) else {
        rec.warn(
            WarningCode::NoCriteria,
            "the page has no \"Eligibility criteria\" section",
            None,
        );
        return None;
    };
    let body = &lines[sec.heading + 1..sec.next];
    let mut first = body
        .iter()
        .skip_while(|r| s[(*r).clone()].trim().is_empty());
    let start = match first.next() {
        Some(r) if s[r.clone()].trim() == SHOW_CRITERIA => first.next().map(|r| r.start),
        Some(r) => Some(r.start),
        None => None,
    };
    match (start, sec.body_end) {
        (Some(a), Some(b)) if a < b => Some(text.slice(a..b)),
        _ => {
            let span = text.span(lines[sec.heading].clone());
            rec.warn(
                WarningCode::EmptyCriteria,
                "the \"Eligibility criteria\" section is empty",
                Some(span),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Format, Number};
    use crate::span::Span;

    const PAGE: &str = "\
Plain title

Official Title (OT-1)

PHASE1, PHASE2 · Acme (Holdings) · NCT01234567

Lead sentence.

Why it matters

Because.

Side effects

Mild nausea.

Quick facts

Study typeExpanded access interventional
Enrollment1,250 (actual)
Ages18 Years and older
SexFemale
SponsorAcme (Holdings) (other gov)
Drugs / interventionsCivamide (Zucapsaicin), Sodium Chloride
Locations30 sites (Seoul, Korea, Republic of and 29 other locations)
StatusRecruiting
Trial IDNCT01234567 on ClinicalTrials.gov

Eligibility criteria

Show full inclusion / exclusion criteria
Inclusion Criteria:

* Adults

PATIENT CHARACTERISTICS:

Age

* 18 and over

Where this trial is running

Seoul, Korea, Republic of

View on ClinicalTrials.gov →

Conditions: Leukemia, Myeloid (AML, CML), Asthma

Last reviewed 2026-05-15 by the editorial team.";

    fn run(page: &str) -> (Record, Option<Mapped>) {
        let mut rec = Record::new("t", Format::FindATrial);
        let m = Mapped::identity(page, 0);
        let block = parse(&m, &mut rec);
        (rec, block)
    }

    fn codes(rec: &Record) -> Vec<WarningCode> {
        rec.warnings.iter().map(|w| w.code).collect()
    }

    #[test]
    fn full_page() {
        let (rec, block) = run(PAGE);
        let qf = &rec.quick_facts;
        assert_eq!(rec.titles.display.as_deref(), Some("Plain title"));
        assert_eq!(
            rec.titles.official.as_deref(),
            Some("Official Title (OT-1)")
        );
        assert_eq!(rec.nct_id.as_deref(), Some("NCT01234567"));
        assert_eq!(qf.phases, ["PHASE1", "PHASE2"]);
        assert_eq!(
            qf.study_type.as_deref(),
            Some("EXPANDED_ACCESS_INTERVENTIONAL")
        );
        let e = qf.enrollment.as_ref().unwrap();
        assert_eq!((e.count, e.kind.as_deref()), (1250, Some("ACTUAL")));
        assert_eq!(qf.ages.min.as_ref().unwrap().value, Number(18.0));
        assert!(qf.ages.max.is_none());
        assert_eq!(qf.sex.as_deref(), Some("FEMALE"));
        let sp = qf.sponsor.as_ref().unwrap();
        assert_eq!(
            (sp.name.as_str(), sp.class.as_deref()),
            ("Acme (Holdings)", Some("OTHER_GOV"))
        );
        assert_eq!(
            qf.interventions,
            ["Civamide (Zucapsaicin)", "Sodium Chloride"]
        );
        let loc = qf.locations.as_ref().unwrap();
        assert_eq!((loc.count, loc.more), (30, 29));
        assert_eq!(loc.listed[0].city, "Seoul");
        assert_eq!(loc.listed[0].region.as_deref(), Some("Korea, Republic of"));
        assert_eq!(qf.extra.len(), 1);
        assert_eq!(qf.extra[0].text, "StatusRecruiting");
        assert_eq!(rec.conditions, ["Leukemia", "Myeloid (AML, CML)", "Asthma"]);
        assert_eq!(rec.last_reviewed.as_deref(), Some("2026-05-15"));
        assert_eq!(
            codes(&rec),
            [WarningCode::UnknownHeading, WarningCode::UnknownQuickFact]
        );

        let block = block.unwrap();
        assert!(block.as_str().starts_with("Inclusion Criteria:\n"));
        assert!(block.as_str().ends_with("* 18 and over"));
        let start = PAGE.find("Inclusion Criteria:").unwrap();
        assert_eq!(block.full_span().start, start);

        let heads: Vec<&str> = rec.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(
            heads,
            [
                "Why it matters",
                "Side effects",
                "Quick facts",
                "Eligibility criteria",
                "Where this trial is running"
            ]
        );
        let side = &rec.sections[1];
        assert_eq!(
            &PAGE[side.span.start..side.span.end],
            "Side effects\n\nMild nausea."
        );
    }

    #[test]
    fn field_spans_point_at_values() {
        let (rec, _) = run(PAGE);
        let at = |f: &str| {
            let s: Span = rec.field_spans[f];
            &PAGE[s.start..s.end]
        };
        assert_eq!(at("quick_facts.enrollment"), "1,250 (actual)");
        assert_eq!(at("nct_id"), "NCT01234567");
        assert_eq!(at("titles.official"), "Official Title (OT-1)");
        assert_eq!(at("quick_facts.phases"), "PHASE1, PHASE2");
        assert_eq!(at("last_reviewed"), "2026-05-15");
    }

    #[test]
    fn meta_line_fills_missing_rows_and_mismatch_warns() {
        let page = "T\n\nO\n\nNA · Big Pharma · NCT00000001\n\nQuick facts\n\n\
                    Trial IDNCT00000002\n\nEligibility criteria\n\nInclusion Criteria:\n* a\n";
        let (rec, block) = run(page);
        assert_eq!(rec.quick_facts.phases, ["NA"]);
        assert_eq!(rec.nct_id.as_deref(), Some("NCT00000002"));
        assert_eq!(rec.quick_facts.sponsor.as_ref().unwrap().name, "Big Pharma");
        assert_eq!(codes(&rec), [WarningCode::NctIdMismatch]);
        assert_eq!(block.unwrap().as_str(), "Inclusion Criteria:\n* a");
    }

    #[test]
    fn criteria_run_to_the_next_known_heading_only() {
        let page = "T\n\nQuick facts\n\nSexAll\n\nEligibility criteria\n\nAge\n\n* 18\n\n\
                    Eligibility criteria\n\nWho should consider this trial\n\nx\n";
        let (rec, block) = run(page);
        assert_eq!(
            block.unwrap().as_str(),
            "Age\n\n* 18\n\nEligibility criteria"
        );
        assert_eq!(rec.sections.len(), 3);
    }

    #[test]
    fn bad_values_warn_and_stay_empty() {
        let page = "T\n\nQuick facts\n\nSexual health\nEnrollmentmany\nAgesadult\n\
                    SponsorNobody\nPhasePHASE9\nLocationssomewhere\n";
        let (rec, block) = run(page);
        assert!(block.is_none());
        let qf = &rec.quick_facts;
        assert!(qf.sex.is_none() && qf.enrollment.is_none() && qf.sponsor.is_none());
        assert!(qf.phases.is_empty() && qf.locations.is_none());
        assert_eq!(
            codes(&rec)
                .iter()
                .filter(|c| **c == WarningCode::BadQuickFact)
                .count(),
            6
        );
    }

    #[test]
    fn label_table_is_longest_first() {
        for w in LABELS.windows(2) {
            assert!(w[0].0.len() >= w[1].0.len(), "{:?}", w);
        }
    }

    #[test]
    fn value_parsers() {
        assert_eq!(full(phase_list, "EARLY_PHASE1").unwrap(), ["EARLY_PHASE1"]);
        assert!(full(phase_list, "PHASE5").is_none());
        assert_eq!(full(study_type, "Observational").unwrap(), "OBSERVATIONAL");
        assert_eq!(
            full(study_type, "Expanded access interventional").unwrap(),
            "EXPANDED_ACCESS_INTERVENTIONAL"
        );
        assert!(full(study_type, "Foo bar").is_none());
        let e = full(enrollment, "40").unwrap();
        assert_eq!((e.count, e.kind), (40, None));
        assert!(full(enrollment, "9 (maybe)").is_none());
        let a = full(ages, "N/A to 30 Years").unwrap();
        assert!(a.min.is_none());
        assert_eq!(a.max.unwrap().years, Number(30.0));
        let a = full(ages, "6 Months to 2 Years").unwrap();
        assert_eq!(a.min.unwrap().unit, "months");
        let a = full(ages, "N/A to N/A").unwrap();
        assert!(a.min.is_none() && a.max.is_none());
        let a = full(ages, "Up to 65 Years").unwrap();
        assert_eq!((a.min, a.max.map(|m| m.years)), (None, Some(Number(65.0))));
        let a = full(ages, "up to 6 Months").unwrap();
        assert_eq!(a.max.map(|m| m.unit), Some("months"));
        let a = full(ages, "18 Years and older").unwrap();
        assert_eq!((a.min.map(|m| m.years), a.max), (Some(Number(18.0)), None));
        let a = full(ages, "18 Years or older").unwrap();
        assert_eq!(a.min.map(|m| m.years), Some(Number(18.0)));
        let a = full(ages, "12 Years and younger").unwrap();
        assert_eq!((a.min, a.max.map(|m| m.years)), (None, Some(Number(12.0))));
        assert!(full(ages, "Up to 65").is_none());
        assert!(full(ages, "adults").is_none());
        assert_eq!(full(trial_id, "NCT06307600").unwrap(), "NCT06307600");
        assert!(full(trial_id, "NCT0630760").is_none());
        let l = full(locations, "1 site (Istanbul, Turkey (Türkiye))").unwrap();
        assert_eq!(l.listed[0].region.as_deref(), Some("Turkey (Türkiye)"));
        assert_eq!((l.count, l.more), (1, 0));
        let l = full(locations, "1 site (Seoul,, Korea, Republic of)").unwrap();
        assert_eq!(l.listed[0].region.as_deref(), Some("Korea, Republic of"));
        assert_eq!(full(locations, "not listed").unwrap(), Locations::default());
        let l = full(locations, "2 sites").unwrap();
        assert_eq!((l.count, l.listed.len()), (2, 0));
    }

    #[test]
    fn sponsor_takes_last_group() {
        let s = sponsor("Viagra (Sildenafil) Group (industry)").unwrap();
        assert_eq!(s.name, "Viagra (Sildenafil) Group");
        assert_eq!(s.class.as_deref(), Some("INDUSTRY"));
        assert!(sponsor("Acme (unheard of)").is_none());
        assert!(sponsor("(nih)").is_none());
        assert!(sponsor("Acme").is_none());
    }

    #[test]
    fn unknown_heading_rules() {
        let s = "a\n\nSide effects\n\nb\n\nSeoul, Korea\n\nNew York\n\n# Notes\n";
        let lines = lines::split(s);
        let like: Vec<bool> = (0..lines.len())
            .map(|i| heading_like(s, &lines, i))
            .collect();
        assert!(like[2] && like[10]);
        assert!(!like[6] && !like[8]);
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for page in [
            "",
            "\n\n\n",
            "Quick facts",
            "Eligibility criteria\n",
            "Phase · · NCT1",
        ] {
            let (rec, _) = run(page);
            assert!(rec.nct_id.is_none());
        }
    }
}
