//! Numbers written as words and numerals that name classes.

/// Number words. A number written as a word is read only where a unit follows it ("six
/// months", "twice the ULN"), never alone ("one of the following").
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
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
    ("twice", 2.0),
    ("thrice", 3.0),
    ("double", 2.0),
    ("triple", 3.0),
];

/// Words after a number word that add half ("one and a half times the ULN").
pub const HALF: &[&str] = &["and a half", "and one half", "and one - half", "and 1 / 2"];

/// Roman numerals that name classes, grades and stages.
pub const ROMAN: &[(&str, f64)] = &[
    ("i", 1.0),
    ("ii", 2.0),
    ("iii", 3.0),
    ("iv", 4.0),
    ("v", 5.0),
    ("vi", 6.0),
];

/// Letters some scales add to a class numeral ("IIIb", "3A").
pub const SUBCLASS_LETTERS: &[char] = &['a', 'b', 'c'];

/// Suffixes of ordinal numbers ("12th birthday").
pub const ORDINAL_SUFFIXES: &[&str] = &["st", "nd", "rd", "th"];
