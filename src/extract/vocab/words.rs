//! Function words: what may stand between a measurement and its value, what ends a
//! measurement phrase, what makes a number a label or a count, and the words of ages.

/// Look-alike characters → the one the tables spell. Full-width forms, mathematical
/// variants and the modifier letters some encodings use for `<` and `>`.
pub const SYMBOL_FOLDS: &[(&str, char)] = &[
    ("＞˃›", '>'),
    ("＜˂‹", '<'),
    ("＝", '='),
    ("⩾≧⪖", '≥'),
    ("⩽≦⪕", '≤'),
    ("⁄∕／", '/'),
    ("－–—−‐‑‒", '-'),
    ("～∼〜", '~'),
    ("％", '%'),
    ("＋", '+'),
    ("（", '('),
    ("）", ')'),
    ("［", '['),
    ("］", ']'),
    ("：", ':'),
    ("；", ';'),
    ("，、", ','),
    ("。", '.'),
    ("’‘`´", '\''),
    ("ºº˚", '°'),
    ("✕✖⨯", '×'),
];

/// Function words dropped between a measurement and its value ("life expectancy *of* at
/// least", "ALT and AST *both* < 3× ULN").
pub const FILLERS: &[&str] = &[
    "of",
    "is",
    "are",
    "be",
    "been",
    "being",
    "must",
    "should",
    "was",
    "were",
    "has",
    "have",
    "had",
    "a",
    "an",
    "the",
    "both",
    "either",
    "all",
    "each",
    "to",
    "remains",
    "that",
    "elevated",
    "elevation",
    "elevations",
    "increased",
    "raised",
    "decreased",
    "reduced",
    "by",
];

/// Words a measurement phrase never reaches across.
pub const STOP_WORDS: &[&str] = &[
    "and",
    "or",
    "with",
    "without",
    "if",
    "in",
    "on",
    "at",
    "by",
    "for",
    "as",
    "than",
    "who",
    "that",
    "which",
    "where",
    "when",
    "while",
    "but",
    "not",
    "no",
    "including",
    "include",
    "includes",
    "defined",
    "patients",
    "patient",
    "subjects",
    "participants",
    "either",
    "both",
    "any",
    "following",
    "has",
    "have",
    "had",
    "is",
    "are",
    "was",
    "were",
    "be",
    "must",
    "should",
    "will",
    "due",
    "such",
    "unless",
    "except",
    "versus",
    "vs",
    "per",
    "whose",
    "after",
    "before",
    "during",
    "within",
    "from",
    "to",
    "requiring",
    "require",
    "shows",
    "show",
    "showing",
    "confirms",
    "of",
    "old",
];

/// Abbreviations with inner dots that a measurement phrase never reaches across ("e.g.").
pub const STOP_ABBREVIATIONS: &[&str] = &["e . g .", "i . e .", "e . g", "i . e"];

/// Words that may follow a bare threshold; any other word means the number counts things
/// ("more than 2 prior regimens").
pub const FOLLOWERS: &[&str] = &[
    "and",
    "or",
    "in",
    "on",
    "at",
    "for",
    "unless",
    "except",
    "if",
    "with",
    "without",
    "as",
    "by",
    "from",
    "during",
    "when",
    "while",
    "but",
    "nor",
    "measured",
    "despite",
    "after",
    "before",
    "within",
    "is",
    "are",
    "was",
    "were",
    "should",
    "must",
    "determined",
    "calculated",
    "confirmed",
    "assessed",
    "documented",
    "obtained",
    "using",
    "via",
    "according",
    "based",
];

/// Words that make the number after them a label, not a value ("Day 7-13", "group 1~5",
/// "n=12" for a sample size).
pub const LABEL_WORDS: &[&str] = &[
    "day",
    "days",
    "week",
    "visit",
    "group",
    "groups",
    "cohort",
    "arm",
    "part",
    "phase",
    "step",
    "cycle",
    "n",
    "table",
    "figure",
    "version",
    "scale",
    "appendix",
    "section",
    "criterion",
    "item",
    "question",
    "questions",
    "protocol",
    "amendment",
    "module",
    "chromosome",
    "trisomy",
    "exon",
    "codon",
    "type",
    "types",
    "factor",
    "tier",
    "line",
    "dose",
    "no",
    "number",
    "period",
];

/// Words a value may be typed against without a space ("status0-2", "Age18-65").
pub const GLUED_WORDS: &[&str] = &[
    "age",
    "aged",
    "status",
    "score",
    "grade",
    "stage",
    "class",
    "ecog",
    "kps",
    "karnofsky",
];

/// Words after a number that make it a count of list items ("2 of the following").
pub const LIST_COUNT: &[&str] = &[
    "of {the|} {following|these|those|which|them|above|below}",
    "criteria",
    "of {the|} {criteria|conditions|symptoms|features|signs|items}",
    "or more of {the|}",
];

/// Words that make a measurement phrase a version or a count of what was received, never a
/// limit on the participant ("iOS version 10 and above", "received more than 30%").
pub const NOT_MEASUREMENTS: &[&str] = &[
    "version",
    "versions",
    "release",
    "edition",
    "revision",
    "received",
    "receive",
    "receiving",
    "taken",
    "completed",
    "missed",
    "given",
    "administered",
    "reference",
    "references",
];

/// Clauses that state a reference range, not a limit ("normal range 4.3-9.9").
pub const REFERENCE_RANGE: &[&str] = &[
    "dynamic range",
    "linear range",
    "measuring range",
    "reportable range",
    "normal",
    "normal range",
    "reference range",
    "reference interval",
    "normal values",
    "normal value",
    "reference values",
    "normal limits",
];

/// Words only separating the members of a list of measurements ("ALT and AST", "AST
/// (SGOT) / ALT").
pub const LIST_SEPARATORS: &[&str] = &["and", "or", "serum", "both", "either", ",", "/", "&"];

/// "age", "aged": a value after them is an age.
pub const AGE_WORDS: &[&str] = &["age", "ages", "aged"];

/// Words before "age" that make it some other age ("gestational age", "bone age").
pub const NOT_AGE: &[&str] = &[
    "gestational",
    "corrected",
    "bone",
    "post - menstrual",
    "postmenstrual",
    "post - conceptional",
    "postconceptional",
    "mental",
    "skeletal",
    "reading",
    "developmental",
    "fetal",
    "gestation",
    "menstrual",
    "vascular",
    "biological",
    "child - bearing",
    "childbearing",
    "reproductive",
];

/// Words after a value (and its unit) that make it an age: "18 years of age", "65 years
/// old", "18 y/o", "20-70 age", "10- to 13-year-olds".
pub const AGE_AFTER: &[&str] = &[
    "{- |}{old|olds}",
    "{of|} age",
    "of the age",
    "{y|yr|yrs|years|year} {/ o|. o .|. o|o|old|olds|- old|- olds}",
    "yo",
    "{years|year|yrs|yr} {- |}{old|olds}",
    "{years|year|yrs} of age",
    "{years|year|yrs} {at|on} {the time of|} {screening|enrollment|enrolment|inclusion|consent|signing}",
];

/// Comparators after an age ("18 years of age or older").
pub const AGE_AFTER_COMPARATORS: &[(&str, crate::record::Comparator)] = &[
    (
        "{or|and} {older|over|above|more|greater}",
        crate::record::Comparator::Ge,
    ),
    (
        "{or|and} {younger|under|below|less}",
        crate::record::Comparator::Le,
    ),
];

/// People: a number of years right after them is an age ("women 18-89 years").
pub const PERSONS: &[&str] = &[
    "men",
    "women",
    "male",
    "males",
    "female",
    "females",
    "patient",
    "patients",
    "subject",
    "subjects",
    "adult",
    "adults",
    "children",
    "child",
    "volunteer",
    "volunteers",
    "participant",
    "participants",
    "individual",
    "individuals",
    "person",
    "persons",
    "people",
    "infant",
    "infants",
    "neonate",
    "neonates",
    "newborn",
    "newborns",
    "boy",
    "boys",
    "girl",
    "girls",
    "adolescent",
    "adolescents",
    "outpatients",
    "inpatients",
    "population",
    "man",
    "woman",
    "teenagers",
    "youth",
    "elderly",
    "donors",
    "donor",
    "pediatric",
    "paediatric",
];

/// Words right after a length of time that make it a time window, not an age ("2 years
/// after diagnosis", "5 years of follow-up").
pub const TIME_AFTER: &[&str] = &[
    "after",
    "since",
    "before",
    "prior",
    "ago",
    "following",
    "from",
    "post",
    "duration",
    "history",
    "of {follow|treatment|therapy|disease|diabetes|experience|smoking|use|exposure|illness|symptoms|remission|abstinence|sobriety|employment|residence|marriage|infertility|amenorrhea|amenorrhoea|education|schooling|stable|stability|continuous}",
    "previously",
    "earlier",
    "later",
    "beyond",
    "in duration",
    "duration of",
];

/// Words just before a duration that make it a time window, not a measurement.
pub const TIME_WINDOW_WORDS: &[&str] = &[
    "for", "within", "during", "in", "past", "last", "prior", "previous", "before", "after",
    "since", "from", "of", "every", "per", "least", "period", "than", "next", "first",
];

/// Words before a comparator and a length of time that make it a window ("within 7 days",
/// "for at least 3 months", "in the past 2 years"), for measurements other than of time.
pub const WINDOW_OPENERS: &[&str] = &[
    "for", "within", "during", "in", "past", "last", "since", "after", "before", "prior",
    "previous", "next", "first", "every", "over",
];

/// Comparators written before "age": "up to the age of 35", "under the age of 18".
pub const AGE_COMPARATOR_WORDS: &[(&str, crate::record::Comparator)] =
    &[("{before|prior to}", crate::record::Comparator::Lt)];

/// Words before an ordinal and "birthday" that bound the age ("before the 12th birthday").
pub const BIRTHDAY_BEFORE: &[(&str, crate::record::Comparator)] = &[
    (
        "{before|prior to|until|up to} {the|his|her|their|}",
        crate::record::Comparator::Lt,
    ),
    (
        "{after|since|from|on or after|beyond|past} {the|his|her|their|}",
        crate::record::Comparator::Ge,
    ),
    (
        "{by|on or before} {the|his|her|their|}",
        crate::record::Comparator::Le,
    ),
];

/// The word after the ordinal.
pub const BIRTHDAY: &[&str] = &["birthday", "birthdays", "year of life"];

/// Words that join two values, two scale names sharing one value or two variants ("<30 or
/// >69 years", "0, 1 or 2", "Lansky or Karnofsky", "T790M and C797S").
pub const CONJUNCTIONS: &[&str] = &["and", "or"];

/// The letter of a code point glued before "+" and its number ("<U+2265>"); only the ASCII
/// letter counts (a micro sign has the same key).
pub const CODE_POINT_PREFIX: &[&str] = &["u"];

/// Words before a number with a decimal comma that open a range, so "and" after it joins
/// its bounds ("between 18,5 and 30") and does not list scores ("0,1 or 2").
pub const DECIMAL_RANGE_OPENERS: &[&str] = &["between", "from"];

/// Words after "patients under 18" that end what is said about the number, so the person
/// before it makes it an age.
pub const AGE_CLAUSE_ENDS: &[&str] = &["and", "or", "who", "with", "at", "of"];

/// Words in a value that make it an age ("18 years or older", "65 and younger").
pub const AGE_COMPARISON_WORDS: &[&str] = &["older", "younger"];

/// The only words between an age word and its value ("age of 35").
pub const AGE_OF: &[&str] = &["of"];

/// The article before an age word that a comparator may reach across ("under the age of
/// 18").
pub const AGE_ARTICLES: &[&str] = &["the"];

/// A clause's first word that makes its range a reference range ("Normal homocysteine
/// levels are 4.3-9.9 µmol/L").
pub const REFERENCE_OPENERS: &[&str] = &["normal"];

/// Words after a length that make it a place, not a measurement ("within 10 cm from the
/// anal verge").
pub const PLACE_AFTER_LENGTH: &[&str] = &["from"];

/// Words in a measurement that make a value scored against a top ("22/30") a score.
pub const SCORE_WORDS: &[&str] = &[
    "score",
    "scores",
    "scored",
    "subscore",
    "subscores",
    "scale",
    "scales",
    "scaled",
    "subscale",
    "subscales",
];

/// Words in an unknown measurement that make it a score ("Montreal Cognitive Assessment
/// score", "Beck Depression Inventory", "visual analogue scale"): [`SCORE_WORDS`] and these.
pub const SCORE_KIND_WORDS: &[&str] = &[
    "index",
    "indexes",
    "indexed",
    "questionnaire",
    "questionnaires",
    "inventory",
    "points",
];
