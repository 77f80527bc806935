//! Every vocabulary the extractors know, as data: adding a word is adding one line.
//!
//! Matching is case-insensitive unless a table says otherwise. Multi-word entries match with
//! any run of spaces between words.

/// Comparator phrases written before a number → comparator. Longest phrases win.
pub const COMPARATORS_BEFORE: &[(&str, &str)] = &[
    ("≥", ">="),
    (">=", ">="),
    ("=>", ">="),
    ("≧", ">="),
    ("⩾", ">="),
    ("> =", ">="),
    (">/=", ">="),
    ("> /=", ">="),
    (">or=", ">="),
    ("> or =", ">="),
    ("> or equal to", ">="),
    ("＞=", ">="),
    ("<U+2265>", ">="),
    ("<U+2267>", ">="),
    ("above or equal to", ">="),
    ("superior or equal to", ">="),
    ("equal or above", ">="),
    ("equal to or above", ">="),
    ("＞", ">"),
    ("≥=", ">="),
    ("greater than or equal to", ">="),
    ("greater than or equal", ">="),
    ("greater or equal to", ">="),
    ("greater than or equals", ">="),
    ("more than or equal to", ">="),
    ("more or equal to", ">="),
    ("higher than or equal to", ">="),
    ("equal to or greater than", ">="),
    ("equal to or more than", ">="),
    ("equal or greater than", ">="),
    ("equal to or higher than", ">="),
    ("at least", ">="),
    ("no less than", ">="),
    ("not less than", ">="),
    ("no lower than", ">="),
    ("not lower than", ">="),
    ("a minimum of", ">="),
    ("minimum of", ">="),
    ("minimum", ">="),
    ("≤", "<="),
    ("<=", "<="),
    ("=<", "<="),
    ("≦", "<="),
    ("⩽", "<="),
    ("< =", "<="),
    ("</=", "<="),
    ("< /=", "<="),
    ("<or=", "<="),
    ("< or =", "<="),
    ("< or equal to", "<="),
    ("＜=", "<="),
    ("<U+2264>", "<="),
    ("<U+2266>", "<="),
    ("below or equal to", "<="),
    ("inferior or equal to", "<="),
    ("lower or equal to", "<="),
    ("equal or below", "<="),
    ("equal to or below", "<="),
    ("＜", "<"),
    ("within", "<="),
    ("do not exceed", "<="),
    ("not exceed", "<="),
    ("less than or equal to", "<="),
    ("less than or equal", "<="),
    ("less or equal to", "<="),
    ("lower than or equal to", "<="),
    ("equal to or less than", "<="),
    ("equal or less than", "<="),
    ("equal to or lower than", "<="),
    ("at most", "<="),
    ("no more than", "<="),
    ("not more than", "<="),
    ("no greater than", "<="),
    ("not greater than", "<="),
    ("no higher than", "<="),
    ("not higher than", "<="),
    ("not exceeding", "<="),
    ("not to exceed", "<="),
    ("does not exceed", "<="),
    ("a maximum of", "<="),
    ("maximum of", "<="),
    ("maximum", "<="),
    ("up to", "<="),
    (">", ">"),
    ("greater than", ">"),
    ("more than", ">"),
    ("higher than", ">"),
    ("larger than", ">"),
    ("above", ">"),
    ("over", ">"),
    ("exceeding", ">"),
    ("exceeds", ">"),
    ("exceed", ">"),
    ("in excess of", ">"),
    ("older than", ">"),
    ("superior to", ">"),
    ("<", "<"),
    ("less than", "<"),
    ("lower than", "<"),
    ("fewer than", "<"),
    ("smaller than", "<"),
    ("below", "<"),
    ("under", "<"),
    ("inferior to", "<"),
    ("younger than", "<"),
    ("=", "="),
    ("equal to", "="),
    ("equals", "="),
];

/// Comparator phrases written after a number (and its unit) → comparator.
pub const COMPARATORS_AFTER: &[(&str, &str)] = &[
    ("or more", ">="),
    ("or greater", ">="),
    ("or higher", ">="),
    ("or above", ">="),
    ("and above", ">="),
    ("or over", ">="),
    ("and over", ">="),
    ("or older", ">="),
    ("and older", ">="),
    ("or worse", ">="),
    ("and up", ">="),
    ("or less", "<="),
    ("or lower", "<="),
    ("or below", "<="),
    ("and below", "<="),
    ("and under", "<="),
    ("or fewer", "<="),
    ("or younger", "<="),
    ("and younger", "<="),
    ("or better", "<="),
];

/// What a unit says about the number before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
    /// A measurement unit: the number is a threshold when a comparator or analyte says so.
    Measure,
    /// A multiple of the upper limit of normal.
    Uln,
    /// A length of time: a threshold only for measurements of time (life expectancy).
    Duration,
    /// A dose: never a threshold on its own.
    Dose,
    /// A count of events or treatments ("2 cycles"): never a threshold.
    Count,
}

/// Unit spellings (regex fragments, case-insensitive) → normalised unit and kind.
/// Order matters: the first fragment that matches wins, so longer spellings come first.
pub const UNITS: &[(&str, &str, UnitKind)] = &[
    (
        r"(?:cells\s*|cels\s*)?(?:/|per\s*)\s*(?:µl|μl|ul|mcl|microl(?:iter|itre)?|mm3|mm³|mm\^3|cumm|cmm|cubic\s+mm)\b",
        "/uL",
        UnitKind::Measure,
    ),
    (
        r"(?:cells\s*)?(?:/|per\s*)\s*(?:µl|μl|ul|mcl|mm3|mm³)",
        "/uL",
        UnitKind::Measure,
    ),
    (r"cells\s*/\s*l\b", "/L", UnitKind::Measure),
    (
        r"ml\s*/\s*min(?:ute)?\s*/\s*1[.,]73\s*m\s*(?:2|²|\^2)",
        "mL/min/1.73m2",
        UnitKind::Measure,
    ),
    (
        r"(?:ml|cc)\s*(?:/|per\s+)\s*(?:min(?:ute)?|mn)\b",
        "mL/min",
        UnitKind::Measure,
    ),
    (
        r"ml\s*(?:/|per\s+)\s*h(?:our|r)?\b",
        "mL/h",
        UnitKind::Measure,
    ),
    (
        r"min(?:utes?)?\s*(?:/|per\s+|a\s+)\s*(?:wk|week)\b",
        "min/week",
        UnitKind::Measure,
    ),
    (r"ml\s*/\s*s\b", "mL/s", UnitKind::Measure),
    (
        r"mg\s*/\s*(?:kg|m2|m²)\s*/\s*(?:d|day|dose)\b",
        "mg/kg/day",
        UnitKind::Dose,
    ),
    (r"mg\s*/\s*(?:kg|m2|m²)\b", "mg/kg", UnitKind::Dose),
    (
        r"(?:mg|mcg|µg|μg|ug|g|iu|units?)\s*/\s*(?:d|day|week|wk|dose)\b",
        "dose/day",
        UnitKind::Dose,
    ),
    (
        r"(?:mg|mcg|µg|μg|ug)\s+(?:daily|per\s+day|a\s+day)\b",
        "dose/day",
        UnitKind::Dose,
    ),
    (r"mg\s*/\s*d[il]\b", "mg/dL", UnitKind::Measure),
    (r"gm?\s*/\s*d[il]\b", "g/dL", UnitKind::Measure),
    (r"mg\s*/\s*l\b", "mg/L", UnitKind::Measure),
    (r"mg\s*/\s*g\b", "mg/g", UnitKind::Measure),
    (r"mg\s*/\s*mmol\b", "mg/mmol", UnitKind::Measure),
    (
        r"mg\s*/\s*24\s*h(?:ours?|rs?)?\b",
        "mg/24h",
        UnitKind::Measure,
    ),
    (
        r"g\s*/\s*24\s*h(?:ours?|rs?)?\b",
        "g/24h",
        UnitKind::Measure,
    ),
    (r"gm?\s*/\s*l\b", "g/L", UnitKind::Measure),
    (
        r"(?:µmol|μmol|umol|micromol|micromoles)\s*/\s*l\b",
        "umol/L",
        UnitKind::Measure,
    ),
    (r"mmol\s*/\s*mol\b", "mmol/mol", UnitKind::Measure),
    (r"mmol\s*/\s*l\b", "mmol/L", UnitKind::Measure),
    (r"nmol\s*/\s*l\b", "nmol/L", UnitKind::Measure),
    (r"pmol\s*/\s*l\b", "pmol/L", UnitKind::Measure),
    (r"meq\s*/\s*l\b", "mEq/L", UnitKind::Measure),
    (r"ng\s*/\s*ml\b", "ng/mL", UnitKind::Measure),
    (r"ng\s*/\s*dl\b", "ng/dL", UnitKind::Measure),
    (r"pg\s*/\s*ml\b", "pg/mL", UnitKind::Measure),
    (r"(?:µg|μg|ug|mcg)\s*/\s*l\b", "ug/L", UnitKind::Measure),
    (r"(?:µg|μg|ug|mcg)\s*/\s*dl\b", "ug/dL", UnitKind::Measure),
    (r"m(?:iu|ui|u)\s*/\s*ml\b", "mIU/mL", UnitKind::Measure),
    (r"(?:iu|ui|u)\s*/\s*ml\b", "IU/mL", UnitKind::Measure),
    (r"(?:iu|u)\s*/\s*l\b", "U/L", UnitKind::Measure),
    (r"copies\s*/\s*ml\b", "copies/mL", UnitKind::Measure),
    (r"mm\s*hg\b", "mmHg", UnitKind::Measure),
    (r"cm\s*h2o\b", "cmH2O", UnitKind::Measure),
    (r"kg\s*/\s*m\s*(?:2|²|\^2)", "kg/m2", UnitKind::Measure),
    (r"kgs?\b", "kg", UnitKind::Measure),
    (r"lbs?\b|pounds?\b", "lb", UnitKind::Measure),
    (r"(?:sq\s*cm|cm2|cm²)", "cm2", UnitKind::Measure),
    (r"(?:sq\s*mm|mm2|mm²)", "mm2", UnitKind::Measure),
    (r"cm\b", "cm", UnitKind::Measure),
    (r"mm\b", "mm", UnitKind::Measure),
    (r"m\b", "m", UnitKind::Measure),
    (
        r"bpm\b|beats\s*(?:/|per)\s*min(?:ute)?\b",
        "bpm",
        UnitKind::Measure,
    ),
    (r"/\s*min\b", "/min", UnitKind::Measure),
    (r"ms(?:ec)?\b|milliseconds?\b", "ms", UnitKind::Measure),
    (r"sec(?:onds?)?\b|s\b", "s", UnitKind::Measure),
    (r"points?\b", "points", UnitKind::Measure),
    (r"letters\b", "letters", UnitKind::Measure),
    (
        r"breaths\s*(?:/|per)\s*min(?:ute)?\b",
        "/min",
        UnitKind::Measure,
    ),
    (r"ohms?\b", "ohm", UnitKind::Measure),
    (r"deci\s*bels?\b|db\b", "dB", UnitKind::Measure),
    (r"wood\s+units?\b", "WU", UnitKind::Measure),
    (r"mfi\b", "MFI", UnitKind::Measure),
    (r"kpa\b|kilo\s*pascals?\b", "kPa", UnitKind::Measure),
    (
        r"(?:µm|μm|um|microns?|micrometers?)\b",
        "um",
        UnitKind::Measure,
    ),
    (r"cc\b", "mL", UnitKind::Measure),
    (
        r"°\s*c\b|degrees?\s+c(?:elsius)?\b",
        "°C",
        UnitKind::Measure,
    ),
    (
        r"°\s*f\b|degrees?\s+f(?:ahrenheit)?\b",
        "°F",
        UnitKind::Measure,
    ),
    (r"degrees?\b|°", "degrees", UnitKind::Measure),
    (r"%|percent\b|per\s+cent\b", "%", UnitKind::Measure),
    (r"ml\b", "mL", UnitKind::Measure),
    (r"l\b", "L", UnitKind::Measure),
    (
        r"(?:mg|mcg|µg|μg|ug|grams?|g|iu|units?|tablets?|pills?|puffs?)\b",
        "dose",
        UnitKind::Dose,
    ),
    (
        r"(?:cycles?|courses?|lines?|regimens?|doses?|episodes?|attacks?|times|occasions|visits|sessions|injections|fractions|cigarettes|drinks|packs?)\b",
        "count",
        UnitKind::Count,
    ),
];

/// Spellings of the upper limit of normal after a multiple ("2× ULN", "3 times the upper
/// limit of normality"). One regex fragment, case-insensitive.
pub const ULN: &str = r"(?:(?:[x×*]|-?\s*times|-?\s*fold)?\s*(?:of\s+)?(?:the\s+)?(?:local\s+|institutional\s+|laboratory\s+|normal\s+)?(?:uln|unl|upper\s+limits?\s+(?:of\s+)?(?:the\s+)?(?:normal|norm)(?:ity)?(?:\s+(?:range|values?))?|normal\s+upper\s+limits?|upper\s+normal\s+limits?|upper\s+normal\s+values?|upper\s+limit|x\s*n\b)|(?:[x×*]|-?\s*times|-?\s*fold)\s*(?:the\s+)?normal(?:\s+(?:range|values?|limits?))?\b|(?:the\s+)?normal\s+(?:range|values?|limits?)\b)";

/// Number words (a number written as a word is read only before a unit).
pub const NUMBER_WORDS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("eighteen", 18.0),
    ("twenty", 20.0),
    ("twice", 2.0),
    ("thrice", 3.0),
];

/// Measurement words → canonical analyte id. Aliases are matched as whole words.
pub const ANALYTES: &[(&str, &str)] = &[
    ("absolute neutrophil count", "absolute_neutrophil_count"),
    ("absolute neutrophils", "absolute_neutrophil_count"),
    ("neutrophil count", "absolute_neutrophil_count"),
    ("neutrophils", "absolute_neutrophil_count"),
    ("neutrophil", "absolute_neutrophil_count"),
    ("granulocytes", "absolute_neutrophil_count"),
    ("granulocyte count", "absolute_neutrophil_count"),
    ("anc", "absolute_neutrophil_count"),
    ("platelet count", "platelet_count"),
    ("platelets", "platelet_count"),
    ("platelet", "platelet_count"),
    ("plt", "platelet_count"),
    ("thrombocytes", "platelet_count"),
    ("hemoglobin a1c", "hba1c"),
    ("haemoglobin a1c", "hba1c"),
    ("glycated hemoglobin", "hba1c"),
    ("glycosylated hemoglobin", "hba1c"),
    ("hba1c", "hba1c"),
    ("hgba1c", "hba1c"),
    ("a1c", "hba1c"),
    ("hemoglobin", "hemoglobin"),
    ("haemoglobin", "hemoglobin"),
    ("hgb", "hemoglobin"),
    ("hb", "hemoglobin"),
    ("white blood cell count", "white_blood_cell_count"),
    ("white blood cells", "white_blood_cell_count"),
    ("white blood cell", "white_blood_cell_count"),
    ("white cell count", "white_blood_cell_count"),
    ("leukocyte count", "white_blood_cell_count"),
    ("leukocytes", "white_blood_cell_count"),
    ("wbc", "white_blood_cell_count"),
    ("absolute lymphocyte count", "absolute_lymphocyte_count"),
    ("lymphocyte count", "absolute_lymphocyte_count"),
    ("lymphocytes", "absolute_lymphocyte_count"),
    ("alc", "absolute_lymphocyte_count"),
    ("total bilirubin", "total_bilirubin"),
    ("serum bilirubin", "total_bilirubin"),
    ("bilirubin", "total_bilirubin"),
    ("direct bilirubin", "direct_bilirubin"),
    ("conjugated bilirubin", "direct_bilirubin"),
    ("alanine aminotransferase", "alt"),
    ("alanine transaminase", "alt"),
    ("serum glutamate pyruvate transaminase", "alt"),
    ("serum glutamic pyruvic transaminase", "alt"),
    ("sgpt", "alt"),
    ("alat", "alt"),
    ("alt", "alt"),
    ("aspartate aminotransferase", "ast"),
    ("aspartate transaminase", "ast"),
    ("serum glutamic oxaloacetic transaminase", "ast"),
    ("sgot", "ast"),
    ("asat", "ast"),
    ("ast", "ast"),
    ("transaminases", "transaminases"),
    ("aminotransferases", "transaminases"),
    ("liver enzymes", "transaminases"),
    ("alkaline phosphatase", "alkaline_phosphatase"),
    ("alk phos", "alkaline_phosphatase"),
    ("alp", "alkaline_phosphatase"),
    ("creatinine clearance", "creatinine_clearance"),
    ("crcl", "creatinine_clearance"),
    ("clcr", "creatinine_clearance"),
    ("cockcroft-gault", "creatinine_clearance"),
    ("creatinine", "creatinine"),
    ("glomerular filtration rate", "gfr"),
    ("egfr", "gfr"),
    ("gfr", "gfr"),
    ("international normalized ratio", "inr"),
    ("international normalised ratio", "inr"),
    ("inr", "inr"),
    ("prothrombin time", "prothrombin_time"),
    ("pt", "prothrombin_time"),
    ("activated partial thromboplastin time", "aptt"),
    ("partial thromboplastin time", "aptt"),
    ("aptt", "aptt"),
    ("ptt", "aptt"),
    ("albumin", "albumin"),
    ("left ventricular ejection fraction", "lvef"),
    ("ejection fraction", "lvef"),
    ("lvef", "lvef"),
    ("lvsf", "lvsf"),
    ("shortening fraction", "lvsf"),
    ("fractional shortening", "lvsf"),
    ("qtcf", "qtc"),
    ("qtc", "qtc"),
    ("qt interval", "qtc"),
    ("oxygen saturation", "spo2"),
    ("spo2", "spo2"),
    ("sao2", "spo2"),
    ("bone marrow blasts", "bone_marrow_blasts"),
    ("marrow blasts", "bone_marrow_blasts"),
    ("blasts", "bone_marrow_blasts"),
    ("fasting plasma glucose", "glucose"),
    ("fasting glucose", "glucose"),
    ("blood glucose", "glucose"),
    ("glucose", "glucose"),
    ("fpg", "glucose"),
    ("body mass index", "bmi"),
    ("bmi", "bmi"),
    ("systolic blood pressure", "systolic_bp"),
    ("systolic pressure", "systolic_bp"),
    ("systolic bp", "systolic_bp"),
    ("systolic", "systolic_bp"),
    ("sbp", "systolic_bp"),
    ("diastolic blood pressure", "diastolic_bp"),
    ("diastolic pressure", "diastolic_bp"),
    ("diastolic bp", "diastolic_bp"),
    ("diastolic", "diastolic_bp"),
    ("dbp", "diastolic_bp"),
    ("blood pressure", "blood_pressure"),
    ("bp", "blood_pressure"),
    ("prostate specific antigen", "psa"),
    ("prostate-specific antigen", "psa"),
    ("psa", "psa"),
    ("cd4 count", "cd4_count"),
    ("cd4+ count", "cd4_count"),
    ("cd4 cell count", "cd4_count"),
    ("cd4+ t-cell count", "cd4_count"),
    ("cd4", "cd4_count"),
    ("life expectancy", "life_expectancy"),
    ("expected survival", "life_expectancy"),
    ("survival period", "life_expectancy"),
    ("estimated survival", "life_expectancy"),
    ("life-span", "life_expectancy"),
    ("lifespan", "life_expectancy"),
    ("expected to live", "life_expectancy"),
    ("prognosis", "life_expectancy"),
    ("weight", "body_weight"),
    ("body weight", "body_weight"),
    ("weighing", "body_weight"),
    ("weighs", "body_weight"),
    ("height", "height"),
    ("heart rate", "heart_rate"),
    ("pulse rate", "heart_rate"),
    ("pulse", "heart_rate"),
    ("potassium", "potassium"),
    ("sodium", "sodium"),
    ("calcium", "calcium"),
    ("magnesium", "magnesium"),
    ("cholesterol", "cholesterol"),
    ("ldl-c", "ldl_cholesterol"),
    ("ldl cholesterol", "ldl_cholesterol"),
    ("ldl", "ldl_cholesterol"),
    ("hdl", "hdl_cholesterol"),
    ("triglycerides", "triglycerides"),
    ("fev1", "fev1"),
    ("tsh", "tsh"),
    ("troponin", "troponin"),
    ("gleason score", "gleason_score"),
    ("gleason", "gleason_score"),
    ("mmse", "mmse"),
    ("mini-mental state examination", "mmse"),
    ("moca", "moca"),
    ("viral load", "viral_load"),
    ("hiv rna", "viral_load"),
    ("hbv dna", "hbv_dna"),
    ("uric acid", "uric_acid"),
    ("urine protein", "proteinuria"),
    ("proteinuria", "proteinuria"),
    ("ferritin", "ferritin"),
    ("temperature", "temperature"),
    ("gestational age", "gestational_age"),
    ("glasgow coma scale", "gcs"),
    ("glasgow coma score", "gcs"),
    ("gcs", "gcs"),
    ("bcva", "bcva"),
    ("best corrected visual acuity", "bcva"),
    ("t-score", "t_score"),
    ("z-score", "z_score"),
    ("weeks of gestation", "gestational_age"),
    ("fsh", "fsh"),
    ("follicle stimulating hormone", "fsh"),
    ("estradiol", "estradiol"),
];

/// Measurement words that make a duration a threshold ("life expectancy > 3 months").
pub const TIME_MEASURES: &[&str] = &[
    "age",
    "gestation",
    "gestational",
    "postnatal",
    "expectancy",
    "survival",
    "life",
    "prognosis",
    "duration",
    "length",
    "interval",
    "span",
    "time",
    "lifespan",
    "life-span",
];

/// Words just before a duration that make it a time window, not a measurement.
pub const TIME_WINDOW_WORDS: &[&str] = &[
    "for", "within", "during", "in", "past", "last", "prior", "previous", "before", "after",
    "since", "from", "of", "every", "per", "least", "period", "than",
];

/// Performance-status scale names → scale; matched as whole words, case-insensitive.
pub const SCALES: &[(&str, &str)] = &[
    ("eastern cooperative oncology group", "ECOG"),
    ("ecog", "ECOG"),
    ("zubrod", "ZUBROD"),
    ("who performance status", "WHO"),
    ("who performance", "WHO"),
    ("world health organization performance", "WHO"),
    ("who ps", "WHO"),
    ("karnofsky", "KARNOFSKY"),
    ("kps", "KARNOFSKY"),
    ("lansky", "LANSKY"),
    ("lps", "LANSKY"),
];

/// Step between a scale's scores, to turn `< 2` into `<= 1` (and `> 50%` into `>= 60`).
pub const SCALE_STEPS: &[(&str, f64)] = &[
    ("ECOG", 1.0),
    ("ZUBROD", 1.0),
    ("WHO", 1.0),
    ("KARNOFSKY", 10.0),
    ("LANSKY", 10.0),
];

/// Class-like scores written with numerals ("NYHA class III", "ASA I-II") → id.
pub const CLASS_SCALES: &[(&str, &str)] = &[
    ("new york heart association", "nyha_class"),
    ("nyha", "nyha_class"),
    ("american society of anesthesiologists", "asa_class"),
    ("american society of anesthesiology", "asa_class"),
    ("american society of anesthesiologist", "asa_class"),
    ("american society of anaesthesiologists", "asa_class"),
    ("american society anesthesiologists", "asa_class"),
    ("kellgren-lawrence", "kellgren_lawrence_grade"),
    ("kellgren and lawrence", "kellgren_lawrence_grade"),
    ("kellgren & lawrence", "kellgren_lawrence_grade"),
    ("fitzpatrick", "fitzpatrick_skin_type"),
    ("timi", "timi_flow_grade"),
    ("gold", "gold_stage"),
    ("asa", "asa_class"),
    ("who functional class", "who_functional_class"),
    ("canadian cardiovascular society", "ccs_class"),
    ("ccs", "ccs_class"),
    ("rutherford", "rutherford_category"),
    ("fontaine", "fontaine_stage"),
    ("killip", "killip_class"),
    ("mallampati", "mallampati_class"),
    ("child-pugh", "child_pugh"),
    ("child pugh", "child_pugh"),
    ("tanner", "tanner_stage"),
    ("ctcae", "ctcae_grade"),
];

/// Words a value may be typed against without a space ("status0-2", "Age18-65").
pub const GLUED_WORDS: &[&str] = &["age", "aged", "status", "score", "grade", "stage", "class"];

/// Words that make the number after them a label, not a value ("Day 7-13", "group 1~5",
/// "n=12" for a sample size).
pub const LABEL_WORDS: &[&str] = &[
    "day", "days", "week", "visit", "group", "groups", "cohort", "arm", "part", "phase", "step",
    "cycle", "n", "table", "figure", "version", "scale",
];

/// Stage-code letters ("T2", "N0", "F3", "E1") → id; read only where the clause speaks of
/// stages, classification or fibrosis.
pub const STAGE_CODES: &[(&str, &str)] = &[
    ("T", "tumor_stage"),
    ("N", "node_stage"),
    ("M", "metastasis_stage"),
    ("F", "fibrosis_stage"),
    ("E", "montreal_extent"),
];

/// Measurement words that describe something other than the participant (a method, a
/// place): their values are not eligibility thresholds.
pub const NOT_PARTICIPANT: &[&str] = &["failure rate", "prevalence", "pearl index", "incidence"];

/// Words before which stage codes are looked for, besides "stage" and "class(ification)";
/// a prefix is enough.
pub const STAGE_HINTS: &[&str] = &["fibrosis", "metavir", "tnm", "index", "score"];

/// One row of the unit conversion table: `to = from × factor + offset`.
pub struct Conversion {
    pub analytes: &'static [&'static str],
    pub from: &'static str,
    pub to: &'static str,
    pub factor: f64,
    pub offset: f64,
}

const CELL_COUNTS: &[&str] = &[
    "platelet_count",
    "absolute_neutrophil_count",
    "white_blood_cell_count",
    "absolute_lymphocyte_count",
];
const BILIRUBINS: &[&str] = &["total_bilirubin", "direct_bilirubin"];
const FILTRATION: &[&str] = &["creatinine_clearance", "gfr"];

const fn conv(
    analytes: &'static [&'static str],
    from: &'static str,
    to: &'static str,
    factor: f64,
) -> Conversion {
    Conversion {
        analytes,
        from,
        to,
        factor,
        offset: 0.0,
    }
}

/// Lab values to each analyte's reference unit. Units are spelled as [`UNITS`] normalises
/// them; a unit already in the reference unit has a factor-1 row.
pub const CONVERSIONS: &[Conversion] = &[
    conv(CELL_COUNTS, "/uL", "10^9/L", 0.001),
    conv(CELL_COUNTS, "10^3/uL", "10^9/L", 1.0),
    conv(CELL_COUNTS, "10^9/L", "10^9/L", 1.0),
    conv(CELL_COUNTS, "10^6/L", "10^9/L", 0.001),
    conv(&["hemoglobin"], "g/dL", "g/dL", 1.0),
    conv(&["hemoglobin"], "g/L", "g/dL", 0.1),
    conv(&["creatinine"], "mg/dL", "umol/L", 88.42),
    conv(&["creatinine"], "umol/L", "umol/L", 1.0),
    conv(BILIRUBINS, "mg/dL", "umol/L", 17.1),
    conv(BILIRUBINS, "umol/L", "umol/L", 1.0),
    conv(&["glucose"], "mg/dL", "mmol/L", 1.0 / 18.016),
    conv(&["glucose"], "mmol/L", "mmol/L", 1.0),
    conv(&["albumin"], "g/dL", "g/dL", 1.0),
    conv(&["albumin"], "g/L", "g/dL", 0.1),
    conv(FILTRATION, "mL/min", "mL/min", 1.0),
    conv(FILTRATION, "mL/min/1.73m2", "mL/min/1.73m2", 1.0),
    conv(&["hba1c"], "%", "%", 1.0),
    // IFCC (mmol/mol) to NGSP (%): NGSP = 0.09148 × IFCC + 2.152.
    Conversion {
        analytes: &["hba1c"],
        from: "mmol/mol",
        to: "%",
        factor: 0.09148,
        offset: 2.152,
    },
];

/// Roman numerals that name classes and grades.
pub const ROMAN: &[(&str, f64)] = &[
    ("i", 1.0),
    ("ii", 2.0),
    ("iii", 3.0),
    ("iv", 4.0),
    ("v", 5.0),
    ("vi", 6.0),
];

/// Gene names as written → gene symbol. Case-sensitive (so "eGFR", the kidney test, is not EGFR).
pub const GENES: &[(&str, &str)] = &[
    ("BCR-ABL1", "ABL1"),
    ("BCR-ABL", "ABL1"),
    ("BCR/ABL", "ABL1"),
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

/// Words that make a protein-change-looking token a mutation even without a gene name.
pub const MUTATION_WORDS: &[&str] = &[
    "mutation",
    "mutations",
    "mutant",
    "variant",
    "variants",
    "substitution",
];

/// Lazy-DFA cache per pattern and thread. The default (several MB) fills slowly over a whole
/// registry, so peak memory would creep up with corpus size; a small cache reaches its
/// ceiling within the first pages and costs no measurable speed on criteria text.
const DFA_CACHE_BYTES: usize = 1 << 18;

/// Compiles an extractor pattern with ASCII word boundaries and classes: the vocabularies
/// are ASCII, and Unicode `\b` would keep the fast DFA engines from running.
pub fn re(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(
        &pattern
            .replace(r"\b", r"(?-u:\b)")
            .replace(r"\w", r"(?-u:\w)"),
    )
    .dfa_size_limit(DFA_CACHE_BYTES)
    .build()
}

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

/// Regex alternation of phrases, longest first, spaces matching any whitespace, with word
/// boundaries where a phrase starts or ends with a letter.
pub fn alternation<'a>(phrases: impl Iterator<Item = &'a str>) -> String {
    let mut v: Vec<&str> = phrases.collect();
    v.sort_by_key(|p| std::cmp::Reverse(p.len()));
    v.dedup();
    let parts: Vec<String> = v
        .iter()
        .map(|p| {
            let body = p
                .split(' ')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s*");
            let lead = if p.starts_with(|c: char| c.is_alphanumeric()) {
                r"\b"
            } else {
                ""
            };
            let tail = if p.ends_with(|c: char| c.is_alphanumeric()) {
                r"\b"
            } else {
                ""
            };
            format!("{lead}{body}{tail}")
        })
        .collect();
    parts.join("|")
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
            assert!(ANALYTES.iter().any(|(_, v)| *v == id), "{id}");
        }
    }

    #[test]
    fn aliases_are_lowercase_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for (a, _) in ANALYTES.iter().chain(SCALES).chain(CLASS_SCALES) {
            assert_eq!(*a, a.to_lowercase());
            assert!(seen.insert(*a), "{a}");
        }
    }

    #[test]
    fn amino_acid_codes() {
        assert_eq!(amino_three('T'), Some("Thr"));
        assert_eq!(amino_one("ile"), Some('I'));
        assert_eq!(amino_three('B'), None);
    }

    #[test]
    fn alternation_sorts_longest_first() {
        let a = alternation(["at", "at least"].into_iter());
        assert!(a.starts_with(r"\bat\s*least\b"));
    }
}
