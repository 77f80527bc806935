//! Byte spans and text that remembers where it came from.
//!
//! Every stage of the pipeline turns one text into another: the raw bytes are decoded
//! (BOM, invalid UTF-8, CRLF), a Python literal's string is unescaped, HTML is stripped of its
//! tags, a markdown bullet loses its `\<` escapes. Users want every extracted value to carry
//! the byte span *of the input file*, so each derived text is a [`Mapped`]: the text plus a
//! piecewise map from its byte offsets to the original file's byte offsets.
//!
//! The map is a list of segments. A *copy* segment is a run of text bytes that equal source
//! bytes one for one; a *replace* segment is text that stands for a source range of another
//! length (`\n` for the two bytes `\\n`, `&` for `&amp;`, `U+FFFD` for one invalid byte).
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
    /// Source range the segment stands for.
    src: usize,
    src_end: usize,
    /// Copy segments map byte for byte; replace segments map as a whole.
    copy: bool,
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
        match self.seg_at(pos) {
            Some(s) if s.copy => s.src + (pos - s.text),
            Some(s) => s.src,
            None => 0,
        }
    }

    /// Source offset just past text byte `pos - 1` (an exclusive end).
    pub fn src_end(&self, pos: usize) -> usize {
        if pos == 0 {
            return self.segs.first().map_or(0, |s| s.src);
        }
        match self.seg_at(pos - 1) {
            Some(s) if s.copy => s.src + (pos - s.text),
            Some(s) => s.src_end,
            None => 0,
        }
    }

    fn src_end_of_text(&self) -> usize {
        self.segs.last().map_or(0, |s| s.src_end)
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

    fn push_seg(&mut self, text: &str, src: usize, src_end: usize, copy: bool) {
        if text.is_empty() {
            return;
        }
        let at = self.text.len();
        if let Some(last) = self.segs.last_mut() {
            // Merge adjacent copies so the map stays as short as the number of edits.
            if copy && last.copy && last.src_end == src {
                last.src_end = src_end;
                self.text.push_str(text);
                return;
            }
        }
        self.segs.push(Segment {
            text: at,
            src,
            src_end,
            copy,
        });
        self.text.push_str(text);
    }

    /// Append `text`, a verbatim copy of the input at byte `src`.
    pub fn push_source(&mut self, text: &str, src: usize) {
        self.push_seg(text, src, src + text.len(), true);
    }

    /// Append `text` that stands for the input bytes `src` (an unescaped character, a
    /// decoded entity, a synthesised separator: `src` may be empty for the latter).
    pub fn push_replace(&mut self, text: &str, src: Span) {
        self.push_seg(text, src.start, src.end, false);
    }

    /// Append a range of another mapped text, keeping its map to the input.
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
            if seg_end > pos {
                let piece = &from.text[pos..seg_end];
                if seg.copy {
                    let s = seg.src + (pos - seg.text);
                    self.push_seg(piece, s, s + piece.len(), true);
                } else {
                    self.push_seg(piece, seg.src, seg.src_end, false);
                }
                pos = seg_end;
            }
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
    fn out_of_range_is_clamped_not_panicking() {
        let m = Mapped::identity("abc", 0);
        assert_eq!(m.span(2..99), Span::new(2, 3));
        assert_eq!(m.span(50..60), Span::new(3, 3));
        assert_eq!(Mapped::default().span(0..4), Span::new(0, 0));
    }

    #[test]
    fn span_serialises_as_pair() {
        assert_eq!(serde_json::to_string(&Span::new(3, 9)).unwrap(), "[3,9]");
    }
}
