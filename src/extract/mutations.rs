//! Protein variants: "T315I/A, V299L, F317L/V/I/C" → T315I, T315A, V299L, F317L, …, each
//! with its HGVS form (`p.Thr315Ile`), and the gene the words around them name.

use super::{located, vocab, Extracted};
use crate::record::{MutationList, Section, Variant};
use crate::span::Mapped;
use regex::Regex;
use std::sync::LazyLock;

const ONE: &str = "ACDEFGHIKLMNPQRSTVWY";
const THREE: &str =
    "Ala|Arg|Asn|Asp|Cys|Gln|Glu|Gly|His|Ile|Leu|Lys|Met|Phe|Pro|Ser|Thr|Trp|Tyr|Val";

static VARIANT: LazyLock<Regex> = LazyLock::new(|| {
    super::vocab::re(&format!(
        r"\b(?P<p>p\.)?(?:(?P<r1>[{ONE}])(?P<n1>\d{{2,4}})(?P<a1>[{ONE}X](?:/[{ONE}X])*)|(?P<r3>{THREE})(?P<n3>\d{{1,4}})(?P<a3>(?:{THREE}|Ter)(?:/(?:{THREE}|Ter))*))\b"
    ))
    .expect("variant regex")
});

static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    super::vocab::re(r"^(?:\s*(?:,|;|and|or|/)\s*|\s+)+$").expect("separator regex")
});

struct Found {
    start: usize,
    end: usize,
    variants: Vec<Variant>,
    nucleotide_like: bool,
    explicit: bool,
}

pub(super) fn extract(text: &Mapped, section: Section, out: &mut Extracted) {
    let s = text.as_str();
    // Every variant has a capital letter right before its position number.
    let b = s.as_bytes();
    if !b
        .windows(2)
        .any(|w| w[0].is_ascii_alphabetic() && w[1].is_ascii_digit())
    {
        return;
    }
    let mut found: Vec<Found> = Vec::new();
    for c in VARIANT.captures_iter(s) {
        let Some(all) = c.get(0) else { continue };
        let (r, n, alts, three) = match (c.name("r1"), c.name("n1"), c.name("a1")) {
            (Some(r), Some(n), Some(a)) => (r.as_str(), n.as_str(), a.as_str(), false),
            _ => match (c.name("r3"), c.name("n3"), c.name("a3")) {
                (Some(r), Some(n), Some(a)) => (r.as_str(), n.as_str(), a.as_str(), true),
                _ => continue,
            },
        };
        let Some(ref1) = one_letter(r) else { continue };
        let alts: Vec<char> = alts.split('/').filter_map(one_letter).collect();
        let variants: Vec<Variant> = alts
            .iter()
            .filter_map(|&a| {
                Some(Variant {
                    name: format!("{ref1}{n}{a}"),
                    hgvs: format!(
                        "p.{}{n}{}",
                        vocab::amino_three(ref1)?,
                        vocab::amino_three(a)?
                    ),
                })
            })
            .collect();
        if variants.is_empty() {
            continue;
        }
        let nucleotide_like =
            !three && "ACGT".contains(ref1) && alts.iter().all(|a| "ACGT".contains(*a));
        found.push(Found {
            start: all.start(),
            end: all.end(),
            variants,
            nucleotide_like,
            explicit: three || c.name("p").is_some(),
        });
    }
    if found.is_empty() {
        return;
    }
    let genes = genes_in(s);
    let lower = s.to_ascii_lowercase();
    let mutation_word = vocab::MUTATION_WORDS.iter().any(|w| lower.contains(w));
    let mut groups: Vec<Vec<Found>> = Vec::new();
    for f in found {
        match groups.last_mut() {
            Some(g)
                if g.last()
                    .is_some_and(|l| SEPARATOR.is_match(&s[l.end..f.start])) =>
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
        let nucleotide_gene = gene.is_some_and(|id| vocab::NUCLEOTIDE_GENES.contains(&id));
        let all_nucleotide = g.iter().all(|f| f.nucleotide_like);
        if !explicit && (nucleotide_gene || (all_nucleotide && gene.is_none())) {
            continue;
        }
        if !explicit && gene.is_none() && !mutation_word {
            continue;
        }
        let (t, span) = located(text, start..end);
        out.mutations.push(MutationList {
            gene: if nucleotide_gene { None } else { gene },
            variants: g.into_iter().flat_map(|f| f.variants).collect(),
            text: t,
            span,
            section,
        });
    }
}

fn one_letter(s: &str) -> Option<char> {
    if s.len() == 1 {
        s.chars().next()
    } else {
        vocab::amino_one(s)
    }
}

/// Gene names in the text, case-sensitive, as whole words: (start, gene).
fn genes_in(s: &str) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    for (alias, gene) in vocab::GENES {
        let mut from = 0;
        while let Some(p) = s.get(from..).and_then(|t| t.find(alias)) {
            let a = from + p;
            let b = a + alias.len();
            from = b;
            let ok_before = s[..a]
                .chars()
                .next_back()
                .map_or(true, |c| !c.is_alphanumeric());
            let ok_after = s[b..].chars().next().map_or(true, |c| !c.is_alphanumeric());
            if ok_before && ok_after {
                out.push((a, *gene));
            }
        }
    }
    out.sort_by_key(|&(a, _)| a);
    out.dedup_by_key(|&mut (a, _)| a);
    out
}

#[cfg(test)]
mod tests {
    use crate::extract::run;
    use crate::record::MutationList;

    fn muts(s: &str) -> Vec<MutationList> {
        run(s).mutations
    }

    #[test]
    fn slash_lists_expand() {
        let m = muts("Relapse after at least 2 tyrosine kinase inhibitors (TKIs); if accompanied by TKI-resistant mutations such as T315I/A, V299L, F317L/V/I/C, G250E, Y253H, E255K/V, F359V/C/I, subjects are eligible");
        assert_eq!(m.len(), 1);
        let names: Vec<&str> = m[0].variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "T315I", "T315A", "V299L", "F317L", "F317V", "F317I", "F317C", "G250E", "Y253H",
                "E255K", "E255V", "F359V", "F359C", "F359I"
            ]
        );
        assert_eq!(m[0].variants[0].hgvs, "p.Thr315Ile");
        assert_eq!(m[0].gene, Some("ABL1"));
        assert_eq!(
            m[0].text,
            "T315I/A, V299L, F317L/V/I/C, G250E, Y253H, E255K/V, F359V/C/I"
        );
    }

    #[test]
    fn forms_and_genes() {
        let m = muts("BRAF p.V600E mutation");
        assert_eq!(
            (m[0].gene, m[0].variants[0].hgvs.as_str()),
            (Some("BRAF"), "p.Val600Glu")
        );
        let m = muts("EGFR Thr790Met");
        assert_eq!(
            (m[0].gene, m[0].variants[0].name.as_str()),
            (Some("EGFR"), "T790M")
        );
        let m = muts("known BCR-ABL T315I mutation");
        assert_eq!(m[0].gene, Some("ABL1"));
        let m = muts("activating mutation (L858R) of unknown gene");
        assert_eq!(m[0].gene, None);
    }

    #[test]
    fn not_protein_variants() {
        assert!(muts("homozygous C677T in MTHFR").is_empty());
        assert!(muts("HbA1C below 7%, eGFR > 60").is_empty());
        assert!(muts("stage T2N0M0 disease, H1N1 vaccine").is_empty());
        assert!(muts("Patients with score S100 in room A12B").is_empty());
    }
}
