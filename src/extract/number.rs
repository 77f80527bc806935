//! Numbers with what is written around them: comparators, ranges and units.
//!
//! [`scan`] finds every value expression in a criterion ("≥ 1.5 × 10^9/L", "between 18 and
//! 65", "3 times the upper limit of normal", "50,000/μL or more") once; the extractors then
//! decide from the surrounding words which of them are thresholds, ages or scores.

use super::vocab::{self, UnitKind};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Powers of ten per litre and per microlitre, 10^3 to 10^12.
const SCI_PER_L: [&str; 10] = [
    "10^3/L", "10^4/L", "10^5/L", "10^6/L", "10^7/L", "10^8/L", "10^9/L", "10^10/L", "10^11/L",
    "10^12/L",
];
const SCI_PER_UL: [&str; 10] = [
    "10^3/uL", "10^4/uL", "10^5/uL", "10^6/uL", "10^7/uL", "10^8/uL", "10^9/uL", "10^10/uL",
    "10^11/uL", "10^12/uL",
];

/// A unit after a number, normalised.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    pub norm: &'static str,
    pub kind: UnitKind,
}

/// One value expression: `lo` alone, or a range `lo`–`hi`, with the comparators written.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    /// Byte range of the whole expression (comparators, numbers, units, "or more").
    pub start: usize,
    pub end: usize,
    /// Where the first number starts (after its comparator).
    pub num_start: usize,
    pub lo: f64,
    pub lo_cmp: Option<&'static str>,
    pub hi: Option<f64>,
    pub hi_cmp: Option<&'static str>,
    /// Written as "between X and Y" / "from X to Y".
    pub between_word: bool,
    /// The unit of the expression (of the last number that has one).
    pub unit: Option<Unit>,
    /// The unit written right after the first number, if any ("6 months to 17 years").
    pub lo_unit: Option<Unit>,
    /// The number was a word ("three months").
    pub word_number: bool,
    /// Second half of a pressure written "140/90".
    pub pair: Option<f64>,
}

impl Value {
    /// The comparator the expression states, ranges giving `between`.
    pub fn comparator(&self) -> Option<&'static str> {
        if self.hi.is_some() {
            Some("between")
        } else {
            self.lo_cmp
        }
    }

    pub fn unit_kind(&self) -> Option<UnitKind> {
        self.unit.as_ref().map(|u| u.kind)
    }
}

/// A number at the very start of a text, in digits or as a word.
static NUMBER_AT: LazyLock<Regex> = LazyLock::new(|| {
    let words = vocab::alternation(vocab::NUMBER_WORDS.iter().map(|(w, _)| *w));
    super::vocab::re(&format!(
        r"(?i)^(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?|\.\d+|{words})"
    ))
    .expect("number regex")
});

/// A number written as a word, anywhere.
static NUMBER_WORD: LazyLock<Regex> = LazyLock::new(|| {
    let words = vocab::alternation(vocab::NUMBER_WORDS.iter().map(|(w, _)| *w));
    super::vocab::re(&format!(r"(?i){words}")).expect("number word regex")
});

static CMP_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    let alt = vocab::alternation(vocab::COMPARATORS_BEFORE.iter().map(|(w, _)| *w));
    super::vocab::re(&format!(r"(?i)(?:{alt})\s*(?:\(\s*)?$")).expect("comparator regex")
});

static CMP_START: LazyLock<Regex> = LazyLock::new(|| {
    let alt = vocab::alternation(vocab::COMPARATORS_BEFORE.iter().map(|(w, _)| *w));
    super::vocab::re(&format!(r"(?i)^(?:{alt})\s*")).expect("comparator regex")
});

static CMP_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    let alt = vocab::alternation(vocab::COMPARATORS_AFTER.iter().map(|(w, _)| *w));
    super::vocab::re(&format!(r"(?i)^\s*(?:{alt})")).expect("comparator regex")
});

static BETWEEN_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    super::vocab::re(r"(?i)\b(?:between|from|ranging\s+from|range\s+of|range)\s*(?:the\s+)?(?:ages?\s+(?:of\s+)?)?$")
        .expect("between regex")
});

static RANGE_JOIN: LazyLock<Regex> = LazyLock::new(|| {
    super::vocab::re(r"(?i)^\s*(?:-|–|—|~|to\b|and\b|through\b|until\b)\s*").expect("join regex")
});

static SCI: LazyLock<Regex> = LazyLock::new(|| {
    super::vocab::re(r"(?i)^\s*(?:[x×*]\s*)?10\s*(?:\^|\*\*|e)?\s*([0-9]{1,2}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})\s*(?:/|per\s*)\s*(l|µl|μl|ul|mcl|mm3|mm³)\b")
        .expect("sci regex")
});

/// Days past whole weeks after a number of weeks: (fraction of a week, length).
fn sevenths(rest: &str) -> Option<(f64, usize)> {
    // The regex needs "+d" or a space, a digit and "/"; most values have neither.
    let t = rest.trim_start();
    let slash = t.len() < rest.len() && t.as_bytes().get(1) == Some(&b'/');
    if !rest.starts_with('+') && !slash {
        return None;
    }
    let c = SEVENTHS.captures(rest)?;
    let d = c.get(1).or(c.get(2))?;
    Some((d.as_str().parse::<f64>().ok()? / 7.0, d.end()))
}

/// Days past whole weeks of gestation ("27 0/7 weeks", "37+2 weeks").
static SEVENTHS: LazyLock<Regex> = LazyLock::new(|| {
    super::vocab::re(
        r"(?i)^(?:\s+([0-6])/7|\+([0-6]))(?:\s*(?:-|–|to|and)\s*\d|\s*(?:weeks?|wks?)\b|\s+weeks)",
    )
    .expect("sevenths regex")
});

static ULN: LazyLock<Regex> =
    LazyLock::new(|| super::vocab::re(&format!(r"(?i)^\s*{}", vocab::ULN)).expect("uln regex"));

static UNITS: LazyLock<Regex> = LazyLock::new(|| {
    let alts: Vec<String> = vocab::UNITS
        .iter()
        .map(|(f, _, _)| format!("({f})"))
        .collect();
    super::vocab::re(&format!(r"(?i)^\s*-?(?:{})", alts.join("|"))).expect("unit regex")
});

/// The largest char boundary of `s` not above `i`.
pub fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A number at the start of `rest`, plain or as a word: (value, length, was a word).
fn number_at(rest: &str) -> Option<(f64, usize, bool)> {
    let m = NUMBER_AT.find(rest)?;
    let word = !m
        .as_str()
        .starts_with(|c: char| c == '.' || c.is_ascii_digit());
    if !word {
        if let Some(len) = decimal_comma(rest, m.end()) {
            return Some((parse_number(&rest[..len].replace(',', "."))?, len, false));
        }
    }
    parse_number(m.as_str()).map(|v| (v, m.end(), word))
}

/// End of a decimal written with a comma ("2,5 mg/dl", "18,5"), when the comma cannot be a
/// list ("0,1, or 2") or a thousands separator.
fn decimal_comma(s: &str, end: usize) -> Option<usize> {
    let int = &s[..end];
    if int.contains([',', '.']) || int.len() > 3 {
        return None;
    }
    let rest = s[end..].strip_prefix(',')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let after = rest[digits..].trim_start().to_ascii_lowercase();
    let list =
        after.starts_with([',', '-', '/']) || ["or ", "and "].iter().any(|w| after.starts_with(w));
    // "0,1" alone lists scores; "0,5 g/l" is a decimal.
    let unitish = if int == "0" {
        after.starts_with(|c: char| c.is_alphabetic() || c == '%')
    } else {
        after.is_empty() || after.starts_with(|c: char| c.is_alphabetic() || "%<>)".contains(c))
    };
    (!list && unitish).then_some(end + 1 + digits)
}

/// "50,000" → 50000, "1.5" → 1.5, "three" → 3.
pub fn parse_number(s: &str) -> Option<f64> {
    if let Some((_, v)) = vocab::NUMBER_WORDS
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(s))
    {
        return Some(*v);
    }
    let v: f64 = if s.contains(',') {
        s.replace(',', "").parse().ok()?
    } else {
        s.parse().ok()?
    };
    v.is_finite().then_some(v)
}

/// Comparator written just before byte `at`: (comparator, start of the phrase).
pub fn comparator_before(s: &str, at: usize) -> Option<(&'static str, usize)> {
    let (c, start) = bracketed_comparator(s, at).or_else(|| plain_comparator_before(s, at))?;
    // A symbol repeating the words before it ("less than (<) 90", "less than <1 year")
    // belongs to one comparator phrase that starts at the words.
    let head = s[..start].trim_end_matches(|c: char| c.is_whitespace() || c == '(' || c == '[');
    if head.len() < start {
        if let Some((_, st)) = plain_comparator_before(s, head.len()) {
            return Some((c, st));
        }
    }
    Some((c, start))
}

fn plain_comparator_before(s: &str, at: usize) -> Option<(&'static str, usize)> {
    let lo = floor_boundary(s, at.saturating_sub(48));
    let win = s.get(lo..at)?;
    if !may_end_in_comparator(win) {
        return None;
    }
    let m = CMP_BEFORE.find(win)?;
    let phrase = m
        .as_str()
        .trim_end_matches(|c: char| c.is_whitespace() || c == '(');
    Some((lookup(&BEFORE_MAP, phrase)?, lo + m.start()))
}

/// A comparator symbol in brackets just before `at` ("(=<) 40", "[<=] Grade 1").
fn bracketed_comparator(s: &str, at: usize) -> Option<(&'static str, usize)> {
    let t = s[..at].trim_end();
    let close = t.chars().next_back().filter(|c| *c == ')' || *c == ']')?;
    let open = if close == ')' { '(' } else { '[' };
    let body = &t[..t.len() - 1];
    let o = body.rfind(open).filter(|&o| body.len() - o <= 8)?;
    let inner = body[o + 1..].trim();
    if inner.is_empty() || inner.chars().any(|c| c.is_alphanumeric()) {
        return None;
    }
    Some((lookup(&BEFORE_MAP, inner)?, o))
}

/// Last words of the comparator phrases, lowercased ("than", "least", "above", …).
static LAST_WORDS: LazyLock<std::collections::HashSet<String>> = LazyLock::new(|| {
    vocab::COMPARATORS_BEFORE
        .iter()
        .filter_map(|(k, _)| k.rsplit(' ').next())
        .filter(|w| w.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_string)
        .collect()
});

/// A cheap test before the comparator regex: the text must end in a symbol or in the last
/// word of some comparator phrase.
fn may_end_in_comparator(win: &str) -> bool {
    let t = win.trim_end_matches(|c: char| c.is_whitespace() || c == '(');
    match t.chars().next_back() {
        None => false,
        Some(c) if c.is_ascii_alphabetic() => {
            let w = t
                .rsplit(|c: char| !c.is_ascii_alphabetic())
                .next()
                .unwrap_or("");
            let mut buf = [0u8; 10];
            let Some(lower) = buf.get_mut(..w.len()) else {
                return false;
            };
            lower.copy_from_slice(w.as_bytes());
            lower.make_ascii_lowercase();
            std::str::from_utf8(lower).is_ok_and(|w| LAST_WORDS.contains(w))
        }
        Some(c) => !c.is_alphanumeric() && !",;.)]".contains(c),
    }
}

/// Comparator at the very start of `rest`: (comparator, length including trailing space).
fn comparator_at(rest: &str) -> Option<(&'static str, usize)> {
    let m = CMP_START.find(rest)?;
    Some((lookup(&BEFORE_MAP, m.as_str().trim())?, m.end()))
}

/// Comparator written after a value ("or more"): (comparator, length).
pub fn comparator_after(rest: &str) -> Option<(&'static str, usize)> {
    let m = CMP_AFTER.find(rest)?;
    Some((lookup(&AFTER_MAP, m.as_str().trim())?, m.end()))
}

/// The comparator a phrase from [`vocab::COMPARATORS_BEFORE`] stands for.
pub fn comparator_phrase(phrase: &str) -> Option<&'static str> {
    lookup(&BEFORE_MAP, phrase.trim())
}

/// A phrase with spaces dropped and ASCII letters lowered, so any spelling finds its entry.
fn squash(t: &str) -> String {
    t.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

type PhraseMap = HashMap<String, &'static str>;

static BEFORE_MAP: LazyLock<PhraseMap> = LazyLock::new(|| {
    vocab::COMPARATORS_BEFORE
        .iter()
        .map(|(k, v)| (squash(k), *v))
        .collect()
});

static AFTER_MAP: LazyLock<PhraseMap> = LazyLock::new(|| {
    vocab::COMPARATORS_AFTER
        .iter()
        .map(|(k, v)| (squash(k), *v))
        .collect()
});

/// Table lookup of a phrase matched by an alternation (any spacing, any case).
fn lookup(map: &PhraseMap, phrase: &str) -> Option<&'static str> {
    // Squashed on the stack: phrases are short; a long one takes the allocating path.
    let mut buf = [0u8; 64];
    let mut n = 0;
    for c in phrase.chars().filter(|c| !c.is_whitespace()) {
        let mut one = [0u8; 4];
        let e = c.to_ascii_lowercase().encode_utf8(&mut one);
        let Some(dst) = buf.get_mut(n..n + e.len()) else {
            return map.get(&squash(phrase)).copied();
        };
        dst.copy_from_slice(e.as_bytes());
        n += e.len();
    }
    let key = std::str::from_utf8(buf.get(..n)?).ok()?;
    map.get(key).copied()
}

/// The unit at the start of `rest`: (unit, length).
pub fn unit_at(rest: &str) -> Option<(Unit, usize)> {
    let first = rest.trim_start().chars().next()?;
    if ",;.)]".contains(first) || first.is_ascii_digit() && first != '1' {
        return None;
    }
    let sci = if "xX×*1".contains(first) {
        SCI.captures(rest)
    } else {
        None
    };
    if let Some(c) = sci {
        let exp: String = c.get(1)?.as_str().chars().map(superscript_digit).collect();
        let per_litre = c.get(2)?.as_str().eq_ignore_ascii_case("l");
        let n: usize = exp.parse().ok()?;
        let table = if per_litre { &SCI_PER_L } else { &SCI_PER_UL };
        if let Some(norm) = n.checked_sub(3).and_then(|k| table.get(k)) {
            return Some((
                Unit {
                    norm,
                    kind: UnitKind::Measure,
                },
                c.get(0)?.end(),
            ));
        }
    }
    // "ALAT > 5N": times the norm, written with a capital N against the number.
    if rest.starts_with('N') && !rest[1..].starts_with(|c: char| c.is_alphanumeric()) {
        return Some((
            Unit {
                norm: "ULN",
                kind: UnitKind::Uln,
            },
            1,
        ));
    }
    if may_start_uln(rest) {
        if let Some(m) = ULN.find(rest) {
            return Some((
                Unit {
                    norm: "ULN",
                    kind: UnitKind::Uln,
                },
                m.end(),
            ));
        }
    }
    if let Some(m) = age_unit_at(rest) {
        return Some(m);
    }
    let m = UNITS.find(rest)?;
    let (_, norm, kind) = vocab::UNITS.get(unit_entry(m.as_str())?)?;
    Some((Unit { norm, kind: *kind }, m.end()))
}

/// A cheap test before the [`ULN`] regex: every phrase of [`vocab::ULN`] starts with one
/// of these characters (after spaces), in any case.
fn may_start_uln(rest: &str) -> bool {
    rest.trim_start()
        .chars()
        .next()
        .is_some_and(|c| "xX×*-tTfFoOlLiInNuU".contains(c))
}

/// Most distinct unit spellings a thread remembers (the vocabulary is small; this only
/// bounds memory on adversarial input).
const UNIT_CACHE_MAX: usize = 4096;

thread_local! {
    /// Unit spelling as matched → its table entry, so the capture search that tells
    /// which entry matched runs once per spelling, not once per value.
    static UNIT_CACHE: std::cell::RefCell<HashMap<Box<str>, Option<usize>>> =
        std::cell::RefCell::new(HashMap::new());
}

/// The [`vocab::UNITS`] entry a spelling matched by [`UNITS`] belongs to.
fn unit_entry(spelling: &str) -> Option<usize> {
    UNIT_CACHE.with(|cache| {
        if let Some(&hit) = cache.borrow().get(spelling) {
            return hit;
        }
        let entry = UNITS
            .captures(spelling)
            .and_then(|c| (1..c.len()).find(|&i| c.get(i).is_some()))
            .map(|i| i - 1);
        let mut cache = cache.borrow_mut();
        if cache.len() < UNIT_CACHE_MAX {
            cache.insert(spelling.into(), entry);
        }
        entry
    })
}

/// A unit of time at the start of `rest` (from the shared age table).
fn age_unit_at(rest: &str) -> Option<(Unit, usize)> {
    let t = rest.trim_start();
    let t = t.strip_prefix('-').unwrap_or(t);
    let word_len = t
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(t.len());
    let word = t.get(..word_len)?;
    let (unit, _) = crate::age::unit(word)?;
    let mut len = rest.len() - t.len() + word_len;
    if rest.get(len..)?.starts_with('.') && word.len() <= 3 {
        len += 1;
    }
    Some((
        Unit {
            norm: unit,
            kind: UnitKind::Duration,
        },
        len,
    ))
}

fn superscript_digit(c: char) -> char {
    match c {
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        c => c,
    }
}

/// Every value expression in `s`, left to right, not overlapping.
/// `words`: whether number words may occur (see [`super::Hints`]); without them the
/// scan only looks at digits.
pub fn scan(s: &str, words: bool) -> Vec<Value> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut pos = 0;
    let mut next_word = if words { NUMBER_WORD.find(s) } else { None };
    loop {
        let digit = (pos..b.len()).find(|&i| {
            b[i].is_ascii_digit() || (b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        });
        while next_word.is_some_and(|w| w.start() < pos) {
            next_word = NUMBER_WORD.find_at(s, pos);
        }
        let (at, is_word) = match (digit, next_word) {
            (Some(d), Some(w)) if w.start() < d => (w.start(), true),
            (Some(d), _) => (d, false),
            (None, Some(w)) => (w.start(), true),
            (None, None) => break,
        };
        let Some(m) = NUMBER_AT.find(&s[at..]) else {
            pos = at + 1;
            continue;
        };
        pos = at + m.end();
        if !is_word && is_code_digit(s, at) {
            continue;
        }
        if let Some(v) = value_at(s, at) {
            pos = v.end.max(pos);
            out.push(v);
        }
    }
    out
}

/// A number glued to a name or code ("CD19", "v4.0", "10^9", "1/2", "COVID-19").
fn is_code_digit(s: &str, at: usize) -> bool {
    let mut back = s[..at].chars().rev();
    match back.next() {
        // "x3 ULN": a multiplication sign written as a letter.
        Some('x' | 'X') if back.next().map_or(true, |c| !c.is_alphanumeric()) => false,
        Some(c) if c.is_alphabetic() => !glued_to_word(&s[..at]),
        Some(c) if "._^/".contains(c) => true,
        // A code point written out ("<U+2265>") by a lossy export.
        Some('+') => back.next() == Some('U'),
        // "COVID-19", or a date's later part ("2026-05-15") no range took.
        Some('-') => back.next().is_some_and(|c| c.is_alphanumeric()),
        _ => false,
    }
}

/// The text before a number ends in a word that a value may follow without a space
/// ("status0-2", "Age18-65"): typing slips, not codes like "CD19".
fn glued_to_word(before: &str) -> bool {
    let w = before
        .rsplit(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    vocab::GLUED_WORDS.iter().any(|g| g.eq_ignore_ascii_case(w))
}

/// "150.000" → 150000: groups of three digits after dots.
fn dotted_thousands(t: &str) -> Option<f64> {
    let mut parts = t.split('.');
    let head = parts.next()?;
    let mut digits = head.to_string();
    let mut groups = 0;
    for p in parts {
        if p.len() != 3 || !p.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        digits.push_str(p);
        groups += 1;
    }
    let ok =
        groups > 0 && (1..=3).contains(&head.len()) && head.bytes().all(|c| c.is_ascii_digit());
    ok.then(|| digits.parse().ok()).flatten()
}

/// Builds the value expression around the number at `a..b`.
fn value_at(s: &str, a: usize) -> Option<Value> {
    let (mut lo, len, word) = number_at(&s[a..])?;
    let b = a + len;
    let mut num_start = a;
    // A minus sign after a space or a comparator is a sign, not a hyphen.
    if s[..a].ends_with('-') {
        let before = s[..a - 1].chars().next_back();
        if before.map_or(true, |c| c.is_whitespace() || "<>=≤≥(".contains(c)) {
            lo = -lo;
            num_start = a - 1;
        }
    }
    // "> x3 ULN": the comparator stands before the multiplication sign.
    let cmp_at = match s[..num_start].chars().next_back() {
        Some(c @ ('x' | 'X' | '×')) => num_start - c.len_utf8(),
        _ => num_start,
    };
    let (lo_cmp, mut start) = match comparator_before(s, cmp_at) {
        Some((c, st)) => (Some(c), st),
        None => (None, num_start),
    };
    let mut between_word = false;
    if lo_cmp.is_none() {
        let lo = floor_boundary(s, num_start.saturating_sub(40));
        let win = &s[lo..num_start];
        let last = win.trim_end().rsplit(' ').next().unwrap_or("");
        let hint = ["between", "from", "of", "range", "age", "ages", "the"]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(last));
        if let Some(m) = hint.then(|| BETWEEN_BEFORE.find(win)).flatten() {
            between_word = true;
            start = lo + m.start();
        }
    }
    let mut end = b;
    if !word {
        if let Some((days, len)) = sevenths(&s[end..]) {
            lo += days;
            end += len;
        }
    }
    let mut unit = None;
    let mut pair = None;
    if !word && lo_cmp != Some("=") {
        if let Some(rest) = s[end..].strip_prefix('/') {
            if let Some((p, len, false)) = number_at(rest) {
                if ((60.0..300.0).contains(&lo) && p >= 30.0 && p < lo)
                    && !rest[len..].starts_with('/')
                {
                    pair = Some(p);
                    end += 1 + len;
                }
            }
        }
    }
    if let Some((u, len)) = unit_at(&s[end..]) {
        unit = Some(u);
        end += len;
    }
    // "platelets < 100.000/µl": a dot between thousands, as many languages write it; a
    // count per microlitre is never written with three decimals.
    if unit.as_ref().is_some_and(|u| u.norm == "/uL") {
        if let Some(v) = dotted_thousands(&s[a..b]) {
            lo = if lo < 0.0 { -v } else { v };
        }
    }
    let lo_unit = unit.clone();
    let mut hi = None;
    let mut hi_cmp = None;
    if pair.is_none() {
        if let Some(j) = RANGE_JOIN.find(&s[end..]) {
            let is_and = j.as_str().trim().eq_ignore_ascii_case("and");
            let mut p = end + j.end();
            let c2 = comparator_at(&s[p..]);
            if let Some((_, len)) = c2 {
                p += len;
            }
            let ok_join = !is_and || between_word || c2.is_some();
            if let (true, Some((h, len, hword))) = (ok_join, number_at(&s[p..])) {
                if hword == word {
                    let mut e = p + len;
                    let mut h = h;
                    if let Some((days, dl)) = sevenths(&s[e..]).filter(|_| !word) {
                        h += days;
                        e += dl;
                    }
                    let mut u2 = None;
                    if let Some((u, ul)) = unit_at(&s[e..]) {
                        u2 = Some(u);
                        e += ul;
                    }
                    let plausible = h >= lo || c2.is_some();
                    let units_agree = match (&unit, &u2) {
                        (Some(x), Some(y)) => {
                            x.norm == y.norm
                                || (x.kind == UnitKind::Duration && y.kind == UnitKind::Duration)
                        }
                        _ => true,
                    };
                    if plausible && units_agree {
                        hi = Some(h);
                        hi_cmp = c2.map(|c| c.0);
                        if u2.is_some() {
                            unit = u2;
                        }
                        end = e;
                    }
                }
            }
        }
    }
    let mut lo_cmp = lo_cmp;
    if hi.is_none() {
        if let Some((c, len)) = comparator_after(&s[end..]) {
            if lo_cmp.is_none() {
                lo_cmp = Some(c);
                end += len;
            }
        }
    }
    if word && unit.is_none() {
        return None;
    }
    Some(Value {
        start,
        end,
        num_start,
        lo,
        lo_cmp,
        hi,
        hi_cmp,
        between_word,
        unit,
        lo_unit,
        word_number: word,
        pair,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Value {
        let v = scan(s, true);
        assert_eq!(v.len(), 1, "{s}: {v:?}");
        v.into_iter().next().unwrap()
    }

    fn unit(v: &Value) -> &str {
        v.unit.as_ref().map_or("", |u| u.norm)
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("50,000"), Some(50000.0));
        assert_eq!(parse_number("1.5"), Some(1.5));
        assert_eq!(parse_number("three"), Some(3.0));
        assert_eq!(parse_number("x"), None);
    }

    #[test]
    fn comparators_from_symbols_and_words() {
        for (s, c) in [
            ("≥ 500/μL", ">="),
            ("=> 5", ">="),
            ("at least 18", ">="),
            ("no less than 2 g/dL", ">="),
            ("greater than or equal to 500/mm^3", ">="),
            ("more than 3 months", ">"),
            ("below 40%", "<"),
            ("up to 2 mg/dL", "<="),
            ("not exceeding 3 x ULN", "<="),
            ("<or=10", "<="),
            (">/= 4 months", ">="),
            ("\u{2264}1.5× ULN", "<="),
        ] {
            assert_eq!(one(s).lo_cmp, Some(c), "{s}");
        }
        assert_eq!(one("50 or greater").lo_cmp, Some(">="));
        assert_eq!(one("2 mg/dL or less").lo_cmp, Some("<="));
    }

    #[test]
    fn units_are_normalised() {
        for (s, u, n) in [
            ("≥ 50,000/μL", "/uL", 50000.0),
            ("≥ 50,000/µL", "/uL", 50000.0),
            ("> 100 cells/mm3", "/uL", 100.0),
            ("> 100/mm³", "/uL", 100.0),
            ("< 150.000 cels/mm3", "/uL", 150000.0),
            ("< 1.500/µl", "/uL", 1500.0),
            ("≥ 1.5 x 10^9/L", "10^9/L", 1.5),
            ("≥ 1.5 × 10⁹/L", "10^9/L", 1.5),
            ("> 1.5 109/l", "10^9/L", 1.5),
            ("< 30 ml/min", "mL/min", 30.0),
            ("< 1.5 mg/dl", "mg/dL", 1.5),
            ("< 26 µmol/L", "umol/L", 26.0),
            ("> 9 g/dl", "g/dL", 9.0),
            ("≥ 92%", "%", 92.0),
            ("<2× ULN", "ULN", 2.0),
            ("> 3 times the upper limit of normality", "ULN", 3.0),
            ("≤1.5 × ULN", "ULN", 1.5),
            ("= 2.5-fold the normal upper limit", "ULN", 2.5),
            ("< 60 mL/min/1.73 m2", "mL/min/1.73m2", 60.0),
            ("> 140 mm Hg", "mmHg", 140.0),
        ] {
            let v = one(s);
            assert_eq!((unit(&v), v.lo), (u, n), "{s}");
        }
        assert_eq!(one("<2× ULN").unit_kind(), Some(UnitKind::Uln));
        assert_eq!(one("10 mg/day").unit_kind(), Some(UnitKind::Dose));
        assert_eq!(one("2 cycles").unit_kind(), Some(UnitKind::Count));
        assert_eq!(one("within 4 weeks").unit_kind(), Some(UnitKind::Duration));
    }

    #[test]
    fn ranges() {
        let v = one("0-2");
        assert_eq!(
            (v.lo, v.hi, v.comparator()),
            (0.0, Some(2.0), Some("between"))
        );
        let v = one("between 18 and 65 years");
        assert_eq!(
            (v.lo, v.hi, v.between_word, unit(&v)),
            (18.0, Some(65.0), true, "years")
        );
        let v = one("≥3 and ≤70 years");
        assert_eq!(
            (v.lo_cmp, v.hi_cmp, v.hi),
            (Some(">="), Some("<="), Some(70.0))
        );
        let v = one("6 months to 17 years");
        assert_eq!((v.lo, v.hi, unit(&v)), (6.0, Some(17.0), "years"));
        assert_eq!(scan("ALT 40 and AST 50", true).len(), 2);
    }

    #[test]
    fn codes_are_not_numbers() {
        assert!(scan("CD19 and T315I, v4.0", true).is_empty());
        let v = one("blood pressure > 140/90 mmHg");
        assert_eq!((v.lo, v.pair, unit(&v)), (140.0, Some(90.0), "mmHg"));
        let v = one("Z-score <-3");
        assert_eq!((v.lo, v.lo_cmp), (-3.0, Some("<")));
    }

    #[test]
    fn number_words_need_a_unit() {
        assert!(scan("one of the following", true).is_empty());
        assert_eq!(one("more than three months").lo, 3.0);
    }
}
