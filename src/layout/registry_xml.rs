//! Legacy ClinicalTrials.gov XML (`<clinical_study>`, `registry_xml`): the records of the
//! classic bulk download `AllPublicXML.zip` and of the AACT and TREC corpora.
//!
//! The XML is read with quick-xml's pull parser over the decoded text. Entity and character
//! references come from it as events of their own, so each decoded character maps to its
//! whole reference in the source (`&lt;` spans four bytes... five), text maps byte for byte
//! and CDATA is copied as it stands: every span points into the XML bytes. A reference that
//! is unknown or malformed stays as written, with a `bad_entity` warning; XML that is
//! malformed is an `xml_error` warning where it happened, and what came before is kept.
//!
//! Values are mapped to the API v2 vocabulary (`Active, not recruiting` →
//! `ACTIVE_NOT_RECRUITING`, `Phase 1/Phase 2` → `PHASE1`, `PHASE2`, `U.S. Fed` → `FED`,
//! `Anticipated` → `ESTIMATED`) by the tables below; a value not in a table is warned about
//! (`unmapped_value`) and left out, never guessed. The criteria `textblock` keeps its legacy
//! layout, only dedented, for the criteria stage.

use super::legacy::{
    map, map_or_warn, AGENCY_CLASSES, ENROLLMENT_TYPES, PHASES, SEXES, STATUS, STUDY_TYPES,
};
use crate::age::parse_registry_age;
use crate::record::{is_nct_id, Enrollment, Locations, PageSection, Place, Record, Sponsor};
use crate::span::{Mapped, MappedBuilder, Span};
use crate::warning::WarningCode;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// The elements whose text becomes a field, by their path under `clinical_study`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    NctId,
    BriefTitle,
    OfficialTitle,
    Acronym,
    Status,
    Phase,
    StudyType,
    Enrollment,
    Condition,
    Sex,
    MinAge,
    MaxAge,
    Criteria,
    Agency,
    AgencyClass,
    Intervention,
    City,
    State,
    Country,
}

const FIELDS: &[(&[&str], Field)] = &[
    (&["id_info", "nct_id"], Field::NctId),
    (&["brief_title"], Field::BriefTitle),
    (&["official_title"], Field::OfficialTitle),
    (&["acronym"], Field::Acronym),
    (&["overall_status"], Field::Status),
    (&["phase"], Field::Phase),
    (&["study_type"], Field::StudyType),
    (&["enrollment"], Field::Enrollment),
    (&["condition"], Field::Condition),
    (&["eligibility", "gender"], Field::Sex),
    (&["eligibility", "minimum_age"], Field::MinAge),
    (&["eligibility", "maximum_age"], Field::MaxAge),
    (&["eligibility", "criteria", "textblock"], Field::Criteria),
    (&["sponsors", "lead_sponsor", "agency"], Field::Agency),
    (
        &["sponsors", "lead_sponsor", "agency_class"],
        Field::AgencyClass,
    ),
    (&["intervention", "intervention_name"], Field::Intervention),
    (&["location", "facility", "address", "city"], Field::City),
    (&["location", "facility", "address", "state"], Field::State),
    (
        &["location", "facility", "address", "country"],
        Field::Country,
    ),
];

/// Element nesting kept on the stack; deeper elements hold no field we read.
const MAX_DEPTH: usize = 64;

/// The root element's name.
const ROOT: &str = "clinical_study";

/// A field's text: decoded, mapped to the source, and the span of its whole element.
struct Text {
    text: Mapped,
    element: Span,
}

#[derive(Default)]
struct Location {
    city: Option<String>,
    state: Option<String>,
    country: Option<String>,
}

/// What one pass over the XML collected.
#[derive(Default)]
struct Study {
    fields: Vec<(Field, Text)>,
    enrollment_type: Option<String>,
    locations: Vec<Location>,
    location_spans: Vec<Span>,
    lead_sponsor: Option<Span>,
}

impl Study {
    fn first(&self, f: Field) -> Option<&Text> {
        self.fields.iter().find(|(g, _)| *g == f).map(|(_, t)| t)
    }

    fn all(&self, f: Field) -> impl Iterator<Item = &Text> {
        self.fields
            .iter()
            .filter(move |(g, _)| *g == f)
            .map(|(_, t)| t)
    }
}

/// Reads a legacy XML record into `rec`; returns the eligibility criteria text.
pub fn parse(text: &Mapped, rec: &mut Record) -> Option<Mapped> {
    let study = collect(text, rec);
    fill(&study, rec);
    study.first(Field::Criteria).and_then(|t| {
        let block = dedent(&t.text);
        (!block.is_empty()).then_some(block)
    })
}

/// The element currently open, with what it collects.
struct Open {
    name: String,
    start: usize,
    field: Option<Field>,
}

fn collect(text: &Mapped, rec: &mut Record) -> Study {
    let s = text.as_str();
    let mut reader = Reader::from_str(s);
    // End tags are matched by our own stack, which recovers from a stray one.
    reader.config_mut().check_end_names = false;
    let mut study = Study::default();
    let mut stack: Vec<Open> = Vec::new();
    // The field being collected and its text so far.
    let mut current: Option<(Field, MappedBuilder, usize)> = None;
    let mut sections: Vec<PageSection> = Vec::new();
    let mut bad_entities = 0usize;
    let mut first_bad: Option<Span> = None;
    let mut seen_root = false;
    // Elements opened past MAX_DEPTH: not on the stack, so their end tags are skipped.
    let mut overflow = 0usize;
    let mut prev = 0usize;
    loop {
        let event = reader.read_event();
        let now = (reader.buffer_position() as usize).min(s.len());
        let range = prev..now;
        match event {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if name.is_empty() {
                    // `<` followed by no name: text, not a tag.
                    xml_error(rec, text, prev, "a `<` that opens no tag");
                    if let Some((_, b, _)) = current.as_mut() {
                        b.push_from(text, range.clone());
                    }
                    prev = now;
                    continue;
                }
                seen_root |= stack.is_empty() && name == ROOT;
                if stack.len() == 1 && name == "location" {
                    study.locations.push(Location::default());
                }
                if stack.len() == 1 && name == "enrollment" {
                    study.enrollment_type = attribute(&e, "type");
                }
                let field = field_at(&stack, &name);
                if field.is_some() && current.is_none() {
                    current = field.map(|f| (f, MappedBuilder::new(), prev));
                }
                if stack.len() < MAX_DEPTH {
                    stack.push(Open {
                        name,
                        start: prev,
                        field,
                    });
                } else {
                    overflow += 1;
                }
            }
            Ok(Event::Empty(e)) => {
                if stack.len() == 1 && e.local_name().as_ref() == b"location" {
                    study.locations.push(Location::default());
                    study.location_spans.push(text.span(range.clone()));
                }
            }
            Ok(Event::End(_)) if overflow > 0 => overflow -= 1,
            Ok(Event::End(e)) => {
                let name = e.local_name();
                let name = String::from_utf8_lossy(name.as_ref());
                let Some(depth) = stack.iter().rposition(|o| o.name == name) else {
                    xml_error(
                        rec,
                        text,
                        prev,
                        &format!("an end tag </{name}> that closes nothing"),
                    );
                    prev = now;
                    continue;
                };
                while stack.len() > depth {
                    let Some(open) = stack.pop() else { break };
                    let element = text.span(open.start..now);
                    if let (Some(f), Some((cf, _, _))) = (open.field, current.as_ref()) {
                        if f == *cf {
                            if let Some((f, b, _)) = current.take() {
                                let t = Text {
                                    text: b.finish(),
                                    element,
                                };
                                store(&mut study, f, t);
                            }
                        }
                    }
                    let level = stack.len();
                    if level == 1 {
                        add_section(&mut sections, &open.name, element);
                        if open.name == "location" {
                            study.location_spans.push(element);
                        }
                    }
                    if level == 2 && open.name == "lead_sponsor" {
                        study.lead_sponsor = Some(element);
                    }
                }
            }
            Ok(Event::Text(_)) => {
                if let Some((_, b, _)) = current.as_mut() {
                    b.push_from(text, range.clone());
                }
            }
            Ok(Event::CData(_)) => {
                if let Some((_, b, _)) = current.as_mut() {
                    // Inside `<![CDATA[` … `]]>`.
                    let start = (prev + "<![CDATA[".len()).min(now);
                    let inner = start..now.saturating_sub("]]>".len()).max(start);
                    b.push_from(text, inner);
                }
            }
            Ok(Event::GeneralRef(_)) => {
                let raw = &s[range.clone()];
                match reference(raw) {
                    Some(c) => {
                        if let Some((_, b, _)) = current.as_mut() {
                            let mut buf = [0u8; 4];
                            b.push_replace(c.encode_utf8(&mut buf), text.span(range.clone()));
                        }
                    }
                    None => {
                        bad_entities += 1;
                        first_bad.get_or_insert(text.span(range.clone()));
                        if let Some((_, b, _)) = current.as_mut() {
                            b.push_from(text, range.clone());
                        }
                    }
                }
            }
            Ok(_) => {}
            Err(e) => {
                // quick-xml skips what it could not read; keep those bytes as text.
                if now <= prev {
                    xml_error(rec, text, prev, &e.to_string());
                    break;
                }
                let raw = &s[range.clone()];
                if raw.starts_with('&') {
                    bad_entities += 1;
                    first_bad.get_or_insert(text.span(range.clone()));
                } else {
                    xml_error(rec, text, prev, &e.to_string());
                }
                if let Some((_, b, _)) = current.as_mut() {
                    b.push_from(text, range.clone());
                }
            }
        }
        prev = now;
    }
    if let Some(open) = stack.last() {
        xml_error(
            rec,
            text,
            s.len(),
            &format!("the XML ends inside <{}> (truncated?)", open.name),
        );
        // Fields cut by the end still count: their text so far is what there is.
        if let Some((f, b, start)) = current.take() {
            let element = text.span(start..s.len());
            store(
                &mut study,
                f,
                Text {
                    text: b.finish(),
                    element,
                },
            );
        }
    }
    if !seen_root {
        rec.warn(
            WarningCode::XmlError,
            format!("the root element is not <{ROOT}>"),
            None,
        );
    }
    if bad_entities > 0 {
        rec.warn(
            WarningCode::BadEntity,
            format!("{bad_entities} unknown or malformed entity reference(s) kept as written"),
            first_bad,
        );
    }
    rec.sections = sections;
    study
}

/// Consecutive elements of the same name (`location`, `location`, …) make one section.
fn add_section(sections: &mut Vec<PageSection>, name: &str, span: Span) {
    match sections.last_mut() {
        Some(last) if last.heading == name => last.span = last.span.cover(span),
        _ => sections.push(PageSection {
            heading: name.to_owned(),
            span,
        }),
    }
}

fn xml_error(rec: &mut Record, text: &Mapped, at: usize, message: &str) {
    // One warning per record: after the first problem, the next ones are often echoes.
    if rec.warnings.iter().any(|w| w.code == WarningCode::XmlError) {
        return;
    }
    let span = text.span(at..at);
    rec.warn(
        WarningCode::XmlError,
        format!("malformed XML at byte {}: {message}", span.start),
        Some(span),
    );
}

/// The field collected by the element `name` opened inside `stack`.
fn field_at(stack: &[Open], name: &str) -> Option<Field> {
    let (root, inner) = stack.split_first()?;
    if root.name != ROOT {
        return None;
    }
    FIELDS.iter().find_map(|(path, field)| {
        let (last, parents) = path.split_last()?;
        let matches = *last == name
            && parents.len() == inner.len()
            && parents.iter().zip(inner).all(|(p, o)| *p == o.name);
        matches.then_some(*field)
    })
}

fn store(study: &mut Study, f: Field, t: Text) {
    let value = || collapse(t.text.as_str());
    match f {
        Field::City | Field::State | Field::Country => {
            if let Some(loc) = study.locations.last_mut() {
                let slot = match f {
                    Field::City => &mut loc.city,
                    Field::State => &mut loc.state,
                    _ => &mut loc.country,
                };
                slot.get_or_insert_with(value);
            }
        }
        _ => study.fields.push((f, t)),
    }
}

/// An attribute's value, unescaped.
fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    let v = a
        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()?;
    Some(v.trim().to_owned())
}

/// The character a reference stands for: the five XML entities and `&#N;`/`&#xH;`.
fn reference(raw: &str) -> Option<char> {
    let name = raw.strip_prefix('&')?.strip_suffix(';')?;
    let c = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code).filter(|&c| c != '\0')?
        }
    };
    Some(c)
}

/// Whitespace runs (line breaks included) as single spaces, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A field's trimmed text and its span; `None` when empty.
fn value(t: &Text) -> Option<(String, Span)> {
    let trimmed = t.text.trimmed();
    if trimmed.is_empty() {
        return None;
    }
    Some((collapse(trimmed.as_str()), trimmed.full_span()))
}

/// The criteria `textblock` without its common indentation and the blank lines around it;
/// `\r` (written `&#xD;` before each line break) dropped.
fn dedent(block: &Mapped) -> Mapped {
    let s = block.as_str();
    let lines: Vec<(usize, usize)> = {
        let mut out = Vec::new();
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', s.as_bytes()).chain([s.len()]) {
            out.push((start, end));
            start = end + 1;
        }
        out
    };
    let content_end = |&(a, b): &(usize, usize)| {
        let line = &s[a..b];
        a + line.trim_end_matches(['\r', ' ', '\t']).len()
    };
    let indent = |&(a, b): &(usize, usize)| {
        let line = &s[a..b];
        line.len() - line.trim_start_matches([' ', '\t']).len()
    };
    let blank = |l: &(usize, usize)| content_end(l) <= l.0 + indent(l);
    let common = lines
        .iter()
        .filter(|l| !blank(l))
        .map(indent)
        .min()
        .unwrap_or(0);
    let mut b = MappedBuilder::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            // The line break before this line (the `\n` itself).
            b.push_from(block, l.0 - 1..l.0);
        }
        if !blank(l) {
            b.push_from(block, l.0 + common..content_end(l));
        }
    }
    // A lone `\r` is a line break of its own.
    let out = b.finish();
    let cr_free = if out.as_str().contains('\r') {
        let mut b = MappedBuilder::new();
        let t = out.as_str();
        let mut from = 0;
        for at in memchr::memchr_iter(b'\r', t.as_bytes()) {
            b.push_from(&out, from..at);
            b.push_replace("\n", out.span(at..at + 1));
            from = at + 1;
        }
        b.push_from(&out, from..t.len());
        b.finish()
    } else {
        out
    };
    cr_free.trimmed()
}

fn fill(study: &Study, rec: &mut Record) {
    let mapped = |rec: &mut Record, f: Field, table: &[(&str, &'static str)], what: &str| {
        let (v, span) = study.first(f).and_then(value)?;
        map_or_warn(rec, table, &v, what, span).map(|code| (code, span))
    };
    let required = |rec: &mut Record, f: Field, path: &str| {
        if study.first(f).and_then(value).is_none() {
            rec.warn(
                WarningCode::MissingField,
                format!("{ROOT}/{path} is missing"),
                None,
            );
        }
    };

    // Ids and titles.
    if let Some((id, span)) = study.first(Field::NctId).and_then(value) {
        if is_nct_id(&id) {
            rec.nct_id = Some(id);
            rec.mark("nct_id", span);
        } else {
            let msg = format!("nct_id {id:?} is not NCT and eight digits; not taken");
            rec.warn(WarningCode::BadNctId, msg, Some(span));
        }
    }
    required(rec, Field::NctId, "id_info/nct_id");
    if let Some((t, span)) = study.first(Field::BriefTitle).and_then(value) {
        rec.titles.display = Some(t.clone());
        rec.titles.brief = Some(t);
        rec.mark("titles.brief", span);
        rec.mark("titles.display", span);
    }
    required(rec, Field::BriefTitle, "brief_title");
    if let Some((t, span)) = study.first(Field::OfficialTitle).and_then(value) {
        rec.titles.official = Some(t);
        rec.mark("titles.official", span);
    }
    if let Some((t, span)) = study.first(Field::Acronym).and_then(value) {
        rec.titles.acronym = Some(t);
        rec.mark("titles.acronym", span);
    }

    // Status and design.
    if let Some((code, span)) = mapped(rec, Field::Status, STATUS, "overall_status") {
        rec.status = Some(code.to_owned());
        rec.mark("status", span);
    }
    required(rec, Field::Status, "overall_status");
    if let Some((v, span)) = study.first(Field::Phase).and_then(value) {
        let mut phases = Vec::new();
        // "N/A" is one value; "Phase 1/Phase 2" is two.
        let parts: Vec<&str> = match map(PHASES, &v) {
            Some(_) => vec![v.as_str()],
            None => v.split('/').collect(),
        };
        for part in parts {
            if let Some(code) = map_or_warn(rec, PHASES, part, "phase", span) {
                if !phases.contains(&code) {
                    phases.push(code);
                }
            }
        }
        rec.quick_facts.phases = phases.into_iter().map(str::to_owned).collect();
        rec.mark("quick_facts.phases", span);
    }
    if let Some((code, span)) = mapped(rec, Field::StudyType, STUDY_TYPES, "study_type") {
        rec.quick_facts.study_type = Some(code.to_owned());
        rec.mark("quick_facts.study_type", span);
    }
    required(rec, Field::StudyType, "study_type");
    if let Some(t) = study.first(Field::Enrollment) {
        if let Some((v, span)) = value(t) {
            match v.parse::<u64>() {
                Ok(count) => {
                    let kind = study.enrollment_type.as_deref().and_then(|k| {
                        map_or_warn(rec, ENROLLMENT_TYPES, k, "enrollment type", t.element)
                            .map(str::to_owned)
                    });
                    rec.quick_facts.enrollment = Some(Enrollment { count, kind });
                    rec.mark("quick_facts.enrollment", t.element);
                }
                Err(_) => rec.warn(
                    WarningCode::WrongType,
                    format!("enrollment {v:?} is not a whole number"),
                    Some(span),
                ),
            }
        }
    }

    // Conditions and interventions.
    let conditions: Vec<&Text> = study.all(Field::Condition).collect();
    rec.conditions = conditions
        .iter()
        .filter_map(|t| value(t))
        .map(|(v, _)| v)
        .collect();
    if let Some(span) = cover(conditions.iter().map(|t| t.element)) {
        rec.mark("conditions", span);
    }
    let interventions: Vec<&Text> = study.all(Field::Intervention).collect();
    rec.quick_facts.interventions = interventions
        .iter()
        .filter_map(|t| value(t))
        .map(|(v, _)| v)
        .collect();
    if let Some(span) = cover(interventions.iter().map(|t| t.element)) {
        rec.mark("quick_facts.interventions", span);
    }

    // Eligibility.
    for (f, key, what) in [
        (Field::MinAge, "quick_facts.ages.min", "minimum_age"),
        (Field::MaxAge, "quick_facts.ages.max", "maximum_age"),
    ] {
        let Some((v, span)) = study.first(f).and_then(value) else {
            continue;
        };
        let age = parse_registry_age(&v);
        if age.is_none() && !v.eq_ignore_ascii_case("N/A") {
            rec.warn(
                WarningCode::UnparsedAge,
                format!("eligibility/{what}: cannot read {v:?} as an age"),
                Some(span),
            );
        }
        if age.is_some() {
            rec.mark(key, span);
        }
        match f {
            Field::MinAge => rec.quick_facts.ages.min = age,
            _ => rec.quick_facts.ages.max = age,
        }
    }
    if let Some((code, span)) = mapped(rec, Field::Sex, SEXES, "eligibility/gender") {
        rec.quick_facts.sex = Some(code.to_owned());
        rec.mark("quick_facts.sex", span);
    }

    // Sponsor.
    if let Some((name, _)) = study.first(Field::Agency).and_then(value) {
        let class = mapped(rec, Field::AgencyClass, AGENCY_CLASSES, "agency_class")
            .map(|(c, _)| c.to_owned());
        rec.quick_facts.sponsor = Some(Sponsor { name, class });
        if let Some(span) = study.lead_sponsor {
            rec.mark("quick_facts.sponsor", span);
        }
    }

    // Locations.
    if !study.locations.is_empty() {
        let listed = study
            .locations
            .iter()
            .filter_map(|l| {
                Some(Place {
                    city: l.city.clone()?,
                    region: l.state.clone().or_else(|| l.country.clone()),
                })
            })
            .collect();
        rec.quick_facts.locations = Some(Locations {
            count: study.locations.len() as u64,
            listed,
            more: 0,
        });
        if let Some(span) = cover(study.location_spans.iter().copied()) {
            rec.mark("quick_facts.locations", span);
        }
    }
}

fn cover(spans: impl Iterator<Item = Span>) -> Option<Span> {
    spans.reduce(Span::cover)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Format, Number};

    const RECORD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<clinical_study>
  <!-- This xml conforms to an XML Schema -->
  <id_info>
    <org_study_id>X-1</org_study_id>
    <nct_id>NCT00000102</nct_id>
  </id_info>
  <brief_title>Congenital Adrenal Hyperplasia: Calcium Channels &amp; Blockers</brief_title>
  <official_title>Calcium Channel Blockers
    in Congenital Adrenal Hyperplasia</official_title>
  <acronym>CAH</acronym>
  <sponsors>
    <lead_sponsor>
      <agency>National Center for Research Resources (NCRR)</agency>
      <agency_class>U.S. Fed</agency_class>
    </lead_sponsor>
  </sponsors>
  <overall_status>Active, not recruiting</overall_status>
  <phase>Phase 1/Phase 2</phase>
  <study_type>Interventional</study_type>
  <enrollment type="Anticipated">40</enrollment>
  <condition>Adrenal Hyperplasia, Congenital</condition>
  <condition>Hypertension</condition>
  <intervention>
    <intervention_type>Drug</intervention_type>
    <intervention_name>Nifedipine</intervention_name>
  </intervention>
  <eligibility>
    <criteria>
      <textblock>
        Inclusion Criteria:&#xD;
&#xD;
          -  Children ages 7 to 16 years with a &lt;classic&gt; form of CAH and&#xD;
             a serum 17-OHP &gt;= 10 nmol/L&#xD;
&#xD;
        Exclusion Criteria:&#xD;
&#xD;
          -  <![CDATA[Weight < 25 kg & other]]>&#xD;
      </textblock>
    </criteria>
    <gender>Both</gender>
    <minimum_age>7 Years</minimum_age>
    <maximum_age>N/A</maximum_age>
  </eligibility>
  <location>
    <facility>
      <name>NIH Clinical Center</name>
      <address>
        <city>Bethesda</city>
        <state>Maryland</state>
        <country>United States</country>
      </address>
    </facility>
  </location>
  <location>
    <facility>
      <address>
        <city>Lyon</city>
        <country>France</country>
      </address>
    </facility>
  </location>
  <location><facility><name>No city</name></facility></location>
</clinical_study>
"#;

    fn run(src: &str) -> (Record, Option<Mapped>) {
        let text = crate::source::decode(src.as_bytes())
            .expect("a test page is small")
            .text;
        let mut rec = Record::new("t.xml", Format::RegistryXml);
        let crit = parse(&text, &mut rec);
        (rec, crit)
    }

    #[test]
    fn fills_every_field_in_the_v2_vocabulary() {
        let (rec, crit) = run(RECORD);
        assert_eq!(rec.warnings, vec![]);
        assert_eq!(rec.nct_id.as_deref(), Some("NCT00000102"));
        assert_eq!(
            rec.titles.brief.as_deref(),
            Some("Congenital Adrenal Hyperplasia: Calcium Channels & Blockers")
        );
        assert_eq!(rec.titles.display, rec.titles.brief);
        assert_eq!(
            rec.titles.official.as_deref(),
            Some("Calcium Channel Blockers in Congenital Adrenal Hyperplasia")
        );
        assert_eq!(rec.titles.acronym.as_deref(), Some("CAH"));
        assert_eq!(rec.status.as_deref(), Some("ACTIVE_NOT_RECRUITING"));
        let q = &rec.quick_facts;
        assert_eq!(q.phases, ["PHASE1", "PHASE2"]);
        assert_eq!(q.study_type.as_deref(), Some("INTERVENTIONAL"));
        assert_eq!(
            q.enrollment,
            Some(Enrollment {
                count: 40,
                kind: Some("ESTIMATED".into())
            })
        );
        assert_eq!(
            rec.conditions,
            ["Adrenal Hyperplasia, Congenital", "Hypertension"]
        );
        assert_eq!(q.interventions, ["Nifedipine"]);
        assert_eq!(q.sex.as_deref(), Some("ALL"));
        assert_eq!(q.ages.min.as_ref().unwrap().value, Number(7.0));
        assert_eq!(q.ages.max, None);
        assert_eq!(
            q.sponsor,
            Some(Sponsor {
                name: "National Center for Research Resources (NCRR)".into(),
                class: Some("FED".into())
            })
        );
        let loc = q.locations.as_ref().unwrap();
        assert_eq!(loc.count, 3);
        assert_eq!(
            loc.listed,
            [
                Place {
                    city: "Bethesda".into(),
                    region: Some("Maryland".into())
                },
                Place {
                    city: "Lyon".into(),
                    region: Some("France".into())
                }
            ]
        );
        let crit = crit.unwrap();
        assert_eq!(
            crit.as_str(),
            "Inclusion Criteria:\n\n  -  Children ages 7 to 16 years with a <classic> form of CAH and\n     a serum 17-OHP >= 10 nmol/L\n\nExclusion Criteria:\n\n  -  Weight < 25 kg & other"
        );
    }

    #[test]
    fn spans_point_into_the_xml_bytes() {
        let (rec, crit) = run(RECORD);
        let at = |s: Span| &RECORD[s.start..s.end];
        assert_eq!(at(rec.field_spans["nct_id"]), "NCT00000102");
        assert_eq!(at(rec.field_spans["status"]), "Active, not recruiting");
        assert!(at(rec.field_spans["quick_facts.sponsor"]).starts_with("<lead_sponsor>"));
        let crit = crit.unwrap();
        let t = crit.as_str();
        // A decoded entity spans the whole reference; CDATA text maps to itself.
        let lt = t.find('<').unwrap();
        assert_eq!(at(crit.span(lt..lt + 1)), "&lt;");
        let cd = t.find("Weight").unwrap();
        assert_eq!(at(crit.span(cd..cd + 11)), "Weight < 25");
        let ge = t.find(">=").unwrap();
        assert_eq!(at(crit.span(ge..ge + 2)), "&gt;=");
    }

    #[test]
    fn bad_entities_are_kept_as_written_and_warned() {
        let src = "<clinical_study><id_info><nct_id>NCT00000001</nct_id></id_info>\
            <brief_title>AT&T &bogus; &#xZZ; &#0; &lt;ok&gt;</brief_title>\
            <overall_status>Recruiting</overall_status></clinical_study>";
        let (rec, _) = run(src);
        assert_eq!(
            rec.titles.brief.as_deref(),
            Some("AT&T &bogus; &#xZZ; &#0; <ok>")
        );
        assert_eq!(rec.status.as_deref(), Some("RECRUITING"));
        let w: Vec<_> = rec
            .warnings
            .iter()
            .filter(|w| w.code == WarningCode::BadEntity)
            .collect();
        assert_eq!(w.len(), 1, "{:?}", rec.warnings);
        assert!(w[0].message.starts_with("4 unknown"), "{}", w[0].message);
    }

    #[test]
    fn truncated_and_malformed_xml_keeps_what_came_before() {
        let cut = &RECORD[..RECORD.find("<intervention>").unwrap() + 20];
        let (rec, crit) = run(cut);
        assert_eq!(rec.nct_id.as_deref(), Some("NCT00000102"));
        assert_eq!(rec.conditions.len(), 2);
        assert!(crit.is_none());
        let xe: Vec<_> = rec
            .warnings
            .iter()
            .filter(|w| w.code == WarningCode::XmlError)
            .collect();
        assert_eq!(xe.len(), 1, "one warning however many echoes");
        assert!(xe[0].span.is_some_and(|s| s.start > 800), "{:?}", xe[0]);
        let (rec, _) = run(&RECORD[..RECORD.find("</eligibility>").unwrap()]);
        assert!(rec
            .warnings
            .iter()
            .any(|w| w.message.contains("ends inside <eligibility>")));

        let stray = "<clinical_study><brief_title>T</brief_title></oops><overall_status>Completed</overall_status></clinical_study>";
        let (rec, _) = run(stray);
        assert_eq!(rec.status.as_deref(), Some("COMPLETED"));
        assert!(rec.warnings.iter().any(|w| w.code == WarningCode::XmlError));
    }

    #[test]
    fn values_outside_the_tables_are_warned_not_guessed() {
        let src = "<clinical_study><overall_status>Sort of recruiting</overall_status>\
            <phase>Phase 5</phase><study_type>Interventional</study_type>\
            <eligibility><gender>Any</gender><minimum_age>eighteen</minimum_age></eligibility>\
            </clinical_study>";
        let (rec, _) = run(src);
        assert_eq!(rec.status, None);
        assert!(rec.quick_facts.phases.is_empty());
        assert_eq!(rec.quick_facts.sex, None);
        let unmapped = rec
            .warnings
            .iter()
            .filter(|w| w.code == WarningCode::UnmappedValue)
            .count();
        assert_eq!(unmapped, 3, "{:?}", rec.warnings);
        assert!(rec
            .warnings
            .iter()
            .any(|w| w.code == WarningCode::UnparsedAge));
        assert!(rec
            .warnings
            .iter()
            .any(|w| w.code == WarningCode::MissingField && w.message.contains("nct_id")));
    }

    #[test]
    fn every_vocabulary_value_maps() {
        assert_eq!(map(STATUS, "Unknown status"), Some("UNKNOWN"));
        assert_eq!(
            map(STATUS, "active,  NOT recruiting"),
            Some("ACTIVE_NOT_RECRUITING")
        );
        assert_eq!(map(STATUS, "RECRUITING"), Some("RECRUITING"));
        assert_eq!(map(PHASES, "Early Phase 1"), Some("EARLY_PHASE1"));
        let na = "<clinical_study><phase>N/A</phase></clinical_study>";
        assert_eq!(run(na).0.quick_facts.phases, ["NA"]);
        assert_eq!(map(AGENCY_CLASSES, "U.S. Fed"), Some("FED"));
        assert_eq!(
            map(STUDY_TYPES, "Observational [Patient Registry]"),
            Some("OBSERVATIONAL")
        );
        assert_eq!(map(ENROLLMENT_TYPES, "Anticipated"), Some("ESTIMATED"));
        assert_eq!(map(SEXES, "Both"), Some("ALL"));
        assert_eq!(map(SEXES, "Neither"), None);
    }

    #[test]
    fn dedent_keeps_relative_indentation() {
        let m = Mapped::identity("\n      A\r\n        - b\r\n\r\n      C\n   ", 10);
        let d = dedent(&m);
        assert_eq!(d.as_str(), "A\n  - b\n\nC");
        assert_eq!(d.span(0..1), Span::new(17, 18));
    }
}
