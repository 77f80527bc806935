//! The Find-a-Trial page saved as HTML (`find_a_trial_html`).
//!
//! The HTML is turned into a text in the same layout as the plain page (`h1`/`p`/`h2` become
//! paragraphs, `dt`+`dd` a glued `LabelValue` row, `li` a `* ` bullet indented two spaces per
//! list level) and read by [`find_page::parse`], so both renderings give the same record.
//!
//! **Spans** refer to the *text content* of the HTML source: byte offsets of the characters
//! between the tags. A decoded entity (`&lt;`) maps to the whole entity, and a span covering
//! two words also covers the tags between them. Separators we synthesise (line breaks, bullets)
//! map to an empty span at the tag that caused them.
//!
//! The tokenizer is a small memchr scanner, not a conforming HTML parser: it keeps counters
//! instead of an element stack, so unclosed tags, a stray `<` in text, a truncated file or
//! thousands of nested elements cost linear time and cannot overflow anything.
//!
//! Other sites' HTML (another registry's study page, an error page) goes through the same
//! scanner as [`readable`] text for the unknown layout: what a reader sees, with a site's
//! chrome — navigation, forms, the page header outside the main content, sidebars — dropped,
//! so a menu can never become a heading or a title; table cells and definitions are spaced.

use super::find_page;
use crate::record::Record;
use crate::span::{Mapped, MappedBuilder};
use memchr::{memchr, memchr3, memmem};
use std::ops::Range;

/// Read the HTML page into `rec`; returns the eligibility-criteria block.
pub fn parse(html: &Mapped, rec: &mut Record) -> Option<Mapped> {
    find_page::parse(&to_text(html), rec)
}

/// What an element does to the page text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Content is raw text up to the end tag (a `<` inside is not a tag), and not page text.
    RawText,
    /// Content is not page text.
    Skipped,
    /// Stands apart from its neighbours by a blank line.
    Block,
    /// A block that also ends any skipping (`body`, `main`): the page text starts here.
    Start,
    /// Starts a new line (`dt`, `br`).
    Line,
    List,
    Item,
    /// A table cell or a definition (other sites): set apart from its label by a space.
    Cell,
    /// Any other element: no effect on the layout.
    Inline,
}

/// Which HTML is being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Our patient-facing page: the text the `find_page` layout reads.
    Page,
    /// Any other site: readable text for the unknown layout.
    Foreign,
}

/// The role of an element in other sites' pages, where it differs from ours: site chrome is
/// skipped; `header` only outside the main content (`in_content`), where it is the site's.
fn foreign_role(name: &str, in_content: bool) -> Option<Role> {
    let mut buf = [0u8; 10];
    let lower = buf.get_mut(..name.len())?;
    for (l, c) in lower.iter_mut().zip(name.bytes()) {
        *l = c.to_ascii_lowercase();
    }
    Some(match &*lower {
        b"form" | b"button" | b"select" | b"textarea" | b"option" | b"noscript" => Role::Skipped,
        b"svg" | b"iframe" | b"object" | b"canvas" | b"dialog" | b"menu" | b"aside" => {
            Role::Skipped
        }
        b"header" if !in_content => Role::Skipped,
        b"td" | b"th" | b"dd" => Role::Cell,
        b"tr" => Role::Line,
        _ => return None,
    })
}

/// Whether an element holds a page's main content (its own `header` is not site chrome).
fn is_content(name: &str) -> bool {
    name.eq_ignore_ascii_case("main") || name.eq_ignore_ascii_case("article")
}

/// The role of an element name, in any case; one arm per element. A `match` on the
/// lower-cased bytes compiles to a switch on length and bytes: tags are most of a page.
fn role(name: &str) -> Role {
    let mut buf = [0u8; 10];
    let Some(lower) = buf.get_mut(..name.len()) else {
        return Role::Inline;
    };
    for (l, c) in lower.iter_mut().zip(name.bytes()) {
        *l = c.to_ascii_lowercase();
    }
    match &*lower {
        b"script" | b"style" => Role::RawText,
        b"head" | b"title" | b"nav" | b"footer" | b"template" => Role::Skipped,
        b"body" | b"main" => Role::Start,
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"p" | b"dl" | b"div" => Role::Block,
        b"section" | b"article" | b"header" | b"aside" | b"table" | b"blockquote" => Role::Block,
        b"pre" => Role::Block,
        b"dt" | b"br" => Role::Line,
        b"ul" | b"ol" => Role::List,
        b"li" => Role::Item,
        _ => Role::Inline,
    }
}

/// Deeper lists are indented no further, so nesting cannot blow up the output.
const MAX_INDENT: usize = 16;

/// Named entities beyond the five XML ones; one line per entry.
const ENTITIES: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", "\u{a0}"),
    ("ndash", "–"),
    ("mdash", "—"),
    ("hellip", "…"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("middot", "·"),
    ("bull", "•"),
    ("rarr", "→"),
    ("larr", "←"),
    ("deg", "°"),
    ("plusmn", "±"),
    ("times", "×"),
    ("divide", "÷"),
    ("le", "≤"),
    ("ge", "≥"),
    ("ne", "≠"),
    ("micro", "µ"),
    ("mu", "μ"),
    ("alpha", "α"),
    ("beta", "β"),
    ("gamma", "γ"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("sup2", "²"),
    ("sup3", "³"),
    ("frac12", "½"),
];

/// One piece of the HTML source.
#[derive(Debug, PartialEq, Eq)]
enum Token<'a> {
    Text(Range<usize>),
    Open {
        name: &'a str,
    },
    Close {
        name: &'a str,
    },
    /// Comments, doctype, processing instructions.
    Other,
}

/// Splits HTML into tokens; every call advances, so a scan is linear.
struct Tokens<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Tokens<'a> {
    /// Offset of the `>` closing a tag that starts at `from`, honouring quoted attributes;
    /// an unbalanced quote falls back to the first `>`.
    fn tag_end(&self, from: usize) -> usize {
        let b = self.s.as_bytes();
        let mut i = from;
        while let Some(k) = memchr3(b'>', b'"', b'\'', &b[i..]) {
            let at = i + k;
            match b[at] {
                b'>' => return at,
                q => match memchr(q, &b[at + 1..]) {
                    Some(close) => i = at + 1 + close + 1,
                    None => break,
                },
            }
        }
        memchr(b'>', &b[from..]).map_or(b.len(), |k| from + k)
    }

    fn name_at(&self, from: usize) -> &'a str {
        let b = self.s.as_bytes();
        let n = b[from..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        &self.s[from..from + n]
    }

    /// Skip raw text up to `</name` (any case); returns where the end tag starts.
    fn raw_text_end(&self, name: &str) -> usize {
        let b = self.s.as_bytes();
        let finder = memmem::Finder::new(b"</");
        let mut i = self.pos;
        while let Some(k) = finder.find(&b[i..]) {
            let at = i + k;
            let cand = &b[at + 2..];
            if cand.len() >= name.len() && cand[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            {
                return at;
            }
            i = at + 2;
        }
        b.len()
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let b = self.s.as_bytes();
        let start = self.pos;
        if start >= b.len() {
            return None;
        }
        if b[start] != b'<' {
            self.pos = memchr(b'<', &b[start..]).map_or(b.len(), |k| start + k);
            return Some(Token::Text(start..self.pos));
        }
        let next = b.get(start + 1).copied().unwrap_or(0);
        let (tok, end) = if b[start..].starts_with(b"<!--") {
            let end = memmem::find(&b[start + 4..], b"-->").map_or(b.len(), |k| start + 4 + k + 3);
            (Token::Other, end)
        } else if next == b'/' && b.get(start + 2).is_some_and(u8::is_ascii_alphabetic) {
            let name = self.name_at(start + 2);
            (Token::Close { name }, self.tag_end(start + 2) + 1)
        } else if next.is_ascii_alphabetic() {
            let name = self.name_at(start + 1);
            let end = self.tag_end(start + 1) + 1;
            (Token::Open { name }, end)
        } else if matches!(next, b'!' | b'?' | b'/') {
            (Token::Other, self.tag_end(start + 1) + 1)
        } else {
            // A `<` that opens no tag is text.
            let end = memchr(b'<', &b[start + 1..]).map_or(b.len(), |k| start + 1 + k);
            (Token::Text(start..end), end)
        };
        self.pos = end.min(b.len());
        Some(tok)
    }
}

/// Builds the page text: separators are requested by tags and written only when the next
/// word arrives, so runs of tags never stack blank lines.
struct Writer<'a> {
    src: &'a Mapped,
    out: MappedBuilder,
    /// 0 nothing, 1 line break, 2 blank line.
    want: u8,
    /// Where the tag that asked for the break sits.
    break_at: usize,
    /// Whitespace seen since the last word (its range, for the span of a single space).
    space: Option<Range<usize>>,
    /// List level of a bullet to write before the next word.
    bullet: Option<usize>,
    line_has_text: bool,
}

impl Writer<'_> {
    /// A cell starts: its text is set apart from what came before on the line.
    fn cell(&mut self, at: usize) {
        if self.space.is_none() && self.want == 0 {
            self.space = Some(at..at);
        }
    }

    fn request(&mut self, level: u8, at: usize) {
        if level >= self.want {
            self.break_at = at;
        }
        self.want = self.want.max(level);
        self.space = None;
    }

    /// Write whatever separator and bullet are pending, then a space if one is due.
    fn before_word(&mut self) {
        if self.want > 0 && !self.out.is_empty() {
            let br = if self.want > 1 { "\n\n" } else { "\n" };
            let at = self.src.span(self.break_at..self.break_at);
            self.out.push_replace(br, at);
            self.line_has_text = false;
            self.space = None;
        }
        self.want = 0;
        if let Some(level) = self.bullet.take() {
            let at = self.src.span(self.break_at..self.break_at);
            let indent = "  ".repeat(level.min(MAX_INDENT));
            self.out.push_replace(&indent, at);
            self.out.push_replace("* ", at);
            self.line_has_text = true;
            self.space = None;
        }
        if let Some(ws) = self.space.take() {
            if self.line_has_text {
                if &self.src.as_str()[ws.clone()] == " " {
                    self.out.push_from(self.src, ws);
                } else {
                    self.out.push_replace(" ", self.src.span(ws));
                }
            }
        }
        self.line_has_text = true;
    }

    /// A run of text between tags: whitespace collapses, entities decode. Words joined by
    /// single spaces are copied as one piece, so the map stays short.
    fn text(&mut self, r: Range<usize>) {
        let b = self.src.as_str().as_bytes();
        let mut i = r.start;
        while i < r.end {
            let ws = b[i..r.end]
                .iter()
                .take_while(|c| c.is_ascii_whitespace())
                .count();
            if ws > 0 {
                if self.space.is_none() {
                    self.space = Some(i..i + ws);
                }
                i += ws;
                continue;
            }
            // Up to the first whitespace that is not a single space (form feeds stay text).
            let rest = &b[i..r.end];
            let hard = memchr3(b'\n', b'\t', b'\r', rest).unwrap_or(rest.len());
            let double = memmem::find(&rest[..hard], b"  ").unwrap_or(hard);
            let mut j = i + double;
            while j > i + 1 && b[j - 1] == b' ' {
                j -= 1;
            }
            self.before_word();
            self.word(i..j);
            i = j;
        }
    }

    fn word(&mut self, r: Range<usize>) {
        let b = self.src.as_str().as_bytes();
        let mut from = r.start;
        let mut i = r.start;
        while let Some(k) = memchr(b'&', &b[i..r.end]) {
            let amp = i + k;
            match entity(&self.src.as_str()[amp..r.end]) {
                Some((decoded, len)) => {
                    self.out.push_from(self.src, from..amp);
                    let span = self.src.span(amp..amp + len);
                    self.out.push_replace(decoded.as_str(), span);
                    from = amp + len;
                    i = from;
                }
                None => i = amp + 1,
            }
        }
        self.out.push_from(self.src, from..r.end);
    }
}

/// Whether a token opens (`Some(true)`) or closes main content.
fn tok_content_change(tok: &Token<'_>) -> Option<bool> {
    match tok {
        Token::Open { name } if is_content(name) => Some(true),
        Token::Close { name } if is_content(name) => Some(false),
        _ => None,
    }
}

/// Decodes the entity at the start of `s` (`&amp;`, `&#8805;`, `&#x27;`); returns the text
/// and the entity's length. Unknown or unterminated entities stay as written.
fn entity(s: &str) -> Option<(String, usize)> {
    let body = s.strip_prefix('&')?;
    let semi = body.bytes().take(33).position(|c| c == b';')?;
    let name = &body[..semi];
    let len = semi + 2;
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        let c = char::from_u32(code)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{fffd}');
        return Some((c.to_string(), len));
    }
    ENTITIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| (v.to_string(), len))
}

/// The HTML page as plain page text, mapped back to the HTML source.
pub fn to_text(html: &Mapped) -> Mapped {
    convert(html, Mode::Page)
}

/// Another site's HTML as the text a reader sees (see the module docs), mapped back to the
/// HTML source.
pub fn readable(html: &Mapped) -> Mapped {
    convert(html, Mode::Foreign)
}

fn convert(html: &Mapped, mode: Mode) -> Mapped {
    let s = html.as_str();
    let mut w = Writer {
        src: html,
        out: MappedBuilder::new(),
        want: 0,
        break_at: 0,
        space: None,
        bullet: None,
        line_has_text: false,
    };
    let mut toks = Tokens { s, pos: 0 };
    let mut skip = 0usize;
    let mut lists = 0usize;
    let mut content = 0usize;
    let role_of = |name: &str, content: usize| match mode {
        Mode::Page => role(name),
        Mode::Foreign => foreign_role(name, content > 0).unwrap_or_else(|| role(name)),
    };
    while let Some(tok) = toks.next() {
        let at = toks.pos;
        let opens_content = tok_content_change(&tok);
        match tok {
            Token::Text(r) if skip == 0 => w.text(r),
            Token::Text(_) | Token::Other => {}
            Token::Open { name } => match role_of(name, content) {
                Role::RawText => toks.pos = toks.raw_text_end(name),
                Role::Skipped => skip += 1,
                Role::Start => {
                    skip = 0;
                    w.request(2, at);
                }
                // Inside skipped chrome (a menu's `li`), tags ask for nothing.
                _ if skip > 0 => {}
                Role::Block => w.request(2, at),
                Role::Line => w.request(1, at),
                Role::List => {
                    w.request(if lists == 0 { 2 } else { 1 }, at);
                    lists += 1;
                }
                Role::Item => {
                    w.request(1, at);
                    w.bullet = Some(lists.saturating_sub(1));
                }
                Role::Cell => w.cell(at),
                Role::Inline => {}
            },
            Token::Close { name } => match role_of(name, content) {
                // Raw text was jumped over at its open tag; its close ends no skipping.
                Role::RawText => {}
                Role::Skipped => skip = skip.saturating_sub(1),
                _ if skip > 0 => {}
                Role::Block | Role::Start => w.request(2, at),
                Role::List => {
                    lists = lists.saturating_sub(1);
                    w.request(if lists == 0 { 2 } else { 1 }, at);
                }
                Role::Item => w.request(1, at),
                Role::Line | Role::Cell | Role::Inline => {}
            },
        }
        if mode == Mode::Foreign {
            match opens_content {
                Some(true) => content += 1,
                Some(false) => content = content.saturating_sub(1),
                None => {}
            }
        }
    }
    w.out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Format;
    use crate::span::Span;

    fn text_of(html: &str) -> String {
        to_text(&Mapped::identity(html, 0)).as_str().to_string()
    }

    #[test]
    fn element_roles_in_any_case() {
        assert_eq!(role("LI"), Role::Item);
        assert_eq!(role("Script"), Role::RawText);
        assert_eq!(role("h2"), Role::Block);
        assert_eq!(role("span"), Role::Inline);
        assert_eq!(role("averyveryverylongname"), Role::Inline);
        assert_eq!(role(""), Role::Inline);
    }

    #[test]
    fn blocks_rows_and_lists_take_the_page_layout() {
        let html = "<html><head><title>T | Site</title></head><body><nav>Menu</nav>\
            <h1>Title</h1>\n<p class=\"x\">Official</p>\n<section><h2>Quick facts</h2>\n<dl>\n\
            <dt>Phase</dt><dd>PHASE1</dd>\n<dt>Sex</dt><dd>All</dd>\n</dl></section>\n\
            <ul>\n<li>a</li>\n<ul>\n<li>b</li>\n</ul>\n<li>c</li>\n</ul>\
            <footer>© x</footer></body></html>";
        assert_eq!(
            text_of(html),
            "Title\n\nOfficial\n\nQuick facts\n\nPhasePHASE1\nSexAll\n\n* a\n  * b\n* c"
        );
    }

    #[test]
    fn entities_decode_and_span_the_whole_entity() {
        let html = "<p>ANC &gt;= 1.5 &amp; Hb&#x27;s &#8805;9 &bogus; &lt</p>";
        let m = to_text(&Mapped::identity(html, 0));
        assert_eq!(m.as_str(), "ANC >= 1.5 & Hb's ≥9 &bogus; &lt");
        let gt = m.as_str().find('>').unwrap();
        assert_eq!(m.span(gt..gt + 1), Span::new(7, 11));
        let word = m.as_str().find("Hb").unwrap();
        assert_eq!(m.span(word..word + 4), Span::new(23, 32));
    }

    #[test]
    fn whitespace_collapses_and_keeps_spans() {
        let html = "<p>  one\n   two <b>three</b></p>";
        let m = to_text(&Mapped::identity(html, 0));
        assert_eq!(m.as_str(), "one two three");
        assert_eq!(m.span(0..13), Span::new(5, 24));
    }

    #[test]
    fn a_script_inside_nav_does_not_end_the_skipping() {
        let page = "<html><body><nav><script>x</script>Home About</nav><h1>Imatinib for CML</h1></body></html>";
        let text = to_text(&Mapped::identity(page, 0));
        assert_eq!(text.as_str().trim(), "Imatinib for CML");
    }

    #[test]
    fn skips_comments_scripts_and_quoted_gt() {
        let html = "<!-- <p>no</p> --><script>if (a<b) {}</script><style>p>b{}</style>\
                    <p title=\"a>b\">yes</p><SCRIPT>x</SCRIPT>";
        assert_eq!(text_of(html), "yes");
    }

    #[test]
    fn malformed_html_survives() {
        assert_eq!(text_of("<p>a < b and c<d</p><p>e"), "a < b and c\n\ne");
        assert_eq!(text_of("<p>cut <a href=\"x"), "cut");
        assert_eq!(text_of("<!-- never closed"), "");
        assert_eq!(text_of("</ p>x</>y<"), "xy<");
        let deep = "<ul><li>x".repeat(10_000);
        let t = text_of(&deep);
        assert_eq!(t.lines().count(), 10_000);
        assert!(t.len() < 10_000 * (2 * MAX_INDENT + 4));
        let divs = format!("{}z{}", "<div>".repeat(10_000), "</div>".repeat(5));
        assert_eq!(text_of(&divs), "z");
    }

    #[test]
    fn same_record_as_the_text_page() {
        let html = "<!DOCTYPE html><html><body><main><h1>Plain</h1>\
            <p class=\"official\">Official</p><p class=\"meta\">PHASE2 · Acme · NCT00000001</p>\
            <section><h2>Quick facts</h2><dl><dt>Enrollment</dt><dd>9 (estimated)</dd>\
            <dt>Sponsor</dt><dd>Acme &amp; Co (industry)</dd></dl></section>\
            <section><h2>Eligibility criteria</h2><p>Inclusion Criteria:</p>\
            <ul><li>Age \\&gt;18</li></ul></section>\
            <section><h2>How to participate</h2><p>View on ClinicalTrials.gov →</p>\
            <p>Conditions: Asthma</p><p>Last reviewed 2026-01-02 by us.</p></section>\
            </main></body></html>";
        let mut rec = Record::new("x", Format::FindATrialHtml);
        let block = parse(&Mapped::identity(html, 0), &mut rec).unwrap();
        assert_eq!(block.as_str(), "Inclusion Criteria:\n\n* Age \\>18");
        assert_eq!(rec.nct_id.as_deref(), Some("NCT00000001"));
        assert_eq!(rec.quick_facts.phases, ["PHASE2"]);
        assert_eq!(rec.quick_facts.sponsor.as_ref().unwrap().name, "Acme & Co");
        assert_eq!(rec.conditions, ["Asthma"]);
        assert_eq!(rec.last_reviewed.as_deref(), Some("2026-01-02"));
        let s = rec.field_spans["quick_facts.enrollment"];
        assert_eq!(&html[s.start..s.end], "9 (estimated)");
        assert!(rec.warnings.is_empty(), "{:?}", rec.warnings);
    }

    /// Drop what legitimately differs between the renderings: spans, format, path, and the
    /// nesting of criteria (the HTML draws an indented numbered sub-list as plain paragraphs,
    /// so it has no nesting to give); criteria become one depth-first list of texts.
    fn comparable(v: &mut serde_json::Value) {
        use serde_json::Value;
        fn flatten(items: &Value, out: &mut Vec<Value>) {
            for c in items.as_array().into_iter().flatten() {
                let text = c["text"].as_str().unwrap_or_default();
                out.push(Value::from(text.trim_start_matches("• ")));
                flatten(&c["children"], out);
            }
        }
        fn strip(v: &mut Value) {
            match v {
                Value::Object(m) => {
                    for k in ["span", "field_spans", "format", "path"] {
                        m.remove(k);
                    }
                    m.values_mut().for_each(strip);
                }
                Value::Array(a) => a.iter_mut().for_each(strip),
                _ => {}
            }
        }
        for list in ["inclusion", "exclusion", "other"] {
            let mut flat = Vec::new();
            flatten(&v["eligibility"][list], &mut flat);
            v["eligibility"][list] = Value::Array(flat);
        }
        strip(v);
    }

    /// The saved HTML and the text page of every corpus study give the same record, but for
    /// what [`comparable`] drops. Criterion texts are compared without a leading `•`: the text
    /// page keeps the registry's own bullet glyph where the HTML made it an `li`.
    /// Needs the development corpus (not in the repository).
    #[test]
    #[ignore]
    fn corpus_html_agrees_with_text_page() {
        let dir = crate::layout::registry::corpus::pages_dir();
        let mut pages: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(".find.txt"))
            .collect();
        pages.sort();
        assert!(!pages.is_empty());
        let mut bad = Vec::new();
        for txt in &pages {
            let html = txt.with_extension("html");
            let read = |p: &std::path::Path| {
                let rec = crate::parse_bytes("", &std::fs::read(p).unwrap(), None);
                let mut v = serde_json::to_value(rec).unwrap();
                comparable(&mut v);
                serde_json::to_string(&v).unwrap()
            };
            if read(txt) != read(&html) {
                bad.push(txt.display().to_string());
            }
        }
        assert!(
            bad.is_empty(),
            "{} of {} differ: {bad:?}",
            bad.len(),
            pages.len()
        );
    }
}
