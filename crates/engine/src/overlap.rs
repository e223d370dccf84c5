//! 重叠部分就高不重复: where a firm declares that an item's spend is part of another item's
//! (a 首台（套）machine bought inside a 技改 project), the two awards are compared on the
//! overlapping amount only and the lower one gives up its share of it. The rest of each award
//! stands. Worked example (济政办字〔2020〕3号 with the 工业强市 技改 award): a 2,350万元
//! purchase inside a project with 3,000万元 of equipment earns 235万元 under 3b and 300万元
//! under 7a; on the overlapping 2,350万元 both pay 235万元, so the firm receives 300万元.

use crate::assess::{Outcome, Status, firm_room, measure_ref};
use crate::eval::{self, Env, Eval};
use crate::facts::{Facts, Item, Value};
use crate::money::{fmt_yuan, round_fen};
use crate::period::Period;
use crate::text::{Lang, yuan};
use huiqi_catalog::{Catalogue, OverlapSpec, StackingGroup, StackingKind};
use rust_decimal::Decimal;

/// One declared overlap between two eligible items of two member measures.
struct Overlap {
    /// (outcome, item) of the part and of the item it is part of.
    part: (usize, usize),
    whole: (usize, usize),
    amount: Decimal,
}

/// The firm's answers, the facts derived from them (see `crate::period::year_view`) and the
/// period.
type Ctx<'a> = (&'a Facts, &'a [(&'a str, Value)], &'a Period);

/// Applies every `overlap_highest` group to the eligible outcomes.
pub(crate) fn apply(
    cat: &Catalogue,
    (facts, derived, period): Ctx,
    outcomes: &mut [Outcome],
    (explain, lang): (bool, Lang),
) {
    for g in cat
        .stacking_groups()
        .filter(|g| g.kind == StackingKind::OverlapHighest)
    {
        let Some(spec) = &g.overlap else { continue };
        for ov in declared(cat, facts, spec, g, outcomes) {
            settle(
                cat,
                (facts, derived, period),
                g,
                &ov,
                outcomes,
                (explain, lang),
            );
        }
    }
}

fn counted(o: &Outcome, i: usize) -> bool {
    let item = &o.items[i];
    o.status == Status::Eligible && item.status == Status::Eligible && item.dropped_by.is_none()
}

/// The overlaps the firm declared between eligible items of the group's members.
fn declared(
    cat: &Catalogue,
    facts: &Facts,
    spec: &OverlapSpec,
    g: &StackingGroup,
    outcomes: &[Outcome],
) -> Vec<Overlap> {
    let members: Vec<usize> = (0..outcomes.len())
        .filter(|&i| g.members.iter().any(|m| m == outcomes[i].measure))
        .collect();
    let mut out = Vec::new();
    for &p in &members {
        if cat
            .measure(outcomes[p].measure)
            .and_then(|m| m.per_item.as_ref())
            != Some(&spec.item)
        {
            continue;
        }
        for (pi, item) in outcomes[p].items.iter().enumerate() {
            let Some(facts_of_item) = find_item(facts, &spec.item, &item.id) else {
                continue;
            };
            let (Some(Value::Text(whole_id)), Some(Value::Num(amount))) = (
                facts_of_item.facts.get(&spec.part_of),
                facts_of_item.facts.get(&spec.amount),
            ) else {
                continue;
            };
            if !counted(&outcomes[p], pi) || *amount <= Decimal::ZERO {
                continue;
            }
            for &w in members.iter().filter(|&&w| w != p) {
                if let Some(wi) = outcomes[w].items.iter().position(|i| &i.id == whole_id)
                    && counted(&outcomes[w], wi)
                {
                    out.push(Overlap {
                        part: (p, pi),
                        whole: (w, wi),
                        amount: *amount,
                    });
                }
            }
        }
    }
    out
}

fn find_item<'f>(facts: &'f Facts, kind: &str, id: &str) -> Option<&'f Item> {
    facts.items.iter().find(|i| i.kind == kind && i.id == id)
}

/// The share of an item's award that falls on `overlap` of its base: award × overlap ÷ base
/// (the whole award when the overlap covers the base), to the 分.
fn share_on(
    cat: &Catalogue,
    (facts, derived, period): Ctx,
    o: &Outcome,
    i: usize,
    overlap: Decimal,
) -> Decimal {
    let item = &o.items[i];
    let award = item.amount.unwrap_or_default();
    let base = cat
        .measure(o.measure)
        .and_then(|m| m.amount.base_expr.as_ref())
        .zip(find_item(facts, &item.kind, &item.id))
        .and_then(|(e, it)| {
            let env = Env {
                facts,
                item: Some(it),
                as_of: period.as_of,
                year: period.year,
                slots: None,
                derived,
            };
            match eval::eval(e, &env) {
                Eval::Known(Value::Num(b)) if b > Decimal::ZERO => Some(b),
                _ => None,
            }
        });
    match base {
        Some(b) if overlap < b => round_fen(award * overlap / b),
        _ => award,
    }
}

/// Takes one side's share of the overlap off its item: whichever leaves the firm more after
/// each measure's caps (the higher award on the overlapping part is the one paid). On a tie
/// the part gives way, its spend being already inside the other item.
fn settle(
    cat: &Catalogue,
    ctx: Ctx,
    g: &StackingGroup,
    ov: &Overlap,
    outcomes: &mut [Outcome],
    (explain, lang): (bool, Lang),
) {
    // An earlier overlap may have dropped one side already.
    if !counted(&outcomes[ov.part.0], ov.part.1) || !counted(&outcomes[ov.whole.0], ov.whole.1) {
        return;
    }
    let part_share = share_on(cat, ctx, &outcomes[ov.part.0], ov.part.1, ov.amount);
    let whole_share = share_on(cat, ctx, &outcomes[ov.whole.0], ov.whole.1, ov.amount);
    let left_if = |loser: (usize, usize), share: Decimal, other: usize| {
        let mut o = outcomes[loser.0].clone();
        take_share(cat, ctx, &mut o, loser.1, share);
        o.amount.unwrap_or_default() + outcomes[other].amount.unwrap_or_default()
    };
    let part_gives = left_if(ov.part, part_share, ov.whole.0);
    let whole_gives = left_if(ov.whole, whole_share, ov.part.0);
    let (loser, share, kept, kept_share) = if whole_gives > part_gives {
        (ov.whole, whole_share, ov.part, part_share)
    } else {
        (ov.part, part_share, ov.whole, whole_share)
    };
    let kept_measure = outcomes[kept.0].measure;
    let kept_ref = format!(
        "{}〔{}〕",
        measure_ref(cat, kept_measure, lang),
        outcomes[kept.0].items[kept.1].id
    );
    let o = &mut outcomes[loser.0];
    let after = take_share(cat, ctx, o, loser.1, share);
    if after.is_zero() {
        o.items[loser.1].dropped_by = Some(g.id.clone());
    }
    if explain {
        let id = &o.items[loser.1].id;
        let line = match lang {
            Lang::Zh => format!(
                "〔{id}〕与{kept_ref}重叠 {}：重叠部分本项奖补 {}、对方 {}，依“{}”只计较高者，本项扣除后 {}",
                fmt_yuan(ov.amount),
                fmt_yuan(share),
                fmt_yuan(kept_share),
                g.quote,
                fmt_yuan(after)
            ),
            Lang::En => format!(
                "〔{id}〕 overlaps {kept_ref} by {}: on the overlap this award pays {}, the other {}; the document pays only the higher, so this item keeps {}",
                yuan(lang, ov.amount),
                yuan(lang, share),
                yuan(lang, kept_share),
                yuan(lang, after)
            ),
        };
        o.calculation.push(line.clone());
        o.hints.push(line);
    }
    if o.items
        .iter()
        .all(|i| i.status != Status::Eligible || i.dropped_by.is_some())
    {
        o.dropped = Some(crate::assess::Dropped {
            group: g.id.clone(),
            kept: kept_measure.to_string(),
            reason: match lang {
                Lang::Zh => format!("依“{}”，重叠部分已在{kept_ref}中奖补", g.quote),
                Lang::En => format!("The overlapping amount is already paid under {kept_ref}"),
            },
        });
    }
}

/// Takes `share` off item `i` of `o` and recounts the outcome; the item's amount after.
fn take_share(cat: &Catalogue, ctx: Ctx, o: &mut Outcome, i: usize, share: Decimal) -> Decimal {
    let item = &mut o.items[i];
    let after = (item.amount.unwrap_or_default() - share).max(Decimal::ZERO);
    item.amount = Some(after);
    recount(cat, ctx, o);
    after
}

/// The outcome's amount again from its counted items, under the firm's caps.
fn recount(cat: &Catalogue, (facts, _, period): Ctx, o: &mut Outcome) {
    let sum: Decimal = o
        .items
        .iter()
        .filter(|i| i.status == Status::Eligible && i.dropped_by.is_none())
        .filter_map(|i| i.amount)
        .sum();
    let Some(m) = cat.measure(o.measure) else {
        return;
    };
    let capped = firm_room(m, facts, period.year, Lang::Zh).map_or(sum, |(r, _)| sum.min(r));
    if o.amount.is_some() {
        o.amount = Some(capped);
    }
}
