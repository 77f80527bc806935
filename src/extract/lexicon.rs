//! Vocabulary tables compiled for token lookups: a trie over token keys, built from table
//! entries written in a small pattern syntax, matched forwards from a token or backwards
//! from one (for phrases that end where a number starts).
//!
//! Pattern syntax: tokens as the lexer reads them (so `>/=` is three tokens and spacing
//! never matters), and `{a|b c|}` for alternatives (an empty one makes the group optional).
//! Groups nest. `$name` stands for a named group from the table of sets passed in.
//! Patterns are expanded straight into key sequences, never into strings.

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

/// One piece of a parsed pattern: a token's key or alternatives.
enum Node {
    Key(u64),
    Alt(Vec<Vec<Node>>),
}

/// Expands a pattern into the key sequence of every token sequence it stands for.
pub fn expand(pattern: &str, sets: &[(&str, &str)]) -> Vec<Vec<u64>> {
    let mut out = expand_seq(&parse(pattern, sets, 0));
    out.sort();
    out.dedup();
    out.retain(|k| !k.is_empty());
    out
}

/// Parses a pattern; `depth` bounds set substitution (a set naming itself would be a table
/// bug, not input).
fn parse(pattern: &str, sets: &[(&str, &str)], depth: usize) -> Vec<Node> {
    let toks = lex::lex_plain(pattern);
    let mut i = 0;
    parse_seq(pattern, &toks.toks, &mut i, sets, depth)
}

fn parse_seq(
    p: &str,
    toks: &[Tok],
    i: &mut usize,
    sets: &[(&str, &str)],
    depth: usize,
) -> Vec<Node> {
    let mut seq = Vec::new();
    while let Some(t) = toks.get(*i) {
        if t.is_sym('|') || t.is_sym('}') {
            break;
        }
        *i += 1;
        if t.is_sym('{') {
            let mut alts = vec![parse_seq(p, toks, i, sets, depth)];
            while toks.get(*i).is_some_and(|t| t.is_sym('|')) {
                *i += 1;
                alts.push(parse_seq(p, toks, i, sets, depth));
            }
            if toks.get(*i).is_some_and(|t| t.is_sym('}')) {
                *i += 1;
            }
            seq.push(Node::Alt(alts));
        } else if t.is_sym('$') && depth < 4 {
            let name = toks.get(*i).map_or("", |n| n.text(p));
            *i += 1;
            if let Some((_, body)) = sets.iter().find(|(n, _)| *n == name) {
                seq.push(Node::Alt(vec![parse(body, sets, depth + 1)]));
            }
        } else {
            seq.push(Node::Key(t.key));
        }
    }
    seq
}

fn expand_seq(seq: &[Node]) -> Vec<Vec<u64>> {
    let mut out: Vec<Vec<u64>> = vec![Vec::new()];
    for n in seq {
        match n {
            Node::Key(k) => out.iter_mut().for_each(|o| o.push(*k)),
            Node::Alt(alts) => {
                let tails: Vec<Vec<u64>> = alts.iter().flat_map(|a| expand_seq(a)).collect();
                out = out
                    .iter()
                    .flat_map(|o| {
                        tails.iter().map(move |t| {
                            let mut v = o.clone();
                            v.extend_from_slice(t);
                            v
                        })
                    })
                    .collect();
            }
        }
    }
    out
}

/// A table compiled into a trie over token keys.
pub struct Lexicon<T> {
    edges: KeyMap<(u32, u64), u32>,
    values: Vec<Option<T>>,
    backwards: bool,
    /// A bit per hashed first key: most tokens start no phrase, and one bit says so
    /// without probing the edges.
    first: [u64; FIRST_WORDS],
}

/// Words (of 64 bits) in a lexicon's first-key filter.
const FIRST_WORDS: usize = 64;

/// The filter slot of a key: (word, bit).
fn first_slot(key: u64) -> (usize, u64) {
    let k = key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 52;
    ((k as usize >> 6) % FIRST_WORDS, 1 << (k & 63))
}

impl<T> Lexicon<T> {
    /// A lexicon matched forwards from a token ([`Lexicon::longest_at`]).
    pub fn forwards(entries: impl IntoIterator<Item = (Vec<u64>, T)>) -> Lexicon<T>
    where
        T: Clone,
    {
        Lexicon::build(entries, false)
    }

    /// A lexicon matched backwards from a token ([`Lexicon::longest_before`]).
    pub fn backwards(entries: impl IntoIterator<Item = (Vec<u64>, T)>) -> Lexicon<T>
    where
        T: Clone,
    {
        Lexicon::build(entries, true)
    }

    fn build(entries: impl IntoIterator<Item = (Vec<u64>, T)>, backwards: bool) -> Lexicon<T> {
        let mut lex = Lexicon {
            edges: KeyMap::default(),
            values: vec![None],
            backwards,
            first: [0; FIRST_WORDS],
        };
        for (mut keys, v) in entries {
            if keys.is_empty() {
                continue;
            }
            if backwards {
                keys.reverse();
            }
            let (w, bit) = first_slot(keys[0]);
            lex.first[w] |= bit;
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
        self.edges.keys().filter(|(n, _)| *n == 0).map(|(_, k)| *k)
    }

    /// Whether some phrase may start (backwards: end) with this token: false is sure.
    fn may_start(&self, t: &Tok) -> bool {
        let (w, bit) = first_slot(t.key);
        self.first[w] & bit != 0
    }

    /// The longest phrase starting at token `i`: (index after its last token, value).
    pub fn longest_at<'a>(&'a self, toks: &[Tok], i: usize) -> Option<(usize, &'a T)> {
        debug_assert!(!self.backwards);
        if !toks.get(i).is_some_and(|t| self.may_start(t)) {
            return None;
        }
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
        if !end
            .checked_sub(1)
            .and_then(|e| toks.get(e))
            .is_some_and(|t| self.may_start(t))
        {
            return None;
        }
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

    fn keys(phrases: &[&str]) -> Vec<Vec<u64>> {
        let mut v: Vec<Vec<u64>> = phrases.iter().map(|p| lex::keys(p)).collect();
        v.sort();
        v
    }

    #[test]
    fn patterns_expand_to_every_alternative() {
        assert_eq!(
            expand("{cells|} {/|per} $ul", &[("ul", "{ul|mm3}")]),
            keys(&[
                "/ mm3",
                "/ ul",
                "cells / mm3",
                "cells / ul",
                "cells per mm3",
                "cells per ul",
                "per mm3",
                "per ul"
            ])
        );
        assert_eq!(
            expand("a {b {c|d}|} e", &[]),
            keys(&["a b c e", "a b d e", "a e"])
        );
        assert_eq!(expand("$ml", &[("ml", "ml"), ("m", "x")]), keys(&["ml"]));
    }

    #[test]
    fn longest_match_forwards_and_backwards() {
        let entries = |v: &[(&str, u8)]| {
            v.iter()
                .map(|(p, n)| (lex::keys(p), *n))
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
