//! Scales: performance status (its own list in the record), classes written in numerals
//! ("NYHA class III", "ASA I-II"), grades and stages, and stage codes ("T2", "F3").

use crate::record::Kind::{self, DiseaseStage, Score};
use crate::record::{Comparator, PerformanceScale};

/// Performance-status scale names → scale; `None` for a score that names no scale
/// ("performance status 0-2", "PS ≤ 1").
pub const PERFORMANCE_SCALES: &[(&str, Option<PerformanceScale>)] = &[
    (
        "eastern cooperative oncology group",
        Some(PerformanceScale::Ecog),
    ),
    ("ecog", Some(PerformanceScale::Ecog)),
    ("zubrod", Some(PerformanceScale::Zubrod)),
    ("swog", Some(PerformanceScale::Zubrod)),
    ("who {performance|ps}", Some(PerformanceScale::Who)),
    (
        "world health organization {( who )|} performance",
        Some(PerformanceScale::Who),
    ),
    ("karnofsky", Some(PerformanceScale::Karnofsky)),
    ("kps", Some(PerformanceScale::Karnofsky)),
    ("lansky", Some(PerformanceScale::Lansky)),
    ("lps", Some(PerformanceScale::Lansky)),
    ("{performance status|performance score|ps}", None),
];

/// A class-like scale written with numerals.
pub struct ClassScale {
    pub id: &'static str,
    pub kind: Kind,
    pub names: &'static [&'static str],
}

const fn class(id: &'static str, kind: Kind, names: &'static [&'static str]) -> ClassScale {
    ClassScale { id, kind, names }
}

/// Classes written with numerals ("NYHA class III", "ASA I-II", "Killip class ≥ 2").
pub const CLASS_SCALES: &[ClassScale] = &[
    class(
        "nyha_class",
        Score,
        &["new york heart association", "nyha"],
    ),
    class(
        "asa_class",
        Score,
        &[
            "american society {of|} {anesthesiologists|anesthesiology|anesthesiologist|anaesthesiologists|anaesthesiology|anaesthetists}",
            "asa",
        ],
    ),
    class(
        "kellgren_lawrence_grade",
        Score,
        &["kellgren {- |and |& }lawrence", "k - l", "kl"],
    ),
    class("fitzpatrick_skin_type", Score, &["fitzpatrick"]),
    class("timi_flow_grade", Score, &["timi"]),
    class("gold_stage", DiseaseStage, &["gold"]),
    class("who_functional_class", Score, &["who functional class", "who fc", "who - fc"]),
    class("ccs_class", Score, &["canadian cardiovascular society", "ccs"]),
    class("rutherford_category", DiseaseStage, &["rutherford"]),
    class("fontaine_stage", DiseaseStage, &["fontaine"]),
    class("killip_class", Score, &["killip"]),
    class("mallampati_class", Score, &["mallampati", "modified mallampati"]),
    class("tanner_stage", DiseaseStage, &["tanner"]),
    class("ctcae_grade", Kind::ToxicityGrade, &["ctcae", "nci - ctcae", "nci ctcae"]),
    class("hoehn_yahr_stage", DiseaseStage, &["hoehn {and|&|-} yahr", "h & y", "h&y"]),
    class("figo_stage", DiseaseStage, &["figo"]),
    class("ann_arbor_stage", DiseaseStage, &["ann arbor"]),
    class("barcelona_stage", DiseaseStage, &["bclc"]),
    class("iss_stage", DiseaseStage, &["iss", "r - iss"]),
    class("binet_stage", DiseaseStage, &["binet"]),
    class("rai_stage", DiseaseStage, &["rai"]),
    class("ajcc_stage", DiseaseStage, &["ajcc"]),
    class("lugano_stage", DiseaseStage, &["lugano"]),
    class("ceap_class", DiseaseStage, &["ceap"]),
    class("gina_step", Score, &["gina"]),
    class("kdigo_stage", DiseaseStage, &["kdigo"]),
    class("bethesda_category", DiseaseStage, &["bethesda"]),
    class("birads", Score, &["bi - rads", "birads"]),
    class("pirads", Score, &["pi - rads", "pirads"]),
];

/// Words that name a class, grade or stage before its numerals; the id and kind a bare one
/// gets ("grade 2 or higher", "stage III-IV").
pub const GRADE_WORDS: &[(&str, &str, Kind)] = &[
    ("grade", "grade", Kind::ToxicityGrade),
    ("grades", "grade", Kind::ToxicityGrade),
    ("stage", "stage", DiseaseStage),
    ("stages", "stage", DiseaseStage),
];

/// Words near a bare grade that make it a disease's (histological) grade, not a toxicity
/// grade ("follicular lymphoma grade 1-3a").
pub const DISEASE_GRADE_WORDS: &[&str] = &[
    "lymphoma",
    "glioma",
    "tumor",
    "tumour",
    "carcinoma",
    "histologic",
    "histological",
    "differentiated",
    "cin",
    "dysplasia",
    "astrocytoma",
    "meningioma",
    "sarcoma",
    "neoplasm",
    "who",
    "gleason",
    "isup",
    "fuhrman",
    "nottingham",
    "varices",
    "reflux",
    "esophagitis",
    "hemorrhoids",
    "spondylolisthesis",
    "hydronephrosis",
    "ivh",
    "hemorrhage",
    "haemorrhage",
    "obesity",
    "hypertension",
];

/// Words that may stand between a class scale's name and its numerals ("NYHA functional
/// class III", "ASA physical status II", "CTCAE v5.0 grade ≥ 2", "Kellgren-Lawrence score").
pub const CLASS_FILLERS: &[&str] = &[
    "functional",
    "physical",
    "status",
    "class",
    "classes",
    "classification",
    "category",
    "categories",
    "score",
    "grade",
    "grades",
    "stage",
    "stages",
    "state",
    "skin",
    "phototype",
    "type",
    "types",
    "heart",
    "failure",
    "of",
    "risk",
    "level",
    "scale",
    "system",
    "health",
    "v",
    "version",
    ":",
];

/// The words "class" ("Functional Class II and III by the New York Heart Association"); also
/// flagged [`CLASS`](super::Flags::CLASS) for the prefilter.
pub const CLASS_WORDS: &[&str] = &["class", "classes"];

/// A word before "class" that belongs to the item ("Functional Class II").
pub const CLASS_QUALIFIERS: &[&str] = &["functional"];

/// Fillers and openers that say a lone "I" after a scale's name is its numeral ("ASA class
/// I"), not a pronoun.
pub const SAYS_CLASS: &[&str] = &["class", "classes", "classification"];

/// Numerals that are also pronouns ("Since ASA I have had no pain"): one alone needs
/// something that marks it a numeral.
pub const PRONOUN_NUMERALS: &[&str] = &["i"];

/// Words for a version between a scale and its grade, before its number ("CTCAE version
/// 5", "v 4.0"); "v4" glued is read by its shape.
pub const VERSION_WORDS: &[&str] = &["version", "v"];

/// Words right before the numerals that open them ("class III", "grade ≥ 2").
pub const NUMERAL_OPENERS: &[&str] = &[
    "class", "classes", "grade", "stage", "status", "category", "step", "level",
];

/// Words that join numerals into a list or range ("II-IV", "4 or 5", "III and IV").
pub const NUMERAL_JOINS: &[&str] = &[
    "-", "to", "or", "and", "/", ",", "&", "e", "y", "et", "through", "and / or", "or / and",
];

/// Comparators written after numerals ("grade 3 or higher", "class II or worse").
pub const NUMERAL_AFTER: &[(&str, Comparator)] = &[
    (
        "{or|and} {higher|greater|more|above|worse|over}",
        Comparator::Ge,
    ),
    ("{or|and} {less|lower|below|better|under}", Comparator::Le),
];

/// Stage-code letters ("T2", "N0", "M1a", "F3", "E1") → id; read only where the clause
/// speaks of stages, classification or fibrosis ([`STAGE_CONTEXT`]).
pub const STAGE_CODES: &[(char, &str)] = &[
    ('T', "tumor_stage"),
    ('N', "node_stage"),
    ('M', "metastasis_stage"),
    ('F', "fibrosis_stage"),
    ('E', "montreal_extent"),
];

/// Words in the clause before stage codes that say they are stage codes.
pub const STAGE_CONTEXT: &[&str] = &[
    "stage",
    "stages",
    "staging",
    "staged",
    "classification",
    "fibrosis",
    "metavir",
    "tnm",
    "index",
    "score",
    "ajcc",
    "montreal",
];
