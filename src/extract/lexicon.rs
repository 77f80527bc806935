//! Vocabulary tables compiled for token lookups: a trie over token keys, built from table
//! entries written in a small pattern syntax, matched forwards from a token or backwards
//! from one (for phrases that end where a number starts).
//!
//! Pattern syntax: tokens as the lexer reads them (so `>/=` is three tokens and spacing
//! never matters), and `{a|b c|}` for alternatives (an empty one makes the group optional).
//! Groups nest. `$name` stands for a named group from the table of sets passed in.

use super::lex::{self, Tok};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hasher for keys that are already hashes (token keys, node numbers).
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        let h = self.0;
        (h ^ (h >> 31)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
}

/// A map keyed by token keys.
pub type KeyMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;

/// Expands a pattern into every token sequence it stands for.
pub fn expand(pattern: &str, sets: &[(&str, &str)]) -> Vec<String> {
    let mut s = pattern.to_string();
    // Named sets first, longest names first so `$ml` is not read as `$m` and `l` (they
    // may use groups themselves; a set naming itself would be a table bug, so
    // substitution stops after a few rounds).
    let mut sets = sets.to_vec();
    sets.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
    for _ in 0..4 {
        if !s.contains('$') {
            break;
        }
        for (name, body) in &sets {
            s = s.replace(&format!("${name}"), body);
        }
    }
    let mut out = Vec::new();
    expand_into(&s, &mut String::new(), &mut out);
    for o in &mut out {
        *o = o.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    out.sort();
    out.dedup();
    out
}

fn expand_into(rest: &str, prefix: &mut String, out: &mut Vec<String>) {
    let Some(open) = rest.find('{') else {
        out.push(format!("{prefix}{rest}"));
        return;
    };
    let close = matching_brace(rest, open);
    let body = &rest[open + 1..close];
    let after = &rest[close + 1..];
    for alt in split_top(body) {
        let mut p = format!("{prefix}{} ", &rest[..open]);
        let mut inner = Vec::new();
        expand_into(alt, &mut String::new(), &mut inner);
        for i in inner {
            let len = p.len();
            p.push_str(&i);
            p.push(' ');
            expand_into(after, &mut p.clone(), out);
            p.truncate(len);
        }
    }
}

fn matching_brace(s: &str, open: usize) -> usize {
    let mut depth = 0;
    for (i, c) in s.char_indices().skip_while(|(i, _)| *i < open) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    s.len() - 1
}

fn split_top(body: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut from) = (0, 0);
    for (i, c) in body.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            '|' if depth == 0 => {
                out.push(&body[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    out.push(&body[from..]);
    out
}

/// A table compiled into a trie over token keys.
pub struct Lexicon<T> {
    edges: KeyMap<(u32, u64), u32>,
    values: Vec<Option<T>>,
    backwards: bool,
}

impl<T> Lexicon<T> {
    /// A lexicon matched forwards from a token ([`Lexicon::longest_at`]).
    pub fn forwards(entries: impl IntoIterator<Item = (String, T)>) -> Lexicon<T>
    where
        T: Clone,
    {
        Lexicon::build(entries, false)
    }

    /// A lexicon matched backwards from a token ([`Lexicon::longest_before`]).
    pub fn backwards(entries: impl IntoIterator<Item = (String, T)>) -> Lexicon<T>
    where
        T: Clone,
    {
        Lexicon::build(entries, true)
    }

    fn build(entries: impl IntoIterator<Item = (String, T)>, backwards: bool) -> Lexicon<T> {
        let mut lex = Lexicon {
            edges: KeyMap::default(),
            values: vec![None],
            backwards,
        };
        for (phrase, v) in entries {
            let mut keys = lex::keys(&phrase);
            if keys.is_empty() {
                continue;
            }
            if backwards {
                keys.reverse();
            }
            let mut node = 0u32;
            for k in keys {
                let next = lex.values.len() as u32;
                node = *lex.edges.entry((node, k)).or_insert(next);
                if node == next {
                    lex.values.push(None);
                }
            }
            // The first entry for a phrase wins: tables list the reading they mean first.
            if let Some(slot @ None) = lex.values.get_mut(node as usize) {
                *slot = Some(v);
            }
        }
        lex
    }

    /// Keys that start a phrase (end one, for a backwards lexicon).
    pub fn first_keys(&self) -> impl Iterator<Item = u64> + '_ {
        self.edges
            .keys()
            .filter(|(n, _)| *n == 0)
            .map(|(_, k)| *k)
    }

    /// Whether some phrase starts (backwards: ends) with this token.
    pub fn starts(&self, t: &Tok) -> bool {
        self.edges.contains_key(&(0, t.key))
    }

    /// The longest phrase starting at token `i`: (index after its last token, value).
    pub fn longest_at<'a>(&'a self, toks: &[Tok], i: usize) -> Option<(usize, &'a T)> {
        debug_assert!(!self.backwards);
        let mut node = 0u32;
        let mut best = None;
        for (j, t) in toks.iter().enumerate().skip(i) {
            let Some(&n) = self.edges.get(&(node, t.key)) else {
                break;
            };
            node = n;
            if let Some(Some(v)) = self.values.get(n as usize) {
                best = Some((j + 1, v));
            }
        }
        best
    }

    /// The longest phrase ending just before token `end`: (index of its first token, value).
    pub fn longest_before<'a>(&'a self, toks: &[Tok], end: usize) -> Option<(usize, &'a T)> {
        debug_assert!(self.backwards);
        let mut node = 0u32;
        let mut best = None;
        for j in (0..end.min(toks.len())).rev() {
            let Some(&n) = self.edges.get(&(node, toks[j].key)) else {
                break;
            };
            node = n;
            if let Some(Some(v)) = self.values.get(n as usize) {
                best = Some((j, v));
            }
        }
        best
    }

    /// Every phrase in `toks[from..to]`, left to right, longest at each place, not
    /// overlapping: (first token, index after the last, value).
    pub fn find_all<'a>(
        &'a self,
        toks: &[Tok],
        from: usize,
        to: usize,
    ) -> Vec<(usize, usize, &'a T)> {
        let to = to.min(toks.len());
        let mut out = Vec::new();
        let mut i = from;
        while i < to {
            match self.longest_at(&toks[..to], i) {
                Some((j, v)) => {
                    out.push((i, j, v));
                    i = j;
                }
                None => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_expand_to_every_alternative() {
        assert_eq!(
            expand("{cells|} {/|per} $ul", &[("ul", "{ul|mm3}")]),
            [
                "/ mm3",
                "/ ul",
                "cells / mm3",
                "cells / ul",
                "cells per mm3",
                "cells per ul",
                "per mm3",
                "per ul"
            ]
        );
        assert_eq!(expand("a {b {c|d}|} e", &[]), ["a b c e", "a b d e", "a e"]);
    }

    #[test]
    fn longest_match_forwards_and_backwards() {
        let entries = |v: &[(&str, u8)]| {
            v.iter()
                .map(|(p, n)| (p.to_string(), *n))
                .collect::<Vec<_>>()
        };
        let table = entries(&[("less than", 1), ("less than or equal to", 2), ("<", 3)]);
        let fw = Lexicon::forwards(table.clone());
        let t = lex::lex("ALT less than or equal to 3");
        assert_eq!(fw.longest_at(&t.toks, 1), Some((6, &2)));
        assert_eq!(fw.longest_at(&t.toks, 0), None);
        let bw = Lexicon::backwards(table);
        assert_eq!(bw.longest_before(&t.toks, 6), Some((1, &2)));
        let t = lex::lex("ALT LESS  THAN 3");
        assert_eq!(bw.longest_before(&t.toks, 3), Some((1, &1)));
        let all = fw.find_all(&lex::lex("a < b less than c").toks, 0, 9);
        assert_eq!(all, vec![(1, 2, &3), (3, 5, &1)]);
    }
}
