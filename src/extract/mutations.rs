//! Protein variants: "T315I/A, V299L, F317L/V/I/C" → T315I, T315A, V299L, F317L, …, each
//! with its HGVS form (`p.Thr315Ile`), and the gene the words around them name. A variant
//! named twice in one list ("p.T315I or Thr315Ile") is listed once.

use super::lex::{glued, Tok, Tokens};
use super::text::located;
use super::vocab::{amino_one, amino_three, genes, Flags, VOCAB};
use super::Extracted;
use crate::record::{MutationList, Section, Variant};
use crate::span::Mapped;

const ONE: &str = "ACDEFGHIKLMNPQRSTVWY";

/// One variant token (with its "/A/B" alternatives) and what it says.
struct Found {
    /// First and last token.
    start: usize,
    end: usize,
    variants: Vec<Variant>,
    nucleotide_like: bool,
    /// Written as HGVS (`p.` or three-letter codes): a variant whatever the words around.
    explicit: bool,
}

pub(super) fn extract(text: &Mapped, tokens: &Tokens, section: Section, out: &mut Extracted) {
    let s = text.as_str();
    let toks = &tokens.toks;
    // Every variant is a word with digits in it.
    if !tokens.flags.has(Flags::DIGITS) {
        return;
    }
    let mut found: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !toks[i].has(Flags::DIGITS) {
            i += 1;
            continue;
        }
        match variant_at(s, toks, i) {
            Some(f) => {
                i = f.end + 1;
                found.push(f);
            }
            None => i += 1,
        }
    }
    if found.is_empty() {
        return;
    }
    let genes = genes_in(s, tokens);
    let mutation_word = tokens.flags.has(Flags::MUTATION);
    let mut groups: Vec<Vec<Found>> = Vec::new();
    for f in found {
        match groups.last_mut() {
            Some(g)
                if g.last()
                    .is_some_and(|l| separated(toks, l.end + 1, f.start)) =>
            {
                g.push(f)
            }
            _ => groups.push(vec![f]),
        }
    }
    for g in groups {
        let (Some(first), Some(last)) = (g.first(), g.last()) else {
            continue;
        };
        let (start, end) = (first.start, last.end);
        let before = genes.partition_point(|(a, _)| *a < start);
        let after = genes.partition_point(|(a, _)| *a < end);
        let gene = before
            .checked_sub(1)
            .and_then(|i| genes.get(i))
            .or_else(|| genes.get(after))
            .map(|(_, id)| *id);
        let explicit = g.iter().any(|f| f.explicit);
        let nucleotide_gene = gene.is_some_and(|id| genes::NUCLEOTIDE_GENES.contains(&id));
        let all_nucleotide = g.iter().all(|f| f.nucleotide_like);
        if !explicit && (nucleotide_gene || (all_nucleotide && gene.is_none())) {
            continue;
        }
        if !explicit && gene.is_none() && !mutation_word {
            continue;
        }
        let (t, span) = located(text, toks[start].start as usize..toks[end].end as usize);
        let mut seen = std::collections::HashSet::new();
        let variants: Vec<Variant> = g
            .into_iter()
            .flat_map(|f| f.variants)
            .filter(|v| seen.insert(v.hgvs.clone()))
            .collect();
        out.mutations.push(MutationList {
            gene: if nucleotide_gene { None } else { gene },
            variants,
            text: t,
            span,
            section,
        });
    }
}

/// Tokens between two variants only separate them (",", ";", "and", "or", "/", brackets).
fn separated(toks: &[Tok], a: usize, b: usize) -> bool {
    toks.get(a..b).is_some_and(|g| {
        g.iter()
            .all(|t| matches!(t.sym, ',' | ';' | '/' | '(' | ')') || VOCAB.conjunctions.contains(t))
    })
}

/// A protein change at token `i`: "T315I", "T315I/A", "p.V600E", "Thr790Met", "p.Thr315Ile".
fn variant_at(s: &str, toks: &[Tok], i: usize) -> Option<Found> {
    let t = toks.get(i).filter(|t| t.is_word())?;
    let w = t.text(s);
    // "p." glued before: the HGVS protein prefix.
    let (start, hgvs) = match (i.checked_sub(2), i.checked_sub(1)) {
        (Some(p), Some(d))
            if toks[d].is_sym('.')
                && glued(&toks[d], t)
                && glued(&toks[p], &toks[d])
                && toks[p].text(s) == genes::PROTEIN_PREFIX =>
        {
            (p, true)
        }
        _ => (i, false),
    };
    if let Some((r, n, a)) = one_letter_change(w) {
        let mut alts = vec![a];
        let mut end = i;
        // "T315I/A/V": more alternatives after slashes.
        while let (Some(sl), Some(x)) = (toks.get(end + 1), toks.get(end + 2)) {
            let alt = x.text(s);
            let one = alt.len() == 1 && (ONE.contains(alt) || alt == "X");
            if sl.is_sym('/') && glued(&toks[end], sl) && glued(sl, x) && x.is_word() && one {
                alts.extend(alt.chars());
                end += 2;
            } else {
                break;
            }
        }
        let variants = variants(r, n, &alts);
        if variants.is_empty() {
            return None;
        }
        let nucleotide_like = "ACGT".contains(r) && alts.iter().all(|a| "ACGT".contains(*a));
        return Some(Found {
            start,
            end,
            variants,
            nucleotide_like,
            explicit: hgvs,
        });
    }
    let (r, n, a) = three_letter_change(w)?;
    let variants = variants(r, n, &[a]);
    (!variants.is_empty()).then_some(Found {
        start,
        end: i,
        variants,
        nucleotide_like: false,
        explicit: true,
    })
}

fn variants(r: char, n: &str, alts: &[char]) -> Vec<Variant> {
    alts.iter()
        .filter_map(|&a| {
            Some(Variant {
                name: format!("{r}{n}{a}"),
                hgvs: format!("p.{}{n}{}", amino_three(r)?, amino_three(a)?),
            })
        })
        .collect()
}

/// "T315I": one-letter residue, 2 to 4 digits, one-letter residue (or X for a stop).
fn one_letter_change(w: &str) -> Option<(char, &str, char)> {
    let b = w.as_bytes();
    if b.len() < 4 || b.len() > 6 || !w.is_ascii() {
        return None;
    }
    let (r, a) = (char::from(b[0]), char::from(b[b.len() - 1]));
    let n = &w[1..w.len() - 1];
    let ok = ONE.contains(r)
        && (ONE.contains(a) || a == 'X')
        && (2..=4).contains(&n.len())
        && n.bytes().all(|c| c.is_ascii_digit());
    ok.then_some((r, n, a))
}

/// "Thr790Met": three-letter residue, 1 to 4 digits, three-letter residue (or Ter).
fn three_letter_change(w: &str) -> Option<(char, &str, char)> {
    if w.len() < 7 || !w.is_ascii() {
        return None;
    }
    let r = amino_one(&w[..3]).filter(|c| *c != 'X')?;
    let digits = w[3..].bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=4).contains(&digits) || !w[..3].starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let rest = &w[3 + digits..];
    if rest.len() != 3 || !rest.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let a = amino_one(rest)?;
    Some((r, &w[3..3 + digits], a))
}

/// Gene names in the text, case-sensitive, as whole tokens: (first token, gene).
fn genes_in(s: &str, tokens: &Tokens) -> Vec<(usize, &'static str)> {
    let toks = &tokens.toks;
    let mut out = Vec::new();
    if !tokens.flags.has(Flags::GENE) {
        return out;
    }
    let mut i = 0;
    while i < toks.len() {
        let hit = toks[i]
            .has(Flags::GENE)
            .then(|| VOCAB.genes.longest_at(toks, i))
            .flatten();
        match hit {
            Some((j, (alias, gene))) => {
                let written: String = s[toks[i].start as usize..toks[j - 1].end as usize]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                if written == *alias {
                    out.push((i, *gene));
                }
                i = j;
            }
            None => i += 1,
        }
    }
    out
}
