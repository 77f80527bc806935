use super::*;
use crate::span::Span;
use crate::warning::WarningCode;

fn run(src: &str) -> (Eligibility, Vec<Warning>) {
    let mut w = Vec::new();
    let el = parse(&Mapped::identity(src, 0), &mut w).expect("within the caps");
    (el, w)
}

/// One line per criterion, depth first: `<list> <depth> <text>`.
fn outline(src: &str) -> Vec<String> {
    let (el, _) = run(src);
    let mut out = Vec::new();
    for (name, items) in [
        ("inc", &el.inclusion),
        ("exc", &el.exclusion),
        ("oth", &el.other),
    ] {
        let mut todo: Vec<(usize, &Criterion)> = items.iter().rev().map(|c| (0, c)).collect();
        while let Some((d, c)) = todo.pop() {
            out.push(format!("{name} {d} {}", c.text.as_str()));
            todo.extend(c.children.iter().rev().map(|k| (d + 1, k)));
        }
    }
    out
}

fn all(el: &Eligibility) -> Vec<&Criterion> {
    el.walk().into_iter().map(|(_, c)| c).collect()
}

#[test]
fn headers_switch_lists_and_are_not_criteria() {
    let src = "Preamble line\n\nInclusion Criteria:\n\n* Adults\n\nEXCLUSION CRITERIA\n\n* Pregnant women\n";
    assert_eq!(
        outline(src),
        [
            "inc 0 Adults",
            "exc 0 Pregnant women",
            "oth 0 Preamble line"
        ]
    );
}

#[test]
fn header_variants() {
    for h in [
        "Key Inclusion Criteria:",
        "Main inclusion criteria",
        "Inclusion criteria include:",
        "**Inclusion Criteria:**",
        "# Inclusion criteria",
        "General inclusion criteria (patients):",
        "Participant inclusion criteria",
        "Principal inclusion criteria:",
        "Patient Inclusion Criteria:",
    ] {
        let src = format!("{h}\n* Adults aged 18 or over\n");
        assert_eq!(outline(&src), ["inc 0 Adults aged 18 or over"], "{h}");
    }
}

#[test]
fn loose_headers_only_without_plain_ones() {
    let src = "Inclusion:\n\n* Adults\n\nNon-inclusion criteria:\n\n* Smokers\n";
    assert_eq!(outline(src), ["inc 0 Adults", "exc 0 Smokers"]);
    let src = "Inclusion Criteria:\n\n* Adults\n\nNon-inclusion criteria:\n\n* Smokers\n";
    assert_eq!(
        outline(src),
        [
            "inc 0 Adults",
            "inc 0 Non-inclusion criteria:",
            "inc 1 Smokers"
        ]
    );
}

#[test]
fn header_with_text_on_the_same_line() {
    let src = "Inclusion Criteria: adults with asthma\nExclusion Criteria: - smokers\n";
    assert_eq!(outline(src), ["inc 0 adults with asthma", "exc 0 smokers"]);
}

#[test]
fn bulleted_headers_switch_until_a_plain_header() {
    let src = "1. Inclusion Criteria\n   * Adults\n2. Exclusion Criteria\n   * Smokers\n";
    assert_eq!(outline(src), ["inc 0 Adults", "exc 0 Smokers"]);
    let src = "* Inclusion Criteria:\n* Adults\n\nExclusion Criteria:\n\n* Inclusion Criteria\n";
    assert_eq!(outline(src), ["inc 0 Adults", "exc 0 Inclusion Criteria"]);
}

#[test]
fn every_marker_kind() {
    let src = "* star item\n- dash item\n• dot item\n· mid item\n+ plus item\n1. num item\n\
               2) paren item\n(3) both item\na) letter item\nb. letter dot\ni. roman one\n\
               ii) roman two\n① circled one\n②circled two\n";
    let got: Vec<String> = outline(src);
    let texts: Vec<&str> = got
        .iter()
        .map(|l| l.splitn(3, ' ').nth(2).unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "star item",
            "dash item",
            "dot item",
            "mid item",
            "plus item",
            "num item",
            "paren item",
            "both item",
            "letter item",
            "letter dot",
            "roman one",
            "roman two",
            "circled one",
            "circled two"
        ]
    );
}

#[test]
fn nesting_by_indentation() {
    let src =
        "* Prior treatment:\n\n  * T1b-4, Gleason 7\n  * T1b-1c\n    - deeper\n* Radiotherapy\n";
    assert_eq!(
        outline(src),
        [
            "oth 0 Prior treatment:",
            "oth 1 T1b-4, Gleason 7",
            "oth 1 T1b-1c",
            "oth 2 deeper",
            "oth 0 Radiotherapy"
        ]
    );
}

#[test]
fn numbered_list_under_a_bullet() {
    let src = "* Organ function:\n1. Bilirubin < 1.5\n2. ALT < 3 ULN\n* ECOG 0-2\n";
    assert_eq!(
        outline(src),
        [
            "oth 0 Organ function:",
            "oth 1 Bilirubin < 1.5",
            "oth 1 ALT < 3 ULN",
            "oth 0 ECOG 0-2"
        ]
    );
    let src = "* Organ function:\n\n  1. Bilirubin < 1.5\n  2. ALT\n* ECOG 0-2\n";
    assert_eq!(outline(src)[1], "oth 1 Bilirubin < 1.5");
    assert_eq!(outline(src)[3], "oth 0 ECOG 0-2");
}

#[test]
fn pdq_sub_headings() {
    let src = "DISEASE CHARACTERISTICS:\n\n* Prostate cancer\n\nPATIENT CHARACTERISTICS:\n\n\
               Age\n\n* 18 and over\n\nPerformance status\n\n* Zubrod 0-2\n\n\
               PRIOR CONCURRENT THERAPY:\n\n* No prior implant\n";
    assert_eq!(
        outline(src),
        [
            "oth 0 DISEASE CHARACTERISTICS:",
            "oth 1 Prostate cancer",
            "oth 0 PATIENT CHARACTERISTICS:",
            "oth 1 Age",
            "oth 2 18 and over",
            "oth 1 Performance status",
            "oth 2 Zubrod 0-2",
            "oth 0 PRIOR CONCURRENT THERAPY:",
            "oth 1 No prior implant"
        ]
    );
}

#[test]
fn colon_lead_adopts_the_list_that_follows() {
    let src =
        "Exclusion Criteria:\n\nPatients with any of:\n\n* HIV\n* Hepatitis B\n\nAge over 80\n";
    assert_eq!(
        outline(src),
        [
            "exc 0 Patients with any of:",
            "exc 1 HIV",
            "exc 1 Hepatitis B",
            "exc 0 Age over 80"
        ]
    );
    let src = "Acute MI defined as:\nAngina > 20 min\nPlanned PCI\n";
    assert_eq!(
        outline(src),
        [
            "oth 0 Acute MI defined as:",
            "oth 0 Angina > 20 min",
            "oth 0 Planned PCI"
        ]
    );
}

#[test]
fn paragraphs_without_bullets() {
    let src = "Have had one prior regimen. \nAt least 4 weeks since surgery. \nECOG 0, 1, or 2. \n";
    assert_eq!(
        outline(src),
        [
            "oth 0 Have had one prior regimen.",
            "oth 0 At least 4 weeks since surgery.",
            "oth 0 ECOG 0, 1, or 2."
        ]
    );
}

#[test]
fn paragraph_after_a_bullet() {
    // Under a bullet ending in a colon it is a child; otherwise a sibling.
    let src = "* Organ function meets:\n\nBilirubin < 2 ULN;\n\n* ECOG 0-2;\n* Heart disease.\n\n\
               Active infection;\n";
    assert_eq!(
        outline(src),
        [
            "oth 0 Organ function meets:",
            "oth 1 Bilirubin < 2 ULN;",
            "oth 0 ECOG 0-2;",
            "oth 0 Heart disease.",
            "oth 0 Active infection;"
        ]
    );
}

#[test]
fn wrapped_bullet_text_joins() {
    let src = "* Absolute neutrophil count\n  at least 1500/mm3\n* Platelets\n";
    let (el, _) = run(src);
    let c = &el.other[0];
    assert_eq!(
        c.text.as_str(),
        "Absolute neutrophil count at least 1500/mm3"
    );
    assert_eq!(c.span, Span::new(2, 47));
    let at = c.text.as_str().find("1500").unwrap();
    assert_eq!(
        &src[c.text.span(at..at + 4).start..c.text.span(at..at + 4).end],
        "1500"
    );
    assert_eq!(el.other.len(), 2);
}

#[test]
fn lone_marker_takes_the_next_line() {
    let src = "1.\n   Adults aged 18 to 65\n2. Consent\n";
    assert_eq!(
        outline(src),
        ["oth 0 Adults aged 18 to 65", "oth 0 Consent"]
    );
}

#[test]
fn escapes_undone_with_exact_spans() {
    let src = "Inclusion Criteria:\n\n* GFR \\<30 ml/min or bilirubin \\>3 x ULN\n";
    let (el, _) = run(src);
    let c = &el.inclusion[0];
    assert_eq!(c.text.as_str(), "GFR <30 ml/min or bilirubin >3 x ULN");
    assert_eq!(
        &src[c.span.start..c.span.end],
        "GFR \\<30 ml/min or bilirubin \\>3 x ULN"
    );
    let t = c.text.as_str();
    let at = t.find("<30").unwrap();
    let s = c.text.span(at..at + 3);
    assert_eq!(&src[s.start..s.end], "\\<30");
}

#[test]
fn inline_circled_lists_become_children() {
    let src = "* Bone marrow confirms B-ALL:\n\nRelapsed B-ALL: ① Relapse within 12 months; or \
               ② Relapse after salvage; or ③ Relapse after HSCT; Refractory B-ALL: ① No CR after \
               2 cycles; or ② No CR after salvage;\n";
    assert_eq!(
        outline(src),
        [
            "oth 0 Bone marrow confirms B-ALL:",
            "oth 1 Relapsed B-ALL:",
            "oth 2 Relapse within 12 months; or",
            "oth 2 Relapse after salvage; or",
            "oth 2 Relapse after HSCT;",
            "oth 1 Refractory B-ALL:",
            "oth 2 No CR after 2 cycles; or",
            "oth 2 No CR after salvage;"
        ]
    );
    let (el, _) = run(src);
    for c in all(&el) {
        assert_eq!(&src[c.span.start..c.span.end], c.text.as_str());
    }
}

#[test]
fn circled_item_line_with_more_items_makes_siblings() {
    let src = "① Tumour; ② Pregnancy\n③ Heart failure\n";
    assert_eq!(
        outline(src),
        ["oth 0 Tumour;", "oth 0 Pregnancy", "oth 0 Heart failure"]
    );
}

#[test]
fn spans_cover_own_text_only() {
    let src = "Exclusion Criteria:\n\n* Any of:\n\n  * HIV\n";
    let (el, _) = run(src);
    let c = &el.exclusion[0];
    assert_eq!(&src[c.span.start..c.span.end], "Any of:");
    let k = &c.children[0];
    assert_eq!(&src[k.span.start..k.span.end], "HIV");
}

#[test]
fn every_line_with_words_is_covered() {
    let src = "Intro text\n\nINCLUSION CRITERIA\n\n1. Adults:\n   a) aged 18\n      wrapped here\n\
               b) consent\n\nNote: see protocol\n\nDISEASE CHARACTERISTICS:\nAge\n* 18+\n\
               Exclusion Criteria: smokers\n\\-\n  * **HIV** \\+\n    o subtype ①a ②b\n\
               Final paragraph\n   indented paragraph\n";
    let (el, _) = run(src);
    let spans: Vec<Span> = all(&el).iter().map(|c| c.span).collect();
    let mut pos = 0;
    for line in src.split('\n') {
        let (a, b) = (pos, pos + line.len());
        pos = b + 1;
        let low = line.trim().to_ascii_lowercase();
        if !line.chars().any(char::is_alphanumeric)
            || low == "inclusion criteria"
            || low == "exclusion criteria:"
        {
            continue;
        }
        assert!(
            spans.iter().any(|s| s.start < b && a < s.end),
            "uncovered: {line:?}"
        );
    }
}

#[test]
fn empty_block_warns() {
    let (el, w) = run("");
    assert_eq!(el, Eligibility::default());
    assert_eq!(w[0].code, WarningCode::CriteriaEmpty);
    let (_, w) = run("Inclusion Criteria:\n\nExclusion Criteria:\n");
    assert_eq!(w[0].code, WarningCode::CriteriaEmpty);
    let (_, w) = run("* x\n");
    assert!(w.is_empty());
}

#[test]
fn deep_nesting_is_capped_with_a_warning() {
    let mut src = String::new();
    for d in 0..200 {
        src.push_str(&" ".repeat(d * 2));
        src.push_str("* level\n");
    }
    let (el, w) = run(&src);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].code, WarningCode::CriteriaDepth);
    let mut depth = 0;
    let mut c = el.other.first();
    let mut count = 0;
    while let Some(x) = c {
        depth += 1;
        count += x.children.len();
        c = x.children.last();
    }
    assert_eq!(depth, MAX_DEPTH);
    assert_eq!(all(&el).len(), 200);
    assert!(count > 0);
}

#[test]
fn alternating_colon_lists_stay_bounded() {
    let mut src = String::new();
    for i in 0..5000 {
        src.push_str(if i % 2 == 0 { "* a:\n" } else { "1. b:\n" });
    }
    // Each `* a:` finds its own list again, so the tree stays two levels deep.
    let (el, w) = run(&src);
    assert_eq!(all(&el).len(), 5000);
    assert_eq!(el.other.len(), 2500);
    assert!(el.other.iter().all(|c| c.children.len() == 1));
    assert!(w.is_empty());
}

#[test]
fn huge_flat_block_is_linear() {
    let src = "* Platelets \\>= 100,000/mm3 and ANC \\> 1500\n".repeat(100_000);
    let t = std::time::Instant::now();
    let (el, _) = run(&src);
    assert_eq!(el.other.len(), 100_000);
    assert!(t.elapsed().as_secs() < 20);
}

#[test]
fn odd_bytes_do_not_panic() {
    for src in [
        "\\",
        "*",
        "1.",
        "①",
        "(",
        "Inclusion Criteria:",
        "\n\n\t\t* \u{a0}x",
        "a\\\n*",
    ] {
        let _ = run(src);
    }
}

mod generated {
    use super::*;
    use proptest::prelude::*;

    /// Lines assembled from the pieces criteria blocks are made of.
    fn block() -> impl Strategy<Value = String> {
        let indent = prop::sample::select(vec!["", "  ", "   ", "    ", "\t", "      "]);
        let marker = prop::sample::select(vec![
            "", "", "* ", "- ", "• ", "1. ", "2) ", "(3) ", "a) ", "ii. ", "① ", "\\- ", "*", "o ",
        ]);
        let words = prop::sample::select(vec![
            "Adults aged 18",
            "ANC \\> 1500/mm3",
            "Any of the following:",
            "PATIENT CHARACTERISTICS:",
            "Age",
            "Inclusion Criteria:",
            "Exclusion Criteria: smokers",
            "Inclusion:",
            "x ① a; ② b; Other: ① c",
            "**bold** text \\~ here",
            "",
            "\\-",
            "Ω≥μ 中文",
        ]);
        prop::collection::vec((indent, marker, words), 0..40).prop_map(|ls| {
            ls.into_iter()
                .map(|(i, m, w)| format!("{i}{m}{w}\n"))
                .collect::<String>()
        })
    }

    proptest! {
        #[test]
        fn spans_are_in_bounds_read_as_text_and_cover_every_line(src in block()) {
            let (el, _) = run(&src);
            let items = all(&el);
            for c in &items {
                prop_assert!(c.span.start <= c.span.end && c.span.end <= src.len());
                prop_assert!(src.is_char_boundary(c.span.start) && src.is_char_boundary(c.span.end));
                let t = c.text.as_str();
                let s = &src[c.span.start..c.span.end];
                // The source differs from the text only by escapes, bold marks and joins.
                let squash = |x: &str| -> String {
                    x.replace(['\\', '*'], "").split_whitespace().collect()
                };
                prop_assert_eq!(squash(s), squash(t));
            }
            let mut pos = 0;
            for line in src.split('\n') {
                let (a, b) = (pos, pos + line.len());
                pos = b + 1;
                let body = line.trim_start();
                let bare = lines::marker(body).map_or(body, |(_, n)| &body[n..]);
                let is_header = lines::section_header(body).is_some()
                    || lines::loose_header(bare).is_some();
                if is_header || !bare.chars().any(char::is_alphanumeric) {
                    continue;
                }
                prop_assert!(
                    items.iter().any(|c| c.span.start < b && a < c.span.end),
                    "uncovered {:?}", line
                );
            }
        }

        #[test]
        fn any_text_parses_with_spans_in_bounds(src in r"(?s)[ \t\n*\\1.()a①:IiEx\u{a0}é-]{0,80}") {
            let (el, _) = run(&src);
            for c in all(&el) {
                prop_assert!(c.span.end <= src.len());
                prop_assert!(src.is_char_boundary(c.span.start) && src.is_char_boundary(c.span.end));
            }
        }
    }
}

#[test]
fn blocks_past_the_caps_fail() {
    let mut w = Vec::new();
    let mut parse_str = |s: &str| parse(&Mapped::identity(s, 0), &mut w);
    // A criterion per four bytes: the cap is one per 32 bytes plus an allowance.
    let bullets = "* a\n".repeat(CRITERIA.free + 10_000);
    let cap = CRITERIA.of(bullets.len());
    assert_eq!(parse_str(&bullets).err(), Some(TooLarge::Criteria { cap }));
    // Inline items count too, within one line.
    let inline = format!("* {}\n", "① a ".repeat(CRITERIA.free + 10_000));
    let cap = CRITERIA.of(inline.len());
    assert_eq!(parse_str(&inline).err(), Some(TooLarge::Criteria { cap }));
    let blank = "\n".repeat(LINES.free + 10_000);
    let cap = LINES.of(blank.len());
    assert_eq!(parse_str(&blank).err(), Some(TooLarge::Lines { cap }));
    // Short criteria within the allowance, and long ones far beyond it, are fine.
    let el = parse_str(&"* a\n".repeat(CRITERIA.free)).expect("at the cap");
    assert_eq!(el.other.len(), CRITERIA.free);
    let long = "* Platelets >= 100,000/mm3 and ANC > 1500\n".repeat(2 * CRITERIA.free);
    assert_eq!(
        parse_str(&long).expect("real criteria").other.len(),
        2 * CRITERIA.free
    );
}
