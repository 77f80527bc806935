//! Every vocabulary the extractors know, as data: adding a word is adding one line.
//!
//! The tables are grouped by subject in the submodules; [`VOCAB`] compiles them once into
//! token lexicons and word sets, and into the index the lexer flags words from, so every
//! prefilter an extractor uses ("does this criterion name a scale?") comes from the tables
//! themselves. Matching ignores ASCII case and spacing; look-alike symbols are folded by
//! the lexer ([`words::SYMBOL_FOLDS`]).

pub mod analytes;
pub mod comparators;
pub mod genes;
pub mod numbers;
pub mod scales;
pub mod units;
pub mod words;

pub use crate::record::PerformanceScale;
pub use analytes::{Analyte, ANALYTES};
pub use genes::{amino_one, amino_three};
pub use numbers::NUMBER_WORDS;
pub use scales::ClassScale;
pub use units::{Conversion, UnitDef, UnitKind, CONVERSIONS};
pub use words::SYMBOL_FOLDS;

use super::lex;
use super::lexicon::{expand, KeyMap, Lexicon};
use super::text::WordSet;
use crate::record::{Comparator, Kind};
use std::sync::LazyLock;

/// What a word is for, as far as the tables know: set by the lexer on each word token.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags(u16);

impl Flags {
    pub const NONE: Flags = Flags(0);
    /// A number word ("six", "twice").
    pub const NUMBER_WORD: Flags = Flags(1);
    /// A roman numeral ("III").
    pub const ROMAN: Flags = Flags(2);
    /// Starts a class scale's name, or is a grade/stage/class word.
    pub const CLASS: Flags = Flags(4);
    /// Starts a performance-status scale's name.
    pub const PERFORMANCE: Flags = Flags(8);
    /// "age", "aged".
    pub const AGE: Flags = Flags(16);
    /// A word a value may be glued to ("status0-2").
    pub const GLUED: Flags = Flags(32);
    /// A word that says stage codes follow ("stage", "fibrosis").
    pub const STAGE: Flags = Flags(64);
    /// Starts a gene name (any case; genes are then checked case-sensitively).
    pub const GENE: Flags = Flags(128);
    /// A word that names mutations ("mutation", "variant").
    pub const MUTATION: Flags = Flags(256);
    /// A word with a digit in it ("T315I", "CD4"); set by the lexer, not the tables.
    pub const DIGITS: Flags = Flags(512);
    /// Starts an analyte's name.
    pub const ANALYTE: Flags = Flags(1024);

    pub fn has(self, f: Flags) -> bool {
        self.0 & f.0 != 0
    }

    pub fn with(self, f: Flags) -> Flags {
        Flags(self.0 | f.0)
    }
}

/// Bits of the index's Bloom filter (a power of two).
const BLOOM_BITS: usize = 1 << 16;

/// The tables, compiled.
pub struct Vocab {
    /// Word key → flags, for the lexer.
    pub index: KeyMap<u64, Flags>,
    /// A Bloom filter of the index's keys: most words of a criterion are in no table, and
    /// one bit test tells so without a hash-map probe.
    bloom: Vec<u64>,
    pub number_words: KeyMap<u64, f64>,
    pub roman: KeyMap<u64, f64>,
    pub half: Lexicon<()>,
    /// Units of time (the shared age table) by key: (canonical unit, length in years).
    pub durations: KeyMap<u64, (&'static str, f64)>,
    pub ordinal_suffixes: WordSet,
    /// Comparators before a number, matched backwards from it.
    pub cmp_before: Lexicon<Comparator>,
    /// The same phrases matched forwards (a second bound: "≥ 3 and ≤ 70").
    pub cmp_at: Lexicon<Comparator>,
    pub cmp_after: Lexicon<Comparator>,
    pub range_joins: Lexicon<()>,
    pub between: Lexicon<()>,
    pub factor: Lexicon<()>,
    pub units: Lexicon<UnitDef>,
    pub multipliers: Lexicon<()>,
    pub uln: Lexicon<()>,
    pub normal_after_multiplier: Lexicon<()>,
    pub normal_alone: Lexicon<()>,
    pub analytes: Lexicon<&'static Analyte>,
    pub named_after_gap: Lexicon<()>,
    pub time_measures: WordSet,
    pub not_participant: Lexicon<()>,
    pub performance_scales: Lexicon<Option<PerformanceScale>>,
    pub classes: Lexicon<&'static ClassScale>,
    pub grade_words: Lexicon<(&'static str, Kind)>,
    pub disease_grade: WordSet,
    pub class_fillers: WordSet,
    pub numeral_openers: WordSet,
    pub numeral_joins: Lexicon<()>,
    pub numeral_after: Lexicon<Comparator>,
    pub stage_context: WordSet,
    pub fillers: WordSet,
    pub stops: WordSet,
    pub stop_abbreviations: Lexicon<()>,
    pub followers: WordSet,
    pub labels: WordSet,
    pub not_measurements: WordSet,
    pub list_count: Lexicon<()>,
    pub reference_range: Lexicon<()>,
    pub list_separators: WordSet,
    pub age_words: WordSet,
    pub not_age: Lexicon<()>,
    pub age_after: Lexicon<()>,
    pub age_after_cmp: Lexicon<Comparator>,
    pub age_cmp_words: Lexicon<Comparator>,
    pub persons: WordSet,
    pub time_after: Lexicon<()>,
    pub time_window: WordSet,
    pub window_openers: WordSet,
    pub birthday_before: Lexicon<Comparator>,
    pub birthday: Lexicon<()>,
    pub genes: Lexicon<(&'static str, &'static str)>,
    /// [`CONVERSIONS`] by (analyte, unit).
    conversions: KeyMap<(&'static str, &'static str), &'static Conversion>,
    pub mutation_words: WordSet,
    pub conjunctions: WordSet,
    pub code_point_prefix: WordSet,
    pub decimal_range_openers: WordSet,
    pub listing_joins: WordSet,
    pub age_clause_ends: WordSet,
    pub age_comparison_words: WordSet,
    pub age_of: WordSet,
    pub age_articles: WordSet,
    pub reference_openers: WordSet,
    pub place_after_length: WordSet,
    pub score_words: WordSet,
    pub score_kind_words: WordSet,
    pub times_letters: WordSet,
    pub cell_words: WordSet,
    pub per_words: WordSet,
    pub litres: WordSet,
    pub weeks: WordSet,
    pub old_abbreviations: WordSet,
    pub class_words: WordSet,
    pub class_qualifiers: WordSet,
    pub says_class: WordSet,
    pub pronoun_numerals: WordSet,
    pub version_words: WordSet,
}

/// Every expansion of each pattern, with its value.
fn entries<T: Clone>(table: &[(&str, T)], sets: &[(&str, &str)]) -> Vec<(Vec<u64>, T)> {
    table
        .iter()
        .flat_map(|(p, v)| expand(p, sets).into_iter().map(move |e| (e, v.clone())))
        .collect()
}

fn plain(table: &[&str]) -> Vec<(Vec<u64>, ())> {
    table
        .iter()
        .flat_map(|p| expand(p, &[]).into_iter().map(|e| (e, ())))
        .collect()
}

fn keyed<T: Copy>(table: &[(&str, T)]) -> KeyMap<u64, T> {
    table.iter().map(|(w, v)| (lex::key_of(w), *v)).collect()
}

fn words(table: &[&str]) -> WordSet {
    WordSet::new(table)
}

/// The compiled tables, built on first use.
pub static VOCAB: LazyLock<Vocab> = LazyLock::new(|| {
    use analytes as an;
    use comparators as cmp;
    use numbers as num;
    use scales as sc;
    use units as un;
    use words as w;
    let analyte_entries: Vec<(Vec<u64>, &'static Analyte)> = an::ANALYTES
        .iter()
        .flat_map(|a| {
            a.aliases
                .iter()
                .flat_map(move |p| expand(p, &[]).into_iter().map(move |e| (e, a)))
        })
        .collect();
    let class_entries: Vec<(Vec<u64>, &'static ClassScale)> = sc::CLASS_SCALES
        .iter()
        .flat_map(|c| {
            c.names
                .iter()
                .flat_map(move |p| expand(p, &[]).into_iter().map(move |e| (e, c)))
        })
        .collect();
    let gene_entries: Vec<(Vec<u64>, (&'static str, &'static str))> = genes::GENES
        .iter()
        .map(|(alias, gene)| (lex::keys(alias), (*alias, *gene)))
        .collect();
    let mut v = Vocab {
        index: KeyMap::default(),
        bloom: vec![0; BLOOM_BITS / 64],
        number_words: keyed(num::NUMBER_WORDS),
        roman: keyed(num::ROMAN),
        half: Lexicon::forwards(plain(num::HALF)),
        durations: crate::age::AGE_UNITS
            .iter()
            .map(|(w, u, y)| (lex::key_of(w), (*u, *y)))
            .collect(),
        ordinal_suffixes: words(num::ORDINAL_SUFFIXES),
        cmp_before: Lexicon::backwards(entries(cmp::BEFORE, &[])),
        cmp_at: Lexicon::forwards(entries(cmp::BEFORE, &[])),
        cmp_after: Lexicon::forwards(entries(cmp::AFTER, &[])),
        range_joins: Lexicon::forwards(plain(cmp::RANGE_JOINS)),
        between: Lexicon::backwards(plain(cmp::BETWEEN)),
        factor: Lexicon::backwards(plain(cmp::FACTOR_WORDS)),
        units: Lexicon::forwards(entries(un::UNITS, un::SETS)),
        multipliers: Lexicon::forwards(plain(un::MULTIPLIERS)),
        uln: Lexicon::forwards(plain(un::ULN)),
        normal_after_multiplier: Lexicon::forwards(plain(un::NORMAL_AFTER_MULTIPLIER)),
        normal_alone: Lexicon::forwards(plain(un::NORMAL_ALONE)),
        analytes: Lexicon::forwards(analyte_entries),
        named_after_gap: Lexicon::forwards(plain(an::NAMED_AFTER_GAP)),
        time_measures: words(an::TIME_MEASURES),
        not_participant: Lexicon::forwards(plain(an::NOT_PARTICIPANT)),
        performance_scales: Lexicon::forwards(entries(sc::PERFORMANCE_SCALES, &[])),
        classes: Lexicon::forwards(class_entries),
        grade_words: Lexicon::forwards(
            sc::GRADE_WORDS
                .iter()
                .map(|(w, id, k)| (lex::keys(w), (*id, *k)))
                .collect::<Vec<_>>(),
        ),
        disease_grade: words(sc::DISEASE_GRADE_WORDS),
        class_fillers: words(sc::CLASS_FILLERS),
        numeral_openers: words(sc::NUMERAL_OPENERS),
        numeral_joins: Lexicon::forwards(plain(sc::NUMERAL_JOINS)),
        numeral_after: Lexicon::forwards(entries(sc::NUMERAL_AFTER, &[])),
        stage_context: words(sc::STAGE_CONTEXT),
        fillers: words(w::FILLERS),
        stops: words(w::STOP_WORDS),
        stop_abbreviations: Lexicon::backwards(plain(w::STOP_ABBREVIATIONS)),
        followers: words(w::FOLLOWERS),
        labels: words(w::LABEL_WORDS),
        not_measurements: words(w::NOT_MEASUREMENTS),
        list_count: Lexicon::forwards(plain(w::LIST_COUNT)),
        reference_range: Lexicon::forwards(plain(w::REFERENCE_RANGE)),
        list_separators: words(w::LIST_SEPARATORS),
        age_words: words(w::AGE_WORDS),
        not_age: Lexicon::backwards(plain(w::NOT_AGE)),
        age_after: Lexicon::forwards(plain(w::AGE_AFTER)),
        age_after_cmp: Lexicon::forwards(entries(w::AGE_AFTER_COMPARATORS, &[])),
        age_cmp_words: Lexicon::backwards(entries(w::AGE_COMPARATOR_WORDS, &[])),
        persons: words(w::PERSONS),
        time_after: Lexicon::forwards(plain(w::TIME_AFTER)),
        time_window: words(w::TIME_WINDOW_WORDS),
        window_openers: words(w::WINDOW_OPENERS),
        birthday_before: Lexicon::backwards(entries(w::BIRTHDAY_BEFORE, &[])),
        birthday: Lexicon::forwards(plain(w::BIRTHDAY)),
        genes: Lexicon::forwards(gene_entries),
        mutation_words: words(genes::MUTATION_WORDS),
        conjunctions: words(w::CONJUNCTIONS),
        code_point_prefix: words(w::CODE_POINT_PREFIX),
        decimal_range_openers: words(w::DECIMAL_RANGE_OPENERS),
        listing_joins: words(cmp::LISTING_JOINS),
        age_clause_ends: words(w::AGE_CLAUSE_ENDS),
        age_comparison_words: words(w::AGE_COMPARISON_WORDS),
        age_of: words(w::AGE_OF),
        age_articles: words(w::AGE_ARTICLES),
        reference_openers: words(w::REFERENCE_OPENERS),
        place_after_length: words(w::PLACE_AFTER_LENGTH),
        score_words: words(w::SCORE_WORDS),
        score_kind_words: words(w::SCORE_KIND_WORDS),
        times_letters: words(un::TIMES_LETTERS),
        cell_words: words(un::CELL_WORDS),
        per_words: words(un::PER_WORDS),
        litres: words(un::LITRES),
        weeks: words(un::WEEKS),
        old_abbreviations: words(un::OLD_ABBREVIATIONS),
        class_words: words(sc::CLASS_WORDS),
        class_qualifiers: words(sc::CLASS_QUALIFIERS),
        says_class: words(sc::SAYS_CLASS),
        pronoun_numerals: words(sc::PRONOUN_NUMERALS),
        version_words: words(sc::VERSION_WORDS),
        conversions: CONVERSIONS
            .iter()
            .rev()
            .flat_map(|c| c.analytes.iter().map(move |a| ((*a, c.from), c)))
            .collect(),
    };
    let mut flag = |keys: Vec<u64>, f: Flags| {
        for k in keys {
            let e = v.index.entry(k).or_default();
            *e = e.with(f);
        }
    };
    let table_keys = |t: &[&str]| t.iter().map(|w| lex::key_of(w)).collect::<Vec<_>>();
    flag(v.number_words.keys().copied().collect(), Flags::NUMBER_WORD);
    flag(v.roman.keys().copied().collect(), Flags::ROMAN);
    flag(v.classes.first_keys().collect(), Flags::CLASS);
    flag(v.grade_words.first_keys().collect(), Flags::CLASS);
    flag(table_keys(sc::CLASS_WORDS), Flags::CLASS);
    flag(
        v.performance_scales.first_keys().collect(),
        Flags::PERFORMANCE,
    );
    flag(table_keys(w::AGE_WORDS), Flags::AGE);
    flag(table_keys(w::GLUED_WORDS), Flags::GLUED);
    flag(table_keys(sc::STAGE_CONTEXT), Flags::STAGE);
    flag(v.genes.first_keys().collect(), Flags::GENE);
    flag(v.analytes.first_keys().collect(), Flags::ANALYTE);
    flag(table_keys(genes::MUTATION_WORDS), Flags::MUTATION);
    let keys: Vec<u64> = v.index.keys().copied().collect();
    for k in keys {
        let (word, bit) = bloom_slot(k);
        v.bloom[word] |= bit;
    }
    v
});

/// Where a key sits in the Bloom filter: (word, bit).
fn bloom_slot(key: u64) -> (usize, u64) {
    let k = key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 48;
    ((k as usize >> 6) & (BLOOM_BITS / 64 - 1), 1 << (k & 63))
}

impl Vocab {
    /// The row of [`CONVERSIONS`] for an analyte measured in a unit.
    pub fn conversion(&self, analyte: &str, unit: &str) -> Option<&'static Conversion> {
        self.conversions.get(&(analyte, unit)).copied()
    }

    /// The flags of a word key ([`Flags::NONE`] for a word in no table).
    pub fn flags_of(&self, key: u64) -> Flags {
        let (word, bit) = bloom_slot(key);
        if self.bloom.get(word).is_some_and(|w| w & bit == 0) {
            return Flags::NONE;
        }
        self.index.get(&key).copied().unwrap_or(Flags::NONE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_analyte_ids_are_present() {
        for id in [
            "absolute_neutrophil_count",
            "platelet_count",
            "hemoglobin",
            "white_blood_cell_count",
            "absolute_lymphocyte_count",
            "total_bilirubin",
            "alt",
            "ast",
            "alkaline_phosphatase",
            "creatinine",
            "creatinine_clearance",
            "gfr",
            "inr",
            "prothrombin_time",
            "aptt",
            "albumin",
            "lvef",
            "lvsf",
            "qtc",
            "spo2",
            "bone_marrow_blasts",
            "hba1c",
            "glucose",
            "bmi",
            "systolic_bp",
            "diastolic_bp",
            "psa",
            "cd4_count",
            "life_expectancy",
        ] {
            assert!(ANALYTES.iter().any(|a| a.id == id), "{id}");
        }
    }

    #[test]
    fn ids_are_unique_and_aliases_name_one_thing() {
        let mut ids = std::collections::HashSet::new();
        for a in ANALYTES {
            assert!(ids.insert(a.id), "{} twice", a.id);
        }
        let mut seen = std::collections::HashMap::new();
        for a in ANALYTES {
            for p in a.aliases {
                for e in expand(p, &[]) {
                    if let Some(other) = seen.insert(e.clone(), a.id) {
                        assert_eq!(other, a.id, "{e:?} names {other} and {}", a.id);
                    }
                }
            }
        }
    }

    #[test]
    fn every_pattern_compiles_to_tokens() {
        let syntax: Vec<u64> = ["{", "}", "|", "$"]
            .iter()
            .map(|s| lex::key_of(s))
            .collect();
        let check = |p: &str, sets: &[(&str, &str)]| {
            let e = expand(p, sets);
            assert!(!e.is_empty(), "{p}");
            for k in e.iter().flatten() {
                assert!(!syntax.contains(k), "{p} leaves pattern syntax");
            }
        };
        for (p, _) in units::UNITS {
            check(p, units::SETS);
        }
        for (p, _) in comparators::BEFORE.iter().chain(comparators::AFTER) {
            check(p, &[]);
        }
        for a in ANALYTES {
            for p in a.aliases {
                check(p, &[]);
            }
        }
    }

    #[test]
    fn criteria_without_digits_are_skipped_unless_a_table_word_starts_a_value() {
        let may = lex::may_hold_values;
        assert!(may("ANC ≥ 1500"));
        assert!(may("life expectancy of six months"));
        assert!(may("NYHA class III"));
        assert!(may("American Society of Anesthesiologists II"));
        assert!(may("Stage IV melanoma"));
        assert!(!may("Pregnant or breast-feeding women"));
        assert!(!may("someone"));
        assert!(may("Classé six months"));
        assert!(!may("sixé months"));
    }

    #[test]
    fn flags_come_from_the_tables() {
        let f = |w: &str| VOCAB.flags_of(lex::key_of(w));
        assert!(f("six").has(Flags::NUMBER_WORD));
        assert!(f("NYHA").has(Flags::CLASS));
        assert!(f("grade").has(Flags::CLASS));
        assert!(f("Karnofsky").has(Flags::PERFORMANCE));
        assert!(f("aged").has(Flags::AGE));
        assert!(!f("hemoglobin").has(Flags::AGE));
    }

    #[test]
    fn amino_acid_codes() {
        assert_eq!(amino_three('T'), Some("Thr"));
        assert_eq!(amino_one("ile"), Some('I'));
        assert_eq!(amino_three('B'), None);
    }
}
