//! Units after a number, normalised; multiples of the upper limit of normal; and the unit
//! conversions that give each analyte's value in its reference unit.

use crate::record::Kind::{self, Anthropometric, Lab, Other, Score, VitalSign};

/// What a unit says about the number before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
    /// A measurement unit: the number is a threshold when a comparator or analyte says so.
    Measure,
    /// A multiple of the upper limit of normal.
    Uln,
    /// A length of time: a threshold only for measurements of time (life expectancy).
    Duration,
    /// An amount given or taken (a dose): a threshold only for a known analyte measured in
    /// it ("proteinuria < 1 g/day").
    Amount,
    /// A count of events or treatments ("2 cycles"): never a threshold.
    Count,
}

/// A unit as the tables know it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UnitDef {
    /// The normalised spelling written to records.
    pub norm: &'static str,
    pub kind: UnitKind,
    /// The kind of quantity an unknown measurement in this unit most likely is.
    pub quantity: Kind,
}

const fn unit(norm: &'static str, kind: UnitKind, quantity: Kind) -> UnitDef {
    UnitDef {
        norm,
        kind,
        quantity,
    }
}

const fn measure(norm: &'static str, quantity: Kind) -> UnitDef {
    unit(norm, UnitKind::Measure, quantity)
}

const fn dose(norm: &'static str) -> UnitDef {
    unit(norm, UnitKind::Amount, Other)
}

/// Named groups the unit patterns share (`$ul` in a pattern).
pub const SETS: &[(&str, &str)] = &[
    ("per", "{/|per}"),
    (
        "ul",
        "{ul|mcl|microl|microliter|microlitre|microliters|microlitres|㎕|mm3|mm ³|mm ^ 3|mm ( 3 )|mm * 3|cumm|cmm|cu mm|cubic mm|cubic millimeter|cubic millimetre}",
    ),
    ("l", "{l|liter|litre|liters|litres}"),
    ("dl", "{dl|㎗|deciliter|decilitre|deciliters|decilitres|100 ml}"),
    ("ml", "{ml|㎖|milliliter|millilitre|milliliters|millilitres|mililiter|mililiters}"),
    ("min", "{min|mins|minute|minutes|mn}"),
    ("h", "{h|hr|hrs|hour|hours}"),
    ("m2", "{m2|m ²|m ^ 2|m * 2|sq m|sqm|square meter|square metre|square meters|square metres|m sq|meter squared|metre squared}"),
    ("umol", "{umol|umole|micromol|micromole|micromoles|mcmol}"),
    ("mmol", "{mmol|millimol|millimole|millimoles}"),
    ("nmol", "{nmol|nanomol|nanomole|nanomoles}"),
    ("pmol", "{pmol|picomol|picomole|picomoles}"),
    ("ng", "{ng|nanogram|nanograms}"),
    ("pg", "{pg|picogram|picograms}"),
    ("iu", "{iu|ui|international unit|international units}"),
    ("miu", "{miu|mui|mu|milli - international units|milli - international unit|milliunits|milli units}"),
    ("ug", "{ug|mcg|microg|mikrog|microgram|micrograms|㎍}"),
    ("g", "{g|gm|gr|gram|grams}"),
    ("mg", "{mg|mgs|milligram|milligrams|㎎}"),
];

/// Unit spellings (patterns with the [`SETS`]) → unit. Longer spellings win wherever they
/// match, whatever their place in the table.
pub const UNITS: &[(&str, UnitDef)] = &[
    ("{cells|cels|cell|} $per $ul", measure("/uL", Lab)),
    ("{cells|cell} $per $l", measure("/L", Lab)),
    ("{k|thou|thousand|thousands} $per $ul", measure("10^3/uL", Lab)),
    ("{giga|gpt} $per $l", measure("10^9/L", Lab)),
    ("{tera|tpt} $per $l", measure("10^12/L", Lab)),
    (
        "{$ml|cc} $per $min {$per|} {1.73|1 , 73} $m2",
        measure("mL/min/1.73m2", Lab),
    ),
    ("{$ml|cc} $per $min", measure("mL/min", Lab)),
    ("{$ml|cc} $per {s|sec}", measure("mL/s", Other)),
    ("{$ml|cc} $per $h", measure("mL/h", Other)),
    ("$l $per $min", measure("L/min", Other)),
    ("$min {$per|a} {wk|week}", measure("min/week", Other)),
    ("$mg $per {kg|$m2} $per {d|day|dose}", dose("mg/kg/day")),
    ("$mg $per {kg|$m2}", dose("mg/kg")),
    ("$ug $per kg", dose("ug/kg")),
    ("$mg {$per {d|day}|daily|per day|a day|qd}", dose("mg/day")),
    ("$g {$per {d|day}|daily|per day|a day}", dose("g/day")),
    ("$ug {$per {d|day}|daily|per day|a day}", dose("ug/day")),
    ("{iu|u|units} {$per {d|day}|daily|per day|a day}", dose("IU/day")),
    ("{$mg|$g|$ug|iu|units} $per {week|wk}", dose("dose/week")),
    ("{$mg|$g|$ug} $per dose", dose("dose")),
    ("$mg {$per $dl|%}", measure("mg/dL", Lab)),
    ("$g {$per $dl|%}", measure("g/dL", Lab)),
    ("$mg $per $l", measure("mg/L", Lab)),
    ("$mg $per $g", measure("mg/g", Lab)),
    ("$mg $per mmol", measure("mg/mmol", Lab)),
    ("$mg $per 24 $h", measure("mg/24h", Lab)),
    ("$g $per 24 $h", measure("g/24h", Lab)),
    ("$g $per $l", measure("g/L", Lab)),
    ("$umol $per $l", measure("umol/L", Lab)),
    ("$mmol $per mol", measure("mmol/mol", Lab)),
    ("$mmol $per $l", measure("mmol/L", Lab)),
    ("$nmol $per $l", measure("nmol/L", Lab)),
    ("$pmol $per $l", measure("pmol/L", Lab)),
    ("{meq|milliequivalents} $per $l", measure("mEq/L", Lab)),
    ("mosm $per kg", measure("mOsm/kg", Lab)),
    ("$ng $per $ml", measure("ng/mL", Lab)),
    ("$ng $per $dl", measure("ng/dL", Lab)),
    ("$ng $per $l", measure("ng/L", Lab)),
    ("$pg $per $ml", measure("pg/mL", Lab)),
    ("$ug $per $l", measure("ug/L", Lab)),
    ("$ug $per $dl", measure("ug/dL", Lab)),
    ("$ug $per $ml", measure("ug/mL", Lab)),
    ("$miu $per $ml", measure("mIU/mL", Lab)),
    ("$miu $per $l", measure("mIU/L", Lab)),
    ("{uiu|uu|uui} $per $ml", measure("uIU/mL", Lab)),
    ("{$iu|u|units} $per $ml", measure("IU/mL", Lab)),
    ("{$iu|u|units} $per $l", measure("U/L", Lab)),
    ("{copies|copy|cp|c} $per $ml", measure("copies/mL", Lab)),
    ("$per {hpf|high power field}", measure("/HPF", Lab)),
    ("mm $per $h", measure("mm/h", Lab)),
    ("{fl|femtoliter|femtoliters|femtolitre}", measure("fL", Lab)),
    ("{mmhg|mm hg|mm of hg|mm of mercury|mm. hg}", measure("mmHg", VitalSign)),
    ("{cmh2o|cm h2o|cm of water}", measure("cmH2O", Other)),
    (
        "{bpm|beats $per $min|beats per minute|beats a minute}",
        measure("bpm", VitalSign),
    ),
    (
        "{breaths|respirations} {$per $min|per minute}",
        measure("/min", VitalSign),
    ),
    ("{/ min|per minute}", measure("/min", VitalSign)),
    (
        "{° c|° celsius|degrees c|degree c|degrees celsius|degree celsius|celsius|centigrade|℃}",
        measure("°C", VitalSign),
    ),
    (
        "{° f|degrees f|degree f|degrees fahrenheit|fahrenheit|℉}",
        measure("°F", VitalSign),
    ),
    ("{kg|kgs|kilogram|kilograms|㎏} $per $m2", measure("kg/m2", Anthropometric)),
    ("{kg|kgs|kilogram|kilograms|㎏}", measure("kg", Anthropometric)),
    ("{lb|lbs|pound|pounds}", measure("lb", Anthropometric)),
    ("{inch|inches}", measure("in", Anthropometric)),
    ("{cm2|cm ²|cm ^ 2|sq cm|sqcm|square cm|square centimeters|square centimetres}", measure("cm2", Other)),
    ("{mm2|mm ²|mm ^ 2|sq mm|square mm}", measure("mm2", Other)),
    ("{cm|㎝|centimeter|centimeters|centimetre|centimetres}", measure("cm", Other)),
    ("{mm|㎜|millimeter|millimeters|millimetre|millimetres}", measure("mm", Other)),
    ("{m|meter|meters|metre|metres}", measure("m", Other)),
    ("{um|micron|microns|micrometer|micrometers|micrometre}", measure("um", Other)),
    ("{ms|msec|msecs|millisecond|milliseconds}", measure("ms", Other)),
    ("{s|sec|secs|second|seconds}", measure("s", Other)),
    ("{point|points|pts}", measure("points", Score)),
    ("letters", measure("letters", Other)),
    ("{ohm|ohms|Ω}", measure("ohm", Other)),
    ("{db|decibel|decibels}", measure("dB", Other)),
    ("wood {unit|units}", measure("WU", Other)),
    ("mfi", measure("MFI", Lab)),
    ("{kpa|kilopascal|kilopascals|kilo pascal|kilo pascals}", measure("kPa", Other)),
    ("{met|mets}", measure("METs", Other)),
    ("ppm", measure("ppm", Other)),
    ("ppb", measure("ppb", Other)),
    ("{%|percent|per cent|pct}", measure("%", Other)),
    ("{degree|degrees|deg|°}", measure("degrees", Other)),
    ("{st|nd|rd|th|} {percentile|centile|percentiles|centiles}", measure("percentile", Anthropometric)),
    ("{$ml|cc}", measure("mL", Other)),
    ("$l", measure("L", Other)),
    ("{$mg}", dose("mg")),
    ("{$ug}", dose("ug")),
    ("{g|gram|grams}", dose("g")),
    ("{iu|international units}", dose("IU")),
    ("{unit|units|u}", dose("units")),
    ("{tablet|tablets|pill|pills|puff|puffs|capsule|capsules}", dose("tablets")),
    (
        "{cycle|cycles|course|courses|line|lines|regimen|regimens|dose|doses|episode|episodes|attack|attacks|times|occasions|visits|sessions|injections|fractions|cigarettes|cigarette|drinks|drink|glasses|servings|pack|packs|pack - years|pack - year|pack years|pack year|packyears|units of alcohol|alcohol units|standard drinks|lesions|metastases|nodules|pregnancies|deliveries|miscarriages|abortions|transfusions|relapses|exacerbations|hospitalizations|hospitalisations|seizures|falls|stools|partners|items|criteria|symptoms|teeth|joints|doses}",
        unit("count", UnitKind::Count, Other),
    ),
];

/// A multiplication written between a number and the upper limit of normal.
pub const MULTIPLIERS: &[&str] = &["{x|×|*|times|time|fold|- fold|- times|- x}"];

/// The upper limit of normal, after a multiple ("2× ULN", "three times the institutional
/// upper normal limit", "twice the upper limit of normal").
pub const ULN: &[&str] = &[
    "{above|over|} {of|} {the|} {local|institutional|laboratory|lab|site|normal|} {uln|unl|lsn|upper limit {of|} {the|} {institutional|} {normal|norm|normality|normal range|normal value|normal values|reference range|reference value|reference|normal limit}|upper limits {of|} {the|} {normal|norm|normal range}|{normal|reference} upper limit|{normal|reference} upper limits|upper normal limit|upper normal limits|upper normal value|upper normal values|upper normal|upper limit|upper level of normal|upper range of normal|upper reference limit|upper reference range}",
];

/// Words for "normal" that stand for the upper limit only after a multiplier ("3 times
/// normal", "2x the normal range").
pub const NORMAL_AFTER_MULTIPLIER: &[&str] = &[
    "{above|over|} {of|} {the|} {normal|norm|n|normal range|normal value|normal values|normal limit|normal limits|normal levels|normal level|normal upper|normal maximum}",
];

/// "3 times the normal range" also reads with no multiplier word before it.
pub const NORMAL_ALONE: &[&str] = &["{the|} normal {range|value|values|limit|limits}"];

/// The multiplication sign typed as a letter before "10^9" ("x 10^9/L").
pub const TIMES_LETTERS: &[&str] = &["x"];

/// Words between "10^9" and its volume ("10^9 cells/L").
pub const CELL_WORDS: &[&str] = &["cells", "cell"];

/// A word for the slash before a volume ("10^9 per L").
pub const PER_WORDS: &[&str] = &["per"];

/// Litres after "10^9/" (the microlitre spellings are the "/uL" row of [`UNITS`]).
pub const LITRES: &[&str] = &["l", "liter", "litre"];

/// Weeks after days written as sevenths ("27 0/7 weeks", "37+2 weeks").
pub const WEEKS: &[&str] = &["week", "weeks", "wk", "wks"];

/// The letter after "y." in "y.o." (years old): the dot is the age words', not the unit's.
pub const OLD_ABBREVIATIONS: &[&str] = &["o"];

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
const CHOLESTEROLS: &[&str] = &["cholesterol", "ldl_cholesterol", "hdl_cholesterol"];
const MONOVALENT: &[&str] = &["potassium", "sodium"];

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
    // A cell count in "g/L" is giga per litre, however the letter was typed.
    conv(CELL_COUNTS, "g/L", "10^9/L", 1.0),
    conv(&["hemoglobin"], "g/dL", "g/dL", 1.0),
    conv(&["hemoglobin"], "g/L", "g/dL", 0.1),
    conv(&["hemoglobin"], "mmol/L", "g/dL", 1.611),
    conv(&["creatinine"], "mg/dL", "umol/L", 88.42),
    conv(&["creatinine"], "mg/L", "umol/L", 8.842),
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
    conv(&["calcium"], "mg/dL", "mmol/L", 0.2495),
    conv(&["calcium"], "mmol/L", "mmol/L", 1.0),
    conv(MONOVALENT, "mEq/L", "mmol/L", 1.0),
    conv(MONOVALENT, "mmol/L", "mmol/L", 1.0),
    conv(&["magnesium"], "mg/dL", "mmol/L", 0.4114),
    conv(&["magnesium"], "mEq/L", "mmol/L", 0.5),
    conv(&["magnesium"], "mmol/L", "mmol/L", 1.0),
    conv(&["uric_acid"], "mg/dL", "umol/L", 59.48),
    conv(&["uric_acid"], "umol/L", "umol/L", 1.0),
    conv(CHOLESTEROLS, "mg/dL", "mmol/L", 0.02586),
    conv(CHOLESTEROLS, "mmol/L", "mmol/L", 1.0),
    conv(&["triglycerides"], "mg/dL", "mmol/L", 0.01129),
    conv(&["triglycerides"], "mmol/L", "mmol/L", 1.0),
];
