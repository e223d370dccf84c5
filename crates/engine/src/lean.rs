//! The lean assessment: every measure decided, nothing explained, each outcome a small `Copy`
//! value that borrows its measure from the catalogue. For what reads decisions by the
//! thousand — `huiqi batch`, the firm list's totals, a policy pack's changes — where building
//! an [`Outcome`] per measure (its explanation and lists, ~450 bytes) was most of the cost.
//!
//! The decisions are the full assessment's: each measure goes through the same
//! `measure_outcome`, one at a time in a reused place; only the eligible outcomes are kept
//! whole, because the non-stacking rules read their items, and the rules run on them as in
//! the full assessment (they only ever touch eligible outcomes).

use crate::assess::{
    FirmSlots, Memo, Outcome, Status, Tally, Totals, apply_stacking, counted, measure_outcome,
    totals,
};
use crate::facts::Facts;
use crate::period::{Period, year_view};
use crate::text::Lang;
use chrono::NaiveDate;
use huiqi_catalog::{AmountClass, Catalogue, Measure};
use rust_decimal::Decimal;

/// One measure decided, without the explanation: the fields of [`Outcome`] that decide and
/// count, the measure borrowed.
#[derive(Debug, Clone, Copy)]
pub struct LeanOutcome<'c> {
    pub measure: &'c Measure,
    pub status: Status,
    pub class: AmountClass,
    /// 元, as [`Outcome::amount`].
    pub amount: Option<Decimal>,
    pub would_have_paid: Option<Decimal>,
    pub year: Option<i32>,
    pub claimable_from: Option<NaiveDate>,
    pub late_claim_until: Option<NaiveDate>,
    /// Dropped by a non-stacking rule: it then counts toward no total.
    pub dropped: bool,
    /// Where its missing facts are in [`LeanAssessment::missing`].
    missing: (u32, u32),
}

impl<'c> LeanOutcome<'c> {
    /// The amount that counts toward totals, as [`Outcome::counted_amount`].
    pub fn counted_amount(&self) -> Option<Decimal> {
        counted(self.status, self.dropped, self.amount)
    }

    fn out_of_scope(measure: &'c Measure, missing: u32) -> Self {
        LeanOutcome {
            measure,
            status: Status::OutOfScope,
            class: measure.amount_class,
            amount: None,
            would_have_paid: None,
            year: None,
            claimable_from: None,
            late_claim_until: None,
            dropped: false,
            missing: (missing, missing),
        }
    }

    fn tally(&self) -> Tally {
        Tally {
            status: self.status,
            class: self.class,
            amount: self.amount,
            counted: self.counted_amount(),
            would_have_paid: self.would_have_paid,
        }
    }

    /// The decision `o` holds on `measure`, whose missing facts are at `missing`.
    fn of(measure: &'c Measure, o: &Outcome, missing: (u32, u32)) -> Self {
        let mut lean = LeanOutcome::out_of_scope(measure, missing.0);
        lean.missing = missing;
        lean.decided(o);
        lean
    }

    /// The decision of `o` (already through the non-stacking rules, for an eligible one).
    fn decided(&mut self, o: &Outcome) {
        self.status = o.status;
        self.amount = o.amount;
        self.would_have_paid = o.would_have_paid;
        self.year = o.year;
        self.claimable_from = o.claimable_from;
        self.late_claim_until = o.late_claim_until;
        self.dropped = o.dropped.is_some();
    }
}

/// Every measure of the catalogue decided for one firm, without explanations.
#[derive(Debug, Clone)]
pub struct LeanAssessment<'c> {
    pub as_of: NaiveDate,
    /// The support year (申报年度) assessed.
    pub year: i32,
    /// In catalogue order, as [`crate::Assessment::outcomes`].
    pub outcomes: Vec<LeanOutcome<'c>>,
    pub totals: Totals,
    /// The missing fact ids of all outcomes, each outcome's in question order.
    missing: Vec<String>,
}

impl<'c> LeanAssessment<'c> {
    /// The facts `o` still needs, in the order to ask them (as [`Outcome::missing`]).
    pub fn missing(&self, o: &LeanOutcome) -> &[String] {
        let (start, end) = o.missing;
        &self.missing[start as usize..end as usize]
    }

    pub fn outcome(&self, measure: &str) -> Option<&LeanOutcome<'c>> {
        self.outcomes.iter().find(|o| o.measure.id() == measure)
    }
}

/// Decides every measure of the catalogue for the firm, as [`crate::assess_with`] with
/// [`crate::AssessOptions::LEAN`] does, into small outcomes.
pub fn assess_lean<'c>(
    cat: &'c Catalogue,
    facts: &Facts,
    period: impl Into<Period>,
) -> LeanAssessment<'c> {
    let period = period.into();
    let (facts, derived) = year_view(cat, facts, period.year);
    let slots = FirmSlots::new(cat, &facts, &derived);
    let mut memo = Memo::new(cat, (&facts, &slots), &period, Lang::Zh);
    let mut outcomes = Vec::with_capacity(cat.measures().len());
    let mut missing = Vec::new();
    // The eligible outcomes whole, with the index of their lean outcome.
    let (mut eligible, mut at) = (Vec::new(), Vec::new());
    let mut place = Vec::with_capacity(1);
    for m in cat.measures() {
        if memo.outside_region(m) {
            // Out of scope whatever the measure says (as `measure_outcome` decides it).
            outcomes.push(LeanOutcome::out_of_scope(m, index(missing.len())));
            continue;
        }
        measure_outcome(&mut memo, m, false, &mut place);
        let o = place
            .last_mut()
            .expect("measure_outcome pushes one outcome");
        let start = index(missing.len());
        missing.append(&mut o.missing);
        let lean = LeanOutcome::of(m, o, (start, index(missing.len())));
        if o.status == Status::Eligible {
            at.push(outcomes.len());
            eligible.append(&mut place);
        } else {
            place.clear();
        }
        outcomes.push(lean);
    }
    apply_stacking(
        cat,
        (&facts, &derived, &period),
        &mut eligible,
        false,
        Lang::Zh,
    );
    for (o, &i) in eligible.iter().zip(&at) {
        outcomes[i].decided(o);
    }
    let totals = totals(outcomes.iter().map(LeanOutcome::tally), &facts, period.year);
    LeanAssessment {
        as_of: period.as_of,
        year: period.year,
        outcomes,
        totals,
        missing,
    }
}

/// A position in the missing facts of one assessment (a few hundred at most).
fn index(i: usize) -> u32 {
    u32::try_from(i).expect("fewer than 2^32 missing facts")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ops::Range;

    fn ranges(a: &LeanAssessment) -> Vec<Range<usize>> {
        a.outcomes
            .iter()
            .map(|o| o.missing.0 as usize..o.missing.1 as usize)
            .collect()
    }

    #[test]
    fn missing_ranges_tile_the_list_in_catalogue_order() {
        let cat = Catalogue::builtin().unwrap();
        let as_of = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let a = assess_lean(&cat, &Facts::default(), as_of);
        let ranges = ranges(&a);
        let mut next = 0;
        for r in &ranges {
            assert_eq!(r.start, next, "ranges follow each other");
            next = r.end;
        }
        assert_eq!(next, a.missing.len());
        // An empty firm has something to answer for every measure it is not out of.
        assert!(a.outcomes.iter().any(|o| !a.missing(o).is_empty()));
    }
}
