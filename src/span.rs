//! Byte spans and text that remembers where it came from.
//!
//! Every stage of the pipeline turns one text into another: the raw bytes are decoded
//! (BOM, invalid UTF-8, CRLF), a Python literal's string is unescaped, HTML is stripped of its
//! tags, a markdown bullet loses its `\<` escapes. Users want every extracted value to carry
//! the byte span *of the input file*, so each derived text is a [`Mapped`]: the text plus a
//! piecewise map from its byte offsets to the original file's byte offsets.
//!
//! The map is a list of segments, each a run of equal *units*: a unit is some text bytes that
//! stand, as a whole, for some source bytes. A copy is units of one text byte for one source
//! byte; a replacement is one unit of another shape (`\n` for the two bytes `\\n`, `&` for
//! `&amp;`, `U+FFFD` for one invalid byte). Adjacent units of the same shape over adjacent
//! source bytes share one segment, so a run of 100 MB of NUL bytes turned into spaces, or of
//! invalid bytes turned into U+FFFD, is one segment, not one per byte: the map grows with
//! the number of *changes of shape*, not with the number of edits.
//! Deriving a text from a derived text composes the maps, so spans never drift: they are
//! computed from the slices a parser actually consumed, never re-counted.

use serde::ser::{Serialize, SerializeSeq, Serializer};
use std::ops::Range;

/// A `[start, end)` range of UTF-8 byte offsets into the input file exactly as read.
///
/// Serialised as a two-element sequence `[start, end]`: a JSON array, a Python list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // A sequence, not a tuple: serializers such as pythonize make tuples immutable tuples,
        // which would not compare equal to the JSON line's list.
        let mut t = s.serialize_seq(Some(2))?;
        t.serialize_element(&self.start)?;
        t.serialize_element(&self.end)?;
        t.end()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    /// First text byte of this segment; it runs to the next segment's `text` (or the end).
    text: usize,
    /// Source offset of the segment's first unit.
    src: usize,
    /// Text bytes per unit (at least 1).
    unit_text: usize,
    /// Source bytes each unit stands for (0 for synthesised text).
    unit_src: usize,
}

impl Segment {
    /// Source offset where the unit holding text byte `pos` starts.
    fn unit_start(&self, pos: usize) -> usize {
        self.src + (pos - self.text) / self.unit_text * self.unit_src
    }

    /// Source offset just past the unit holding text byte `pos`.
    fn unit_end(&self, pos: usize) -> usize {
        self.unit_start(pos) + self.unit_src
    }

    /// Source offset just past the segment, given where its text ends.
    fn src_end(&self, text_end: usize) -> usize {
        self.src + (text_end - self.text) / self.unit_text * self.unit_src
    }
}

/// A text together with the map from its byte offsets to input-file byte offsets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapped {
    text: String,
    segs: Vec<Segment>,
}

impl Mapped {
    /// Text that is a verbatim copy of the input starting at byte `base`.
    pub fn identity(text: &str, base: usize) -> Mapped {
        let mut b = MappedBuilder::new();
        b.push_source(text, base);
        b.finish()
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Segments in the map: what the map costs, for tests and budgets.
    pub fn segments(&self) -> usize {
        self.segs.len()
    }

    /// Index of the segment holding text byte `pos` (`pos < len`).
    fn seg_at(&self, pos: usize) -> Option<&Segment> {
        let i = self.segs.partition_point(|s| s.text <= pos);
        i.checked_sub(1).and_then(|i| self.segs.get(i))
    }

    fn seg_end(&self, idx: usize) -> usize {
        self.segs.get(idx + 1).map_or(self.text.len(), |s| s.text)
    }

    /// Source offset where text byte `pos` starts.
    pub fn src_start(&self, pos: usize) -> usize {
        if pos >= self.text.len() {
            return self.src_end_of_text();
        }
        self.seg_at(pos).map_or(0, |s| s.unit_start(pos))
    }

    /// Source offset just past text byte `pos - 1` (an exclusive end).
    pub fn src_end(&self, pos: usize) -> usize {
        if pos == 0 {
            return self.segs.first().map_or(0, |s| s.src);
        }
        self.seg_at(pos - 1).map_or(0, |s| s.unit_end(pos - 1))
    }

    fn src_end_of_text(&self) -> usize {
        self.segs.last().map_or(0, |s| s.src_end(self.text.len()))
    }

    /// The input-file span of a byte range of this text.
    pub fn span(&self, range: Range<usize>) -> Span {
        let end = range.end.min(self.text.len());
        let start = range.start.min(end);
        if start == end {
            let p = self.src_start(start);
            return Span::new(p, p);
        }
        Span::new(self.src_start(start), self.src_end(end))
    }

    /// Span of the whole text.
    pub fn full_span(&self) -> Span {
        self.span(0..self.text.len())
    }

    /// Span of a sub-slice of [`Mapped::as_str`]; the slice must point into this text.
    pub fn span_of(&self, slice: &str) -> Span {
        self.span(self.range_of(slice))
    }

    /// Byte range of a sub-slice of [`Mapped::as_str`] (clamped if it points elsewhere).
    pub fn range_of(&self, slice: &str) -> Range<usize> {
        let base = self.text.as_ptr() as usize;
        let p = slice.as_ptr() as usize;
        let start = p.saturating_sub(base).min(self.text.len());
        start..(start + slice.len()).min(self.text.len())
    }

    /// A sub-range of this text as its own mapped text (range must be on char boundaries).
    pub fn slice(&self, range: Range<usize>) -> Mapped {
        let mut b = MappedBuilder::new();
        b.push_from(self, range);
        b.finish()
    }

    /// The map, piece by piece in text order: each text range with the input bytes it stands
    /// for. A piece is a run of equal units, each `unit_text` text bytes standing as a whole
    /// for `unit_src` source bytes: (1, 1) maps byte for byte; others are unescaped
    /// characters, decoded entities, replacement characters, or synthesised separators
    /// (`unit_src` 0). Used to find the text under a span (the `show` pages).
    pub fn pieces(&self) -> impl Iterator<Item = Piece> + '_ {
        self.segs.iter().enumerate().map(|(i, s)| {
            let end = self.seg_end(i);
            Piece {
                text: s.text..end,
                src: Span::new(s.src, s.src_end(end)),
                unit_text: s.unit_text,
                unit_src: s.unit_src,
            }
        })
    }

    /// The same text with surrounding whitespace dropped.
    pub fn trimmed(&self) -> Mapped {
        let t = self.text.trim();
        let r = self.range_of(t);
        self.slice(r)
    }
}

impl Serialize for Mapped {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// One piece of a [`Mapped`] text's map (see [`Mapped::pieces`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub text: Range<usize>,
    pub src: Span,
    /// Text bytes per unit (at least 1).
    pub unit_text: usize,
    /// Source bytes each unit stands for (0 for synthesised text).
    pub unit_src: usize,
}

impl Piece {
    /// Text offset of the first unit that starts at or after source byte `s` (within the
    /// piece; `text.end` when none does).
    pub fn text_from(&self, s: usize) -> usize {
        if self.unit_src == 0 || s <= self.src.start {
            return self.text.start;
        }
        let units = (s - self.src.start).div_ceil(self.unit_src);
        (self.text.start + units * self.unit_text).min(self.text.end)
    }

    /// Text offset just past the last whole unit that ends at or before source byte `e`.
    pub fn text_to(&self, e: usize) -> usize {
        if self.unit_src == 0 || e >= self.src.end {
            return self.text.end;
        }
        let units = e.saturating_sub(self.src.start) / self.unit_src;
        self.text.start + units * self.unit_text
    }
}

/// Builds a [`Mapped`] piece by piece, each piece saying where it came from.
#[derive(Default)]
pub struct MappedBuilder {
    text: String,
    segs: Vec<Segment>,
}

impl MappedBuilder {
    pub fn new() -> MappedBuilder {
        MappedBuilder::default()
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Segments in the map so far.
    pub fn segments(&self) -> usize {
        self.segs.len()
    }

    /// Appends `text` as units of `unit_text` text bytes, the first standing for the source
    /// bytes from `src`, each `unit_src` long. `text` holds whole units.
    fn push_units(&mut self, text: &str, src: usize, unit_text: usize, unit_src: usize) {
        if text.is_empty() {
            return;
        }
        let at = self.text.len();
        self.text.push_str(text);
        if let Some(last) = self.segs.last() {
            // Same shape over adjacent source bytes: the run grows, the map does not.
            if last.unit_text == unit_text && last.unit_src == unit_src && last.src_end(at) == src {
                return;
            }
        }
        self.segs.push(Segment {
            text: at,
            src,
            unit_text,
            unit_src,
        });
    }

    /// Append `text`, a verbatim copy of the input at byte `src`.
    pub fn push_source(&mut self, text: &str, src: usize) {
        self.push_units(text, src, 1, 1);
    }

    /// Append `text` that stands for the input bytes `src` (an unescaped character, a
    /// decoded entity, a synthesised separator: `src` may be empty for the latter).
    pub fn push_replace(&mut self, text: &str, src: Span) {
        self.push_units(text, src.start, text.len(), src.len());
    }

    /// Append a range of another mapped text, keeping its map to the input. A range that
    /// starts or ends inside a unit keeps that part of the unit standing for the whole unit.
    pub fn push_from(&mut self, from: &Mapped, range: Range<usize>) {
        let end = range.end.min(from.text.len());
        let mut pos = range.start.min(end);
        let mut i = from
            .segs
            .partition_point(|s| s.text <= pos)
            .saturating_sub(1);
        while pos < end && i < from.segs.len() {
            let seg = from.segs[i];
            let seg_end = from.seg_end(i).min(end);
            while pos < seg_end {
                let into = (pos - seg.text) % seg.unit_text;
                let whole = if into == 0 {
                    (seg_end - pos) / seg.unit_text * seg.unit_text
                } else {
                    0
                };
                // Whole units keep their shape; a part of a unit stands for all of it.
                let (stop, unit_text) = if whole > 0 {
                    (pos + whole, seg.unit_text)
                } else {
                    let stop = (pos - into + seg.unit_text).min(seg_end);
                    (stop, stop - pos)
                };
                let Some(piece) = from.text.get(pos..stop) else {
                    break;
                };
                self.push_units(piece, seg.unit_start(pos), unit_text, seg.unit_src);
                pos = stop;
            }
            pos = pos.max(seg_end);
            i += 1;
        }
    }

    pub fn finish(self) -> Mapped {
        Mapped {
            text: self.text,
            segs: self.segs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_with_base() {
        let m = Mapped::identity("hello world", 10);
        assert_eq!(m.span(6..11), Span::new(16, 21));
        assert_eq!(m.full_span(), Span::new(10, 21));
    }

    #[test]
    fn replace_segments_map_as_a_whole() {
        // Source: `a\nb` (4 bytes, escaped newline) decoded to "a\nb" (3 bytes).
        let mut b = MappedBuilder::new();
        b.push_source("a", 0);
        b.push_replace("\n", Span::new(1, 3));
        b.push_source("b", 3);
        let m = b.finish();
        assert_eq!(m.as_str(), "a\nb");
        assert_eq!(m.span(0..3), Span::new(0, 4));
        assert_eq!(m.span(1..2), Span::new(1, 3));
        assert_eq!(m.span(2..3), Span::new(3, 4));
    }

    #[test]
    fn derived_text_composes_maps() {
        let mut b = MappedBuilder::new();
        b.push_source("x ", 100);
        b.push_replace("<", Span::new(102, 106)); // &lt;
        b.push_source("5 y", 106);
        let m = b.finish();
        assert_eq!(m.as_str(), "x <5 y");
        let sub = m.slice(2..5);
        assert_eq!(sub.as_str(), "<5 ");
        assert_eq!(sub.full_span(), Span::new(102, 108));
        assert_eq!(sub.span(1..2), Span::new(106, 107));
    }

    #[test]
    fn span_of_slice_and_trim() {
        let m = Mapped::identity("  ECOG 0-1  ", 5);
        let t = m.trimmed();
        assert_eq!(t.as_str(), "ECOG 0-1");
        assert_eq!(t.full_span(), Span::new(7, 15));
        let s = &t.as_str()[5..];
        assert_eq!(t.span_of(s), Span::new(12, 15));
    }

    #[test]
    fn pieces_list_the_map_in_text_order() {
        let mut b = MappedBuilder::new();
        b.push_source("ab", 10);
        b.push_replace("<", Span::new(12, 16));
        b.push_replace("\n", Span::new(16, 16));
        b.push_source("c", 16);
        let m = b.finish();
        let got: Vec<Piece> = m.pieces().collect();
        let piece = |text: Range<usize>, s, e, unit_text, unit_src| Piece {
            text,
            src: Span::new(s, e),
            unit_text,
            unit_src,
        };
        assert_eq!(
            got,
            [
                piece(0..2, 10, 12, 1, 1),
                piece(2..3, 12, 16, 1, 4),
                piece(3..4, 16, 16, 1, 0),
                piece(4..5, 16, 17, 1, 1),
            ]
        );
        assert_eq!((got[0].text_from(11), got[0].text_to(11)), (1, 1));
        assert_eq!((got[1].text_from(13), got[1].text_to(15)), (3, 2));
    }

    #[test]
    fn out_of_range_is_clamped_not_panicking() {
        let m = Mapped::identity("abc", 0);
        assert_eq!(m.span(2..99), Span::new(2, 3));
        assert_eq!(m.span(50..60), Span::new(3, 3));
        assert_eq!(Mapped::default().span(0..4), Span::new(0, 0));
    }

    #[test]
    fn runs_of_equal_replacements_share_one_segment() {
        // Three invalid bytes (U+FFFD each) then three `&amp;` (one `&` each).
        let mut b = MappedBuilder::new();
        b.push_source("ab", 0);
        for at in 2..5 {
            b.push_replace("\u{FFFD}", Span::new(at, at + 1));
        }
        for at in (5..20).step_by(5) {
            b.push_replace("&", Span::new(at, at + 5));
        }
        b.push_source("z", 20);
        let m = b.finish();
        assert_eq!(m.as_str(), "ab\u{FFFD}\u{FFFD}\u{FFFD}&&&z");
        assert_eq!(m.segments(), 4);
        // Each unit still maps to its own source bytes.
        assert_eq!(m.span(5..8), Span::new(3, 4));
        assert_eq!(
            m.span(6..7),
            Span::new(3, 4),
            "inside a unit: the whole unit"
        );
        assert_eq!(m.span(12..13), Span::new(10, 15));
        assert_eq!(m.span(11..14), Span::new(5, 20));
        assert_eq!(m.span(14..15), Span::new(20, 21));
        assert_eq!(m.full_span(), Span::new(0, 21));
    }

    #[test]
    fn one_byte_replacements_merge_with_copies() {
        // NUL → space is one text byte for one source byte: the same map as a copy.
        let mut b = MappedBuilder::new();
        b.push_source("a", 7);
        b.push_replace(" ", Span::new(8, 9));
        b.push_source("b", 9);
        let m = b.finish();
        assert_eq!(m.segments(), 1);
        assert_eq!(m, Mapped::identity("a b", 7));
    }

    #[test]
    fn slices_of_runs_keep_exact_units() {
        // "x" then a run of four `\n` escapes (one newline for two source bytes each), "y".
        let mut b = MappedBuilder::new();
        b.push_source("x", 0);
        for at in (1..9).step_by(2) {
            b.push_replace("\n", Span::new(at, at + 2));
        }
        b.push_source("y", 9);
        let m = b.finish();
        let sub = m.slice(2..6);
        assert_eq!(sub.as_str(), "\n\n\ny");
        assert_eq!(sub.full_span(), Span::new(3, 10));
        assert_eq!(sub.span(1..2), Span::new(5, 7));
        assert_eq!(sub.segments(), 2);
        // A multi-byte unit cut in two: each part stands for the whole unit.
        let mut b = MappedBuilder::new();
        b.push_replace("* ", Span::new(4, 5));
        b.push_source("ok", 5);
        let m = b.finish();
        let tail = m.slice(1..4);
        assert_eq!(tail.as_str(), " ok");
        assert_eq!(tail.span(0..1), Span::new(4, 5));
        assert_eq!(tail.span(1..3), Span::new(5, 7));
    }

    #[test]
    fn span_serialises_as_pair() {
        assert_eq!(serde_json::to_string(&Span::new(3, 9)).unwrap(), "[3,9]");
    }
}
