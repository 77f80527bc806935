//! Numbers with what is written around them: comparators, ranges and units.
//!
//! [`scan`] reads every value expression of a criterion ("≥ 1.5 × 10^9/L", "between 18 and
//! 65", "3 times the upper limit of normal", "50,000/μL or more", "six (6) months") once,
//! from its tokens; the extractors then decide from the words around them which are
//! thresholds, ages or scores. The jobs are split by module: [`read`] turns tokens into
//! numbers, [`comparator`] finds comparison phrases, [`unit`] units, [`scan`] puts them
//! together.

pub mod comparator;
pub mod read;
pub mod scan;
pub mod unit;

pub use scan::scan;
pub use unit::Unit;

use crate::record::Comparator;

/// One value expression: `lo` alone, or a range `lo`–`hi`, with the comparators written.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    /// Byte range of the whole expression (comparators, numbers, units, "or more").
    pub start: usize,
    pub end: usize,
    /// Where the first number starts (after its comparator).
    pub num_start: usize,
    /// Token range of the whole expression, and the first number's first token.
    pub tok_start: usize,
    pub tok_end: usize,
    pub tok_num: usize,
    /// Token index after the first number (and its unit, when it has its own).
    pub tok_lo_end: usize,
    /// Where the unit of the expression starts, if it has one.
    pub tok_unit: Option<usize>,
    pub lo: f64,
    pub lo_cmp: Option<Comparator>,
    pub hi: Option<f64>,
    pub hi_cmp: Option<Comparator>,
    /// Written as "between X and Y" / "from X to Y".
    pub between_word: bool,
    /// The unit of the expression (of the last number that has one).
    pub unit: Option<Unit>,
    /// The unit written right after the first number, if any ("6 months to 17 years").
    pub lo_unit: Option<Unit>,
    /// The unit was taken from the next value ("<30 or >69 years old").
    pub unit_shared: bool,
    /// The number was a word ("three months").
    pub word_number: bool,
    /// Second half of a pressure written "140/90".
    pub pair: Option<f64>,
    /// The top of the scale a score is written against ("22/30", "> 2/10").
    pub out_of: Option<f64>,
    /// An ordinal ("12th"): only ever read as a birthday.
    pub ordinal: bool,
}

impl Value {
    /// The comparator the expression states, ranges giving `between`.
    pub fn comparator(&self) -> Option<Comparator> {
        if self.hi.is_some() {
            Some(Comparator::Between)
        } else {
            self.lo_cmp
        }
    }

    pub fn unit_kind(&self) -> Option<crate::extract::vocab::UnitKind> {
        self.unit.as_ref().map(|u| u.kind)
    }

    pub fn unit_norm(&self) -> Option<&'static str> {
        self.unit.as_ref().map(|u| u.norm)
    }
}
