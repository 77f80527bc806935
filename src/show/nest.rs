//! Spans → a well-nested run of elements over the shown text.
//!
//! A record's spans nest in most places (a threshold inside its criterion inside its section),
//! but not everywhere: a warning may start inside one criterion and end in the next, and two
//! values may overlap. HTML elements must nest, so:
//!
//! 1. **Place** each span in the shown text through the text's map ([`place`]): the first and
//!    last pieces of text whose source lies inside the span. A decoded escape or entity is
//!    inside only if its whole source is; a span that covers nothing shown (a BOM, a tag)
//!    becomes an empty marker where its bytes would be.
//! 2. **Order** the placed ranges by start, longer first, then by [`Layer`] (section,
//!    quick fact, criterion, value, warning), so that of two equal ranges the outer kind
//!    opens first.
//! 3. **Sweep** the text with a stack of open highlights. When one closes while others
//!    opened after it are still open, those are closed with it and reopened right after as
//!    *continuations* (same `data-m`, class `cont`). So a highlight is one element, or —
//!    only when it crosses another — one element plus continuations, and the text of all
//!    its elements together is exactly its range.
//!
//! Cost: sorting, plus for each event the depth of the stack (bounded by how deeply the
//! record's items overlap, a few levels in practice). Output is a flat list of [`Event`]s that
//! the page template prints (it escapes the text), so no markup is built by hand.

use crate::span::{Mapped, Piece, Span};
use std::ops::Range;

/// Stacking order of kinds: lower is drawn outside higher when two ranges are equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layer {
    Section,
    Fact,
    Criterion,
    Value,
    Warning,
}

/// One span to highlight.
#[derive(Clone, Debug, PartialEq)]
pub struct Highlight {
    /// The item (side-panel entry) it belongs to; the page's `data-m`.
    pub item: usize,
    pub span: Span,
    pub layer: Layer,
    /// CSS classes for its kind.
    pub class: &'static str,
    /// A short visible tag (criterion index `I2.1`), if any.
    pub tag: Option<String>,
}

/// The page text as a flat run of opens, closes and text.
#[derive(Clone, Debug, PartialEq)]
pub enum Event<'t, 'h> {
    Text(&'t str),
    /// Opens a highlight; `true` for a continuation of one closed early.
    Open(&'h Highlight, bool),
    Close,
    /// A highlight that covers no shown text, drawn as a marker.
    Empty(&'h Highlight),
}

/// The shown text's map, ready for look-ups.
pub struct Placer<'t> {
    text: &'t str,
    pieces: Vec<Piece>,
}

impl<'t> Placer<'t> {
    pub fn new(shown: &'t Mapped) -> Placer<'t> {
        Placer {
            text: shown.as_str(),
            pieces: shown.pieces().collect(),
        }
    }

    /// The range of shown text under `span` (empty when it covers nothing shown).
    pub fn place(&self, span: Span) -> Range<usize> {
        let a = self.start_at(span.start);
        if span.is_empty() {
            return a..a;
        }
        let b = self.end_at(span.end).max(a);
        a..b
    }

    /// Text offset of the first shown byte at or after source byte `s`.
    fn start_at(&self, s: usize) -> usize {
        let first = self.pieces.partition_point(|p| p.src.end <= s);
        for p in &self.pieces[first..] {
            let mut at = p.text_from(s);
            if p.src.is_empty() || at == p.text.end {
                continue;
            }
            while !self.text.is_char_boundary(at) {
                at += 1;
            }
            return at.min(p.text.end);
        }
        self.text.len()
    }

    /// Text offset just past the last shown byte before source byte `e`.
    fn end_at(&self, e: usize) -> usize {
        let past = self.pieces.partition_point(|p| p.src.start < e);
        for p in self.pieces[..past].iter().rev() {
            let mut at = p.text_to(e);
            if p.src.is_empty() || at == p.text.start {
                continue;
            }
            while !self.text.is_char_boundary(at) {
                at -= 1;
            }
            return at.max(p.text.start);
        }
        0
    }
}

/// Lays `highlights` over the text: the events to print, and each highlight's range
/// (`None` past `limit`, the end of what is shown).
pub fn layout<'t, 'h>(
    placer: &Placer<'t>,
    highlights: &'h [Highlight],
    limit: usize,
) -> (Vec<Event<'t, 'h>>, Vec<Option<Range<usize>>>) {
    let text = &placer.text[..floor_boundary(placer.text, limit)];
    let ranges: Vec<Option<Range<usize>>> = highlights
        .iter()
        .map(|h| Some(placer.place(h.span)).filter(|r| r.end <= text.len()))
        .collect();
    let mut order: Vec<usize> = (0..highlights.len())
        .filter(|&i| ranges[i].is_some())
        .collect();
    let range = |i: usize| ranges[i].clone().unwrap_or_default();
    order.sort_by_key(|&i| {
        let r = range(i);
        (r.start, std::cmp::Reverse(r.end), highlights[i].layer, i)
    });
    let mut events = Vec::with_capacity(order.len() * 3 + 1);
    let mut stack: Vec<usize> = Vec::new();
    let mut pos = 0;
    let mut next = order.iter().peekable();
    loop {
        let open_at = next.peek().map(|&&i| range(i).start);
        let close_at = stack.iter().map(|&i| range(i).end).min();
        let at = match (open_at, close_at) {
            (None, None) => break,
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
        };
        if at > pos {
            events.push(Event::Text(&text[pos..at]));
            pos = at;
        }
        if let Some(lowest) = stack.iter().position(|&i| range(i).end == at) {
            let closed: Vec<usize> = stack.drain(lowest..).collect();
            events.extend(closed.iter().map(|_| Event::Close));
            for i in closed {
                if range(i).end > at {
                    events.push(Event::Open(&highlights[i], true));
                    stack.push(i);
                }
            }
        }
        while let Some(&&i) = next.peek() {
            let r = range(i);
            if r.start != at {
                break;
            }
            next.next();
            if r.is_empty() {
                events.push(Event::Empty(&highlights[i]));
            } else {
                events.push(Event::Open(&highlights[i], false));
                stack.push(i);
            }
        }
    }
    if pos < text.len() {
        events.push(Event::Text(&text[pos..]));
    }
    (events, ranges)
}

fn floor_boundary(s: &str, mut at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::MappedBuilder;
    use proptest::prelude::*;

    fn hl(item: usize, start: usize, end: usize, layer: Layer) -> Highlight {
        Highlight {
            item,
            span: Span::new(start, end),
            layer,
            class: "k",
            tag: None,
        }
    }

    /// The events as a bracket string: `[0 ... ]`, `{0}` for an empty marker, `+` marks a
    /// continuation.
    fn brackets(events: &[Event<'_, '_>]) -> String {
        let mut out = String::new();
        for e in events {
            match e {
                Event::Text(t) => out.push_str(t),
                Event::Open(h, cont) => {
                    out.push_str(&format!("[{}{}", if *cont { "+" } else { "" }, h.item))
                }
                Event::Close => out.push(']'),
                Event::Empty(h) => out.push_str(&format!("{{{}}}", h.item)),
            }
        }
        out
    }

    fn check(text: &str, hls: &[Highlight], expect: &str) {
        let m = Mapped::identity(text, 0);
        let placer = Placer::new(&m);
        let (events, _) = layout(&placer, hls, usize::MAX);
        assert_eq!(brackets(&events), expect);
    }

    #[test]
    fn nested_spans_nest_and_equal_ones_stack_by_layer() {
        use Layer::*;
        check(
            "ab cd ef",
            &[
                hl(0, 0, 8, Section),
                hl(1, 3, 5, Value),
                hl(2, 3, 5, Criterion),
                hl(3, 4, 4, Warning),
            ],
            "[0ab [2[1c{3}d]] ef]",
        );
    }

    #[test]
    fn crossing_spans_split_the_later_one() {
        use Layer::*;
        check(
            "abcdef",
            &[hl(0, 0, 4, Criterion), hl(1, 2, 6, Warning)],
            "[0ab[1cd]][+1ef]",
        );
        // A chain of three: each close reopens what is still open above it.
        check(
            "abcdefg",
            &[hl(0, 0, 3, Value), hl(1, 1, 5, Value), hl(2, 2, 7, Value)],
            "[0a[1b[2c]]][+1[+2de]][+2fg]",
        );
    }

    #[test]
    fn placement_follows_the_map_through_escapes() {
        // Shown `a<b` for source `a&lt;b` (bytes 0..6).
        let mut b = MappedBuilder::new();
        b.push_source("a", 0);
        b.push_replace("<", Span::new(1, 5));
        b.push_source("b", 5);
        let m = b.finish();
        let p = Placer::new(&m);
        assert_eq!(p.place(Span::new(0, 6)), 0..3);
        assert_eq!(p.place(Span::new(1, 5)), 1..2);
        // Half an entity is not shown: only the whole one is.
        assert_eq!(p.place(Span::new(2, 6)), 2..3);
        assert_eq!(p.place(Span::new(0, 3)), 0..1);
        assert_eq!(p.place(Span::new(3, 3)), 2..2);
    }

    #[test]
    fn spans_past_the_limit_are_not_placed() {
        let m = Mapped::identity("abcdef", 0);
        let p = Placer::new(&m);
        let hls = [hl(0, 0, 2, Layer::Value), hl(1, 3, 6, Layer::Value)];
        let (events, ranges) = layout(&p, &hls, 4);
        assert_eq!(brackets(&events), "[0ab]cd");
        assert_eq!(ranges, [Some(0..2), None]);
    }

    proptest! {
        /// Whatever the spans, the events are balanced, the text comes out whole and in
        /// order, and each highlight's elements together hold exactly its placed text.
        #[test]
        fn any_spans_give_balanced_exact_markup(
            text in "[a-zé ]{0,40}",
            spans in proptest::collection::vec((0usize..50, 0usize..50, 0u8..5), 0..12),
        ) {
            let m = Mapped::identity(&text, 0);
            let placer = Placer::new(&m);
            let layers = [Layer::Section, Layer::Fact, Layer::Criterion, Layer::Value, Layer::Warning];
            let hls: Vec<Highlight> = spans
                .iter()
                .enumerate()
                .map(|(i, &(a, b, l))| hl(i, a.min(b), a.max(b), layers[l as usize]))
                .collect();
            let (events, ranges) = layout(&placer, &hls, usize::MAX);
            let mut depth = 0i64;
            let mut open: Vec<usize> = Vec::new();
            let mut all = String::new();
            let mut per: Vec<String> = vec![String::new(); hls.len()];
            let mut seen = vec![0usize; hls.len()];
            for e in &events {
                match e {
                    Event::Text(t) => {
                        all.push_str(t);
                        for &i in &open {
                            per[i].push_str(t);
                        }
                    }
                    Event::Open(h, cont) => {
                        depth += 1;
                        open.push(h.item);
                        if !cont {
                            seen[h.item] += 1;
                        }
                    }
                    Event::Close => {
                        depth -= 1;
                        prop_assert!(depth >= 0);
                        open.pop();
                    }
                    Event::Empty(h) => seen[h.item] += 1,
                }
            }
            prop_assert_eq!(depth, 0);
            prop_assert_eq!(&all, &text);
            for (i, r) in ranges.iter().enumerate() {
                let r = r.clone().unwrap();
                prop_assert_eq!(seen[i], 1);
                prop_assert_eq!(&per[i], &text[r]);
            }
        }
    }
}
