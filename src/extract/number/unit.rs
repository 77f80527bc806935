//! The unit after a number: powers of ten per volume ("× 10^9/L", "10⁹/L", "109/l"),
//! multiples of the upper limit of normal ("× ULN", "times the institutional upper limit of
//! normal", "5N"), units of time (from the shared age table) and the unit table.

use crate::extract::lex::{glued, Tok, TokKind};
use crate::extract::vocab::{UnitDef, UnitKind, VOCAB};
use crate::record::Kind;

/// A unit after a number, normalised.
pub type Unit = UnitDef;

const ULN: Unit = UnitDef {
    norm: "ULN",
    kind: UnitKind::Uln,
    quantity: Kind::Lab,
};

/// Powers of ten per litre and per microlitre, 10^3 to 10^12.
const SCI_PER_L: [&str; 10] = [
    "10^3/L", "10^4/L", "10^5/L", "10^6/L", "10^7/L", "10^8/L", "10^9/L", "10^10/L", "10^11/L",
    "10^12/L",
];
const SCI_PER_UL: [&str; 10] = [
    "10^3/uL", "10^4/uL", "10^5/uL", "10^6/uL", "10^7/uL", "10^8/uL", "10^9/uL", "10^10/uL",
    "10^11/uL", "10^12/uL",
];

/// The unit starting at token `i`: (unit, token after it).
pub fn unit_at(s: &str, toks: &[Tok], i: usize) -> Option<(Unit, usize)> {
    let t = toks.get(i)?;
    // "3-fold", "6-month", "18-year-old": a hyphen between a number and its unit.
    if t.is_sym('-') && toks.get(i + 1).is_some_and(|n| glued(t, n) && n.is_word()) {
        if let Some(u) = unit_at(s, toks, i + 1) {
            return Some(u);
        }
    }
    let short = t.end - t.start <= 4;
    if short {
        if let Some(u) = sci(s, toks, i) {
            return Some(u);
        }
    }
    // "ALAT > 5N": times the norm, a capital N glued to the number.
    if t.is_word()
        && t.end - t.start == 1
        && t.text(s) == "N"
        && i > 0
        && glued(&toks[i - 1], t)
        && toks[i - 1].is_num()
    {
        return Some((ULN, i + 1));
    }
    if let Some(u) = uln(toks, i) {
        return Some(u);
    }
    // A spelling of several tokens ("min/week", "mg/d") beats a unit of time in its first.
    let table = VOCAB.units.longest_at(toks, i);
    if let Some(u) = duration(s, toks, i).filter(|_| table.map_or(true, |(j, _)| j <= i + 1)) {
        return Some(u);
    }
    let (j, u) = table?;
    // "150 G/L" is giga per litre; "12 g/L" grams.
    let u = if u.norm == "g/L" && t.text(s) == "G" {
        UnitDef {
            norm: "10^9/L",
            kind: UnitKind::Measure,
            quantity: Kind::Lab,
        }
    } else {
        *u
    };
    Some((u, restated_unit(toks, j, u.norm)))
}

/// "40 picograms per milliliter (pg/mL)": the same unit again in brackets belongs to it.
fn restated_unit(toks: &[Tok], end: usize, norm: &str) -> usize {
    if !toks.get(end).is_some_and(|t| t.is_sym('(')) {
        return end;
    }
    match VOCAB.units.longest_at(toks, end + 1) {
        Some((j, u)) if u.norm == norm && toks.get(j).is_some_and(|t| t.is_sym(')')) => j + 1,
        _ => end,
    }
}

/// "× 10^9/L", "x10³/µL", "10⁹/L", "10E9/L", "10*9/L", and "109/L" where the superscript
/// was lost in copying.
fn sci(s: &str, toks: &[Tok], i: usize) -> Option<(Unit, usize)> {
    let t = toks.get(i)?;
    let may = match t.kind {
        TokKind::Sym => matches!(t.sym, 'x' | '×' | '*'),
        TokKind::Word => t.end - t.start == 1,
        TokKind::Num => t.text(s).starts_with("10"),
        TokKind::Sup => false,
    };
    if !may {
        return None;
    }
    let mut k = i;
    if toks
        .get(k)
        .is_some_and(|t| matches!(t.sym, 'x' | '×' | '*'))
        || toks
            .get(k)
            .is_some_and(|t| t.is_word() && VOCAB.times_letters.contains(t))
    {
        k += 1;
    }
    let ten = toks.get(k).filter(|t| t.is_num())?;
    let text = ten.text(s);
    let (exp, after) = if text == "10" {
        let e = toks.get(k + 1)?;
        match e.kind {
            TokKind::Sup if glued(ten, e) => (sup_value(e.text(s))?, k + 2),
            TokKind::Sym if matches!(e.sym, '^' | '*') => {
                let mut j = k + 2;
                if toks.get(j).is_some_and(|t| t.is_sym('*')) {
                    j += 1;
                }
                let n = toks.get(j).filter(|t| t.is_num())?;
                (n.text(s).parse().ok()?, j + 1)
            }
            TokKind::Word if glued(ten, e) => {
                let w = e.text(s);
                let digits = w.strip_prefix(['e', 'E'])?;
                (digits.parse().ok()?, k + 2)
            }
            _ => return None,
        }
    } else {
        // "109/l", "×1012/L": ten and the exponent run together (a superscript lost in
        // copying).
        let e = text.strip_prefix("10")?;
        if e.is_empty() || e.len() > 2 {
            return None;
        }
        (e.parse().ok()?, k + 1)
    };
    // "10^9 cells/L".
    let after = match toks.get(after) {
        Some(c) if VOCAB.cell_words.contains(c) => after + 1,
        _ => after,
    };
    let slash = toks.get(after)?;
    let per = if slash.is_sym('/') || VOCAB.per_words.contains(slash) {
        after + 1
    } else {
        return None;
    };
    let (vol_end, litre) = volume(toks, per)?;
    let table = if litre { &SCI_PER_L } else { &SCI_PER_UL };
    let norm = exp.checked_sub(3).and_then(|e: usize| table.get(e))?;
    Some((
        UnitDef {
            norm,
            kind: UnitKind::Measure,
            quantity: Kind::Lab,
        },
        vol_end,
    ))
}

fn sup_value(t: &str) -> Option<usize> {
    t.chars()
        .map(crate::extract::lex::superscript_digit)
        .try_fold(0usize, |acc, d| Some(acc * 10 + usize::from(d?)))
}

/// "L" or a microlitre spelling after "10^9/": (token after it, per litre?).
fn volume(toks: &[Tok], i: usize) -> Option<(usize, bool)> {
    let t = toks.get(i)?;
    if VOCAB.litres.contains(t) {
        return Some((i + 1, true));
    }
    // The microlitre spellings are the "/uL" row of the unit table after its slash.
    let (j, u) = VOCAB.units.longest_at(toks, i.checked_sub(1)?)?;
    (u.norm == "/uL").then_some((j, false))
}

/// A multiple of the upper limit of normal: "x ULN", "times the upper limit of normal",
/// "-fold the normal upper limit", "times normal", "the normal range" after "twice".
fn uln(toks: &[Tok], i: usize) -> Option<(Unit, usize)> {
    let v = &*VOCAB;
    let after_mult = v.multipliers.longest_at(toks, i).map(|(j, _)| j);
    let end = match after_mult {
        Some(m) => v
            .uln
            .longest_at(toks, m)
            .or_else(|| v.normal_after_multiplier.longest_at(toks, m))
            .map(|(j, _)| j),
        None => v
            .uln
            .longest_at(toks, i)
            .or_else(|| v.normal_alone.longest_at(toks, i))
            .map(|(j, _)| j),
    }?;
    Some((ULN, bracketed_abbreviation(toks, end)))
}

/// "upper limit of normal (ULN)": the abbreviation in brackets belongs to the unit.
fn bracketed_abbreviation(toks: &[Tok], end: usize) -> usize {
    let (Some(open), Some(close)) = (toks.get(end), toks.get(end + 2)) else {
        return end;
    };
    let abbreviation = VOCAB.uln.longest_at(toks, end + 1).map(|(j, _)| j);
    if open.is_sym('(') && close.is_sym(')') && abbreviation == Some(end + 2) {
        end + 3
    } else {
        end
    }
}

/// A unit of time (from the shared age table), with the dot of an abbreviation ("yrs.").
fn duration(s: &str, toks: &[Tok], i: usize) -> Option<(Unit, usize)> {
    let t = toks
        .get(i)
        .filter(|t| t.is_word() && t.end - t.start <= 7)?;
    let (norm, _) = VOCAB.durations.get(&t.key)?;
    let word = t.text(s);
    let mut end = i + 1;
    if word.len() <= 3 && toks.get(end).is_some_and(|d| d.is_sym('.') && glued(t, d)) {
        // Not the dot of "y.o.", which the age words read.
        let o = toks
            .get(end + 1)
            .is_some_and(|o| VOCAB.old_abbreviations.contains(o));
        if !o {
            end += 1;
        }
    }
    Some((
        UnitDef {
            norm,
            kind: UnitKind::Duration,
            quantity: Kind::Time,
        },
        end,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::lex::lex;

    /// The unit right after the first number of `s`.
    fn unit(s: &str) -> Option<(&'static str, String)> {
        let t = lex(s);
        let at = t.toks.iter().position(|t| t.is_num())? + 1;
        let (u, j) = unit_at(s, &t.toks, at)?;
        let end = t.toks[j - 1].end as usize;
        Some((u.norm, s[t.toks[at].start as usize..end].to_string()))
    }

    #[test]
    fn table_units() {
        for (s, n) in [
            ("50,000/μL", "/uL"),
            ("50,000/µL", "/uL"),
            ("100 cells/mm3", "/uL"),
            ("100/mm³", "/uL"),
            ("150 cels/mm3", "/uL"),
            ("100 cells/mm(3)", "/uL"),
            ("100/㎕", "/uL"),
            ("30 ml/min", "mL/min"),
            ("60 mL/min/1.73 m2", "mL/min/1.73m2"),
            ("60 ml/min/1.73m²", "mL/min/1.73m2"),
            ("60 mL/min per 1.73 m^2", "mL/min/1.73m2"),
            ("1.5 mg/dl", "mg/dL"),
            ("1.5 mg⁄dL", "mg/dL"),
            ("1.5 mg%", "mg/dL"),
            ("26 µmol/L", "umol/L"),
            ("26 micromol/l", "umol/L"),
            ("9 g/dl", "g/dL"),
            ("90 g/L", "g/L"),
            ("150 G/L", "10^9/L"),
            ("5 mikrog/l", "ug/L"),
            ("5 mcg/L", "ug/L"),
            ("92%", "%"),
            ("92 percent", "%"),
            ("140 mm Hg", "mmHg"),
            ("140 mmHg", "mmHg"),
            ("30 kg/m2", "kg/m2"),
            ("30 kg/m²", "kg/m2"),
            ("30 kilograms per square meter", "kg/m2"),
            ("100 bpm", "bpm"),
            ("100 beats per minute", "bpm"),
            ("38 °C", "°C"),
            ("38ºC", "°C"),
            ("4 ppm", "ppm"),
            ("500 copies/mL", "copies/mL"),
            ("5 IU/L", "U/L"),
            ("20 mIU/ml", "mIU/mL"),
            ("10 mg/day", "mg/day"),
            ("10 mg/kg", "mg/kg"),
            ("2 cycles", "count"),
            ("40 picograms per mililiter (pg/mL)", "pg/mL"),
            ("147 picomole per liter", "pmol/L"),
            (
                "40 milli-international units per milliliter (mIU/mL)",
                "mIU/mL",
            ),
        ] {
            assert_eq!(unit(s).map(|u| u.0), Some(n), "{s}");
        }
    }

    #[test]
    fn powers_of_ten() {
        for (s, n) in [
            ("1.5 x 10^9/L", "10^9/L"),
            ("1.5 × 10⁹/L", "10^9/L"),
            ("1.5x10^9/L", "10^9/L"),
            ("1.5 109/l", "10^9/L"),
            ("1.5 10E9/L", "10^9/L"),
            ("1.5 x 10*9/l", "10^9/L"),
            ("3 x 10^3/uL", "10^3/uL"),
            ("3 x 10³/mm³", "10^3/uL"),
            ("100 x 10^9 per L", "10^9/L"),
            ("1.5×109/L", "10^9/L"),
            ("3.0×1012/L", "10^12/L"),
            ("1.0 × 10^9 cells/L", "10^9/L"),
        ] {
            assert_eq!(unit(s).map(|u| u.0), Some(n), "{s}");
        }
    }

    #[test]
    fn multiples_of_normal() {
        for s in [
            "2× ULN",
            "2x ULN",
            "3xULN",
            "3 times the upper limit of normal",
            "3 times the institutional upper limit of normal",
            "3 times the institutional upper normal limit",
            "2.5-fold the normal upper limit",
            "5 x the ULN",
            "3 UNL",
            "3 times normal",
            "3 above the ULN",
            "5N",
            "1.5 × upper limit of normal (ULN)",
            "2 x the upper limit of the normal range",
        ] {
            assert_eq!(unit(s).map(|u| u.0), Some("ULN"), "{s}");
        }
        assert_eq!(
            unit("1.5 × upper limit of normal (ULN) and").map(|u| u.1),
            Some("× upper limit of normal (ULN)".to_string())
        );
        assert_eq!(unit("5 n"), None);
        assert_eq!(unit("3 times"), Some(("count", "times".into())));
    }

    #[test]
    fn durations() {
        for (s, n) in [
            ("3 months", "months"),
            ("3-month", "months"),
            ("18 yrs.", "years"),
            ("2 wks", "weeks"),
            ("18 y", "years"),
        ] {
            assert_eq!(unit(s).map(|u| u.0), Some(n), "{s}");
        }
        assert_eq!(unit("18 y.o.").map(|u| u.1), Some("y".to_string()));
    }
}
