//! Genes and protein variants: gene names as criteria write them, amino-acid codes, and
//! the words that make a protein-change-looking token a mutation.

/// Gene names as written → gene symbol. Matched case-sensitively (so "eGFR", the kidney
/// test, is not EGFR).
pub const GENES: &[(&str, &str)] = &[
    ("BCR-ABL1", "ABL1"),
    ("BCR-ABL", "ABL1"),
    ("BCR/ABL", "ABL1"),
    ("BCR/ABL1", "ABL1"),
    ("BCR::ABL1", "ABL1"),
    ("ABL1", "ABL1"),
    ("ABL", "ABL1"),
    ("TKI", "ABL1"),
    ("TKIs", "ABL1"),
    ("tyrosine kinase inhibitor", "ABL1"),
    ("EGFR", "EGFR"),
    ("c-KIT", "KIT"),
    ("KIT", "KIT"),
    ("FLT3", "FLT3"),
    ("JAK2", "JAK2"),
    ("BRAF", "BRAF"),
    ("KRAS", "KRAS"),
    ("NRAS", "NRAS"),
    ("HRAS", "HRAS"),
    ("IDH1", "IDH1"),
    ("IDH2", "IDH2"),
    ("PIK3CA", "PIK3CA"),
    ("ALK", "ALK"),
    ("ROS1", "ROS1"),
    ("MET", "MET"),
    ("HER2", "ERBB2"),
    ("ERBB2", "ERBB2"),
    ("TP53", "TP53"),
    ("NPM1", "NPM1"),
    ("PDGFRA", "PDGFRA"),
    ("ESR1", "ESR1"),
    ("AKT1", "AKT1"),
    ("BTK", "BTK"),
    ("MTHFR", "MTHFR"),
    ("RET", "RET"),
    ("ERBB3", "ERBB3"),
    ("FGFR2", "FGFR2"),
    ("FGFR3", "FGFR3"),
    ("KIT/PDGFRA", "KIT"),
];

/// Genes whose named changes in criteria are nucleotide changes, not protein variants.
pub const NUCLEOTIDE_GENES: &[&str] = &["MTHFR"];

/// One-letter amino-acid codes → three-letter codes (HGVS).
pub const AMINO_ACIDS: &[(char, &str)] = &[
    ('A', "Ala"),
    ('R', "Arg"),
    ('N', "Asn"),
    ('D', "Asp"),
    ('C', "Cys"),
    ('Q', "Gln"),
    ('E', "Glu"),
    ('G', "Gly"),
    ('H', "His"),
    ('I', "Ile"),
    ('L', "Leu"),
    ('K', "Lys"),
    ('M', "Met"),
    ('F', "Phe"),
    ('P', "Pro"),
    ('S', "Ser"),
    ('T', "Thr"),
    ('W', "Trp"),
    ('Y', "Tyr"),
    ('V', "Val"),
    ('X', "Ter"),
    ('*', "Ter"),
];

/// The HGVS protein prefix glued before a change ("p.V600E"); case-sensitive, like the gene
/// names.
pub const PROTEIN_PREFIX: &str = "p";

/// Words that make a protein-change-looking token a mutation even without a gene name.
pub const MUTATION_WORDS: &[&str] = &[
    "mutation",
    "mutations",
    "mutant",
    "mutated",
    "variant",
    "variants",
    "substitution",
    "substitutions",
    "alteration",
    "alterations",
];

/// Three-letter code for a one-letter amino acid.
pub fn amino_three(c: char) -> Option<&'static str> {
    AMINO_ACIDS.iter().find(|(k, _)| *k == c).map(|(_, v)| *v)
}

/// One-letter code for a three-letter amino acid (any case).
pub fn amino_one(s: &str) -> Option<char> {
    AMINO_ACIDS
        .iter()
        .find(|(_, v)| v.eq_ignore_ascii_case(s))
        .map(|(k, _)| if *k == '*' { 'X' } else { *k })
}
