//! How comparisons are written: before a number ("≥", "no less than", "> or ="), after it
//! ("or more"), and the words that join a range ("-", "to", "and") or open one ("between").

use crate::record::Comparator::{self, Eq, Ge, Gt, Le, Lt};

/// Comparator phrases written before a number. Patterns (see `lexicon`): `{a|b}` are
/// alternatives; look-alike symbols (`⩾`, `＞`, `˃`) are folded to these by the lexer.
pub const BEFORE: &[(&str, Comparator)] = &[
    ("≥", Ge),
    ("≥ =", Ge),
    ("{> =|= >|> / =|= / >|> _|> or =|> or = to|> or equal {to|}|>/ =}", Ge),
    ("{≥|>} or equal to", Ge),
    ("< U + {2265|2267} >", Ge),
    // A symbol font's ≥ read as Latin-1 ("ANC ³ 1500"); only where it stands apart.
    ("³", Ge),
    ("{greater|more|higher|larger|bigger|superior} {than|then|} or equal {to|}", Ge),
    ("{greater|more|higher|superior|bigger} or equal {to|}", Ge),
    ("{greater|more} than or equals", Ge),
    ("equal {to|} or {greater|more|higher|above|larger|bigger} {than|then|}", Ge),
    ("{above|over} or equal to", Ge),
    ("at or above", Ge),
    ("{at least|no less than|not less than|no fewer than|not fewer than|no lower than|not lower than|not below|no smaller than}", Ge),
    ("{a|} minimum {of|}", Ge),
    ("min {.|:|}", Ge),
    ("as {high|much} as", Le),
    ("≤", Le),
    ("≤ =", Le),
    ("{< =|= <|< / =|= / <|< _|< or =|< or = to|< or equal {to|}|</ =}", Le),
    ("{≤|<} or equal to", Le),
    ("< U + {2264|2266} >", Le),
    // A symbol font's ≤ read as Latin-1.
    ("£", Le),
    ("{less|lower|smaller|fewer|inferior} {than|then|} or equal {to|}", Le),
    ("{less|lower|inferior} or equal {to|}", Le),
    ("equal {to|} or {less|lower|below|smaller|fewer} {than|then|}", Le),
    ("{below|under} or equal to", Le),
    ("at or below", Le),
    ("{at most|no more than|not more than|no greater than|not greater than|no higher than|not higher than|no larger than|not larger than|not above|not over|not exceeding|not to exceed|no bigger than}", Le),
    ("{do|does|should|must|shall|will|may|can} not exceed", Le),
    ("not exceed", Le),
    ("{a|} maximum {of|}", Le),
    ("max {.|:|}", Le),
    ("up to", Le),
    ("within", Le),
    (">", Gt),
    ("{greater|more|higher|larger|bigger} {than|then}", Gt),
    ("{above|over|exceeding|exceeds|exceed|superior to|older than|beyond}", Gt),
    ("in excess of", Gt),
    ("<", Lt),
    ("{less|lower|fewer|smaller|younger} {than|then}", Lt),
    ("{below|under|inferior to}", Lt),
    ("=", Eq),
    ("{equal to|equals|equaling}", Eq),
];

/// Comparator phrases written after a number and its unit.
pub const AFTER: &[(&str, Comparator)] = &[
    (
        "{or|and} {more|greater|higher|above|over|older|up|bigger|larger}",
        Ge,
    ),
    ("or greater than", Ge),
    ("or worse", Ge),
    (
        "{or|and} {less|lower|below|under|fewer|younger|smaller}",
        Le,
    ),
    ("or better", Le),
    ("{or|and} {more|greater} than", Ge),
];

/// Words between the two numbers of a range ("18-65", "18 to 65", "≥3 and ≤70").
pub const RANGE_JOINS: &[&str] = &[
    "-", "~", "to", "and", "through", "thru", "until", "- to", "up to",
];

/// Range joins that also list values: a range joined by them needs "between" or a second
/// comparator ("between 18 and 65", "≥ 3 and ≤ 70"); "3 and 5" alone is two values.
pub const LISTING_JOINS: &[&str] = &["and"];

/// Words that open a range before its first number ("between 18 and 65", "from 2 to 5",
/// "ranging from", "in the range of").
pub const BETWEEN: &[&str] = &[
    "between {the|} {ages|age|} {of|}",
    "between , {and|} {including|inclusive} ,",
    "from {the|} {ages|age|} {of|}",
    "{ranging|range} from",
    "{in|within} the range {of|}",
    "range {of|}",
];

/// A multiple of the upper limit of normal written before a comparator ("a factor of at
/// least 3 above the ULN").
pub const FACTOR_WORDS: &[&str] = &["{a|} factor of"];
