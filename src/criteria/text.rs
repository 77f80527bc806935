//! A criterion's text from its source range: markdown escapes undone, bold marks dropped,
//! wrapped lines joined with one space; and inline `①②③` lists split into items.
//!
//! The text is a [`Mapped`] built piece by piece from the block, so every sub-range of it
//! still maps to the input bytes it came from.

use std::ops::Range;

use memchr::memchr3_iter;

use crate::span::{Mapped, MappedBuilder};

/// Characters whose backslash escape the registry's markdown writes (`\<`, `\_` ...).
const ESCAPABLE: &[u8] = b"<>*_[]()#+-.!~|";

/// The text of `block[range]` as a criterion reads it.
pub fn build(block: &Mapped, range: Range<usize>) -> Mapped {
    let s = block.as_str();
    let end = range.end.min(s.len());
    let start = range.start.min(end);
    let bytes = s.as_bytes();
    let mut b = MappedBuilder::new();
    let mut run = start;
    let mut skip_to = start;
    for p in memchr3_iter(b'\\', b'\n', b'*', &bytes[start..end]).map(|p| p + start) {
        if p < skip_to {
            continue;
        }
        match bytes[p] {
            b'\\' => match bytes.get(p + 1) {
                Some(&c) if p + 1 < end && ESCAPABLE.contains(&c) => {
                    b.push_from(block, run..p);
                    let ch = &s[p + 1..p + 2];
                    b.push_replace(ch, block.span(p..p + 2));
                    run = p + 2;
                    skip_to = p + 2;
                }
                // `\\` stays as written; its second backslash escapes nothing after it.
                Some(b'\\') => skip_to = p + 2,
                _ => {}
            },
            b'*' if bytes.get(p + 1) == Some(&b'*') && p + 1 < end => {
                b.push_from(block, run..p);
                run = p + 2;
                skip_to = p + 2;
            }
            b'\n' => {
                let ws_start = run + s[run..p].trim_end().len();
                let mut q = p;
                while q < end && matches!(bytes[q], b' ' | b'\t' | b'\n') {
                    q += 1;
                }
                b.push_from(block, run..ws_start);
                b.push_replace(" ", block.span(ws_start..q));
                run = q;
                skip_to = q;
            }
            _ => {}
        }
    }
    b.push_from(block, run..end);
    let m = b.finish();
    let t = m.as_str();
    if t.len() != t.trim().len() {
        m.trimmed()
    } else {
        m
    }
}

/// A run of text with the inline items that follow it: `Lead: ① a; ② b`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub lead: Range<usize>,
    pub items: Vec<Range<usize>>,
}

/// Split `s[range]` at circled markers (`①` ... `⑳`). `None` when there are none after
/// the start. A count that restarts (`③ ...; Refractory: ① ...`) opens a new group whose
/// lead is the clause before it, when that clause ends with a colon.
pub fn split_circled(s: &str, range: Range<usize>) -> Option<Vec<Group>> {
    let sub = s.get(range.clone())?;
    // ①..⑳ are U+2460..U+2473, all encoded as E2 91 xx: skip the char walk without them.
    memchr::memmem::find(sub.as_bytes(), b"\xE2\x91")?;
    let marks: Vec<(usize, u32)> = sub
        .char_indices()
        .filter(|&(i, c)| i > 0 && ('①'..='⑳').contains(&c))
        .map(|(i, c)| (range.start + i, c as u32))
        .collect();
    if marks.is_empty() {
        return None;
    }
    let trim = |r: Range<usize>| super::lines::trim_range(s, r);
    let mut groups = vec![Group {
        lead: trim(range.start..marks[0].0),
        items: Vec::new(),
    }];
    let mut prev_num = 0;
    for (k, &(at, num)) in marks.iter().enumerate() {
        let text_start = at + '①'.len_utf8();
        let text_end = marks.get(k + 1).map_or(range.end, |m| m.0);
        if num <= prev_num {
            if let Some(g) = groups.last_mut() {
                if let Some(last) = g.items.pop() {
                    let (item, lead) = cut_lead(s, last);
                    g.items.push(item);
                    if let Some(lead) = lead {
                        groups.push(Group {
                            lead,
                            items: Vec::new(),
                        });
                    }
                }
            }
        }
        prev_num = num;
        if let Some(g) = groups.last_mut() {
            g.items.push(trim(text_start..text_end));
        }
    }
    Some(groups)
}

/// Split a trailing `; Label:` clause off an item: the item and the new lead, if any.
fn cut_lead(s: &str, r: Range<usize>) -> (Range<usize>, Option<Range<usize>>) {
    let Some(t) = s.get(r.clone()) else {
        return (r, None);
    };
    if !t.trim_end().ends_with([':', '：']) {
        return (r, None);
    }
    let Some(sep) = t.rfind([';', '.', '；', '。']) else {
        return (r, None);
    };
    let sep_end = sep + t[sep..].chars().next().map_or(1, char::len_utf8);
    let lead = super::lines::trim_range(s, r.start + sep_end..r.end);
    if lead.is_empty() || lead.len() > 80 {
        return (r, None);
    }
    (r.start..r.start + sep_end, Some(lead))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn built(src: &str) -> Mapped {
        let block = Mapped::identity(src, 1000);
        build(&block, 0..src.len())
    }

    #[test]
    fn escapes_are_undone_and_map_to_both_bytes() {
        let m = built(r"GFR \<30 and \[x\] 5\.0 a\_b");
        assert_eq!(m.as_str(), "GFR <30 and [x] 5.0 a_b");
        let lt = m.as_str().find('<').unwrap();
        assert_eq!(m.span(lt..lt + 1), Span::new(1004, 1006));
        assert_eq!(m.span(lt + 1..lt + 3), Span::new(1006, 1008));
        assert_eq!(m.full_span(), Span::new(1000, 1000 + 28));
    }

    #[test]
    fn unknown_escapes_and_double_backslash_stay() {
        assert_eq!(built(r"a \& b").as_str(), r"a \& b");
        assert_eq!(built(r"a \\< b").as_str(), r"a \\< b");
    }

    #[test]
    fn bold_marks_are_dropped() {
        let m = built("**Age:** 18 or older");
        assert_eq!(m.as_str(), "Age: 18 or older");
        assert_eq!(m.full_span(), Span::new(1002, 1020));
    }

    #[test]
    fn lines_join_with_one_space() {
        let m = built("first line  \n     second line");
        assert_eq!(m.as_str(), "first line second line");
        let sp = m.as_str().find(' ').unwrap() + 5;
        assert_eq!(m.span(sp..sp + 1), Span::new(1010, 1018));
        let sec = m.as_str().find("second").unwrap();
        assert_eq!(m.span(sec..sec + 6), Span::new(1018, 1024));
    }

    #[test]
    fn split_inline_circled_items() {
        let s = "Relapsed B-ALL: ① Relapse within 12 months; or ② Relapse after HSCT;";
        let g = split_circled(s, 0..s.len()).unwrap();
        assert_eq!(g.len(), 1);
        assert_eq!(&s[g[0].lead.clone()], "Relapsed B-ALL:");
        let items: Vec<&str> = g[0].items.iter().map(|r| &s[r.clone()]).collect();
        assert_eq!(
            items,
            ["Relapse within 12 months; or", "Relapse after HSCT;"]
        );
        assert_eq!(split_circled("no markers", 0..10), None);
    }

    #[test]
    fn restarted_count_opens_a_new_group() {
        let s = "Relapsed: ① a; ② b; Refractory B-ALL: ① c; ② d";
        let g = split_circled(s, 0..s.len()).unwrap();
        let text = |r: &Range<usize>| &s[r.clone()];
        assert_eq!(g.len(), 2);
        assert_eq!(text(&g[0].lead), "Relapsed:");
        assert_eq!(
            g[0].items.iter().map(text).collect::<Vec<_>>(),
            ["a;", "b;"]
        );
        assert_eq!(text(&g[1].lead), "Refractory B-ALL:");
        assert_eq!(g[1].items.iter().map(text).collect::<Vec<_>>(), ["c;", "d"]);
    }
}
