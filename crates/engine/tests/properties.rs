//! Property tests over the real built-in catalogue: random firms (a region among the
//! catalogue's regions, random answers for the facts a measure reads, random items) checked
//! against invariants that must hold for every measure whatever the answers:
//! (a) amounts never exceed their caps, (b) more base never pays less, (c) removing a fact a
//! conjunctive condition needs never yields "eligible", (d) dropping an answer never turns an
//! outcome that is not "eligible" into "eligible".

use chrono::{Duration, NaiveDate};
use huiqi_catalog::expr::{ArithOp, Expr, Func};
use huiqi_catalog::quantity::parse_money;
use huiqi_catalog::{AmountRuleKind, CapPeriod, Catalogue, EventWindow, FactType, Measure};
use huiqi_engine::{Facts, Item, Outcome, Period, Status, Value, assess};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::sync::OnceLock;

fn cat() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(|| Catalogue::builtin().expect("built-in catalogue loads"))
}

/// A tiny deterministic generator seeded by proptest (so failures replay and shrink by seed).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Every expression a measure evaluates.
fn exprs_of(m: &Measure) -> Vec<&Expr> {
    let mut out: Vec<&Expr> = Vec::new();
    out.extend(m.scope_expr.iter());
    out.extend(m.when_expr.iter());
    out.extend(m.amount.base_expr.iter());
    out.extend(m.amount.units_expr.iter());
    out.extend(m.amount.tiers.iter().filter_map(|t| t.when_expr.as_ref()));
    out
}

/// Fact ids a measure reads (conditions, amount, event date), firm.region first.
fn facts_of(m: &Measure) -> Vec<String> {
    let mut out = vec!["firm.region".to_string()];
    for e in exprs_of(m) {
        for f in e.facts() {
            if !out.iter().any(|x| x == f) {
                out.push(f.to_string());
            }
        }
    }
    if let Some(ed) = &m.event_date
        && !out.contains(ed.get_ref())
    {
        out.push(ed.get_ref().clone());
    }
    out
}

/// Numeric and date literals of an expression: thresholds worth hitting exactly.
fn literals(e: &Expr, nums: &mut Vec<Decimal>, dates: &mut Vec<NaiveDate>) {
    match e {
        Expr::Num { value, .. } => nums.push(*value),
        Expr::Date(d) => dates.push(*d),
        Expr::Not(a) => literals(a, nums, dates),
        Expr::And(xs) | Expr::Or(xs) | Expr::Call(_, xs) => {
            xs.iter().for_each(|x| literals(x, nums, dates))
        }
        Expr::Cmp(_, a, b) | Expr::Arith(_, a, b) => {
            literals(a, nums, dates);
            literals(b, nums, dates);
        }
        Expr::In(a, xs) => {
            literals(a, nums, dates);
            xs.iter().for_each(|x| literals(x, nums, dates));
        }
        Expr::Within(a, _) => literals(a, nums, dates),
        _ => {}
    }
}

/// String literals compared with facts (`x == "ordinary"`, `x in [...]`, `x within "3701"`).
fn strings(e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::Str(s) | Expr::Within(_, s) => out.push(s.clone()),
        Expr::Not(a) => strings(a, out),
        Expr::And(xs) | Expr::Or(xs) | Expr::Call(_, xs) => xs.iter().for_each(|x| strings(x, out)),
        Expr::Cmp(_, a, b) | Expr::Arith(_, a, b) => {
            strings(a, out);
            strings(b, out);
        }
        Expr::In(a, xs) => {
            strings(a, out);
            xs.iter().for_each(|x| strings(x, out));
        }
        _ => {}
    }
}

/// A firm (and assessment date) generated for one measure.
#[derive(Debug, Clone)]
struct Case {
    measure: String,
    facts: Facts,
    as_of: NaiveDate,
}

fn random_value(rng: &mut Rng, m: &Measure, fact: &str) -> Option<Value> {
    let cat = cat();
    let def = cat.fact(fact)?;
    let doc = &cat.document_of(m).doc;
    let (mut nums, mut dates, mut strs) = (Vec::new(), Vec::new(), Vec::new());
    for e in exprs_of(m) {
        literals(e, &mut nums, &mut dates);
        strings(e, &mut strs);
    }
    let number = |rng: &mut Rng, whole: bool| -> Decimal {
        let v = if !nums.is_empty() && rng.chance(50) {
            // At, just below or just above a threshold of the rule.
            let t = *rng.pick(&nums);
            match rng.below(3) {
                0 => t,
                1 => t * Decimal::new(9, 1),
                _ => t * Decimal::new(13, 1),
            }
        } else {
            let magnitude = Decimal::from(10u64.pow(rng.below(11) as u32));
            Decimal::from(rng.below(10) as u64) * magnitude
        };
        if whole { v.floor() } else { v }
    };
    Some(match def.ty {
        FactType::Bool => Value::Bool(rng.chance(60)),
        FactType::Money => Value::Num(number(rng, false)),
        FactType::Count | FactType::Number => Value::Num(number(rng, def.ty == FactType::Count)),
        FactType::Percent => Value::Num(Decimal::new(rng.below(101) as i64, 2)),
        FactType::Year => Value::Num(Decimal::from(2018 + rng.below(10) as i64)),
        FactType::Date => {
            let anchor = if !dates.is_empty() && rng.chance(30) {
                *rng.pick(&dates)
            } else {
                doc.effective
                    .date
                    .unwrap_or(NaiveDate::from_ymd_opt(2022, 1, 1).unwrap())
            };
            Value::Date(anchor + Duration::days(rng.below(5 * 365) as i64 - 365))
        }
        FactType::Choice => Value::Text(rng.pick(&def.choices).value.clone()),
        FactType::Region => {
            let regions = &cat.regions.regions;
            let inside: Vec<&str> = regions
                .iter()
                .map(|r| r.code.as_str())
                .filter(|c| {
                    doc.regions
                        .iter()
                        .any(|d| huiqi_catalog::tables::region_within(c, d))
                })
                .collect();
            if !inside.is_empty() && rng.chance(85) {
                Value::Text(rng.pick(&inside).to_string())
            } else {
                // Any region a document of the catalogue applies to.
                let all: Vec<&str> = cat
                    .documents
                    .iter()
                    .flat_map(|d| d.doc.regions.iter().map(String::as_str))
                    .collect();
                Value::Text(rng.pick(&all).to_string())
            }
        }
        FactType::Industry => {
            let codes: Vec<&str> = strs
                .iter()
                .map(String::as_str)
                .filter(|s| cat.industries.contains(s))
                .collect();
            if !codes.is_empty() && rng.chance(60) {
                Value::Text(rng.pick(&codes).to_string())
            } else {
                Value::Text(rng.pick(&cat.industries.industries).code.clone())
            }
        }
        FactType::Text => Value::Text(if strs.is_empty() {
            "x".into()
        } else {
            rng.pick(&strs).clone()
        }),
    })
}

/// A random firm for `m`: each fact the measure reads answered with probability `answered`%.
fn generate(m: &Measure, seed: u64, answered: u64) -> Case {
    let cat = cat();
    let mut rng = Rng(seed);
    let mut facts = Facts::default();
    let ids = facts_of(m);
    for id in ids
        .iter()
        .filter(|id| cat.fact(id).is_some_and(|d| d.item.is_none()))
    {
        if ((id == "firm.region" && rng.chance(95)) || rng.chance(answered))
            && let Some(v) = random_value(&mut rng, m, id)
        {
            facts.firm.insert(id.clone(), v);
        }
    }
    // Items: of the measure's own kind, and of any kind a count() reads.
    let mut kinds: Vec<String> = m.per_item.iter().cloned().collect();
    for e in exprs_of(m) {
        for k in e.counted_kinds() {
            if !kinds.iter().any(|x| x == k) {
                kinds.push(k.to_string());
            }
        }
    }
    for kind in &kinds {
        let n = if m.per_item.as_deref() == Some(kind.as_str()) {
            1 + rng.below(3)
        } else {
            rng.below(4)
        };
        for i in 0..n {
            let mut item = Item {
                kind: kind.clone(),
                id: format!("{kind}#{i}"),
                facts: BTreeMap::new(),
            };
            for id in ids.iter().filter(|id| {
                cat.fact(id)
                    .is_some_and(|d| d.item.as_deref() == Some(kind.as_str()))
            }) {
                if rng.chance(answered)
                    && let Some(v) = random_value(&mut rng, m, id)
                {
                    item.facts.insert(id.clone(), v);
                }
            }
            facts.items.push(item);
        }
    }
    let doc = &cat.document_of(m).doc;
    let start = doc
        .effective
        .date
        .unwrap_or(NaiveDate::from_ymd_opt(2022, 1, 1).unwrap());
    let end = doc.expires.date.unwrap_or(start + Duration::days(3 * 365));
    let span = (end - start).num_days().max(1) as usize;
    // Mostly inside the validity window; sometimes after it (expired: would_have_paid).
    let window = if rng.chance(80) { span } else { span + 2 * 365 };
    let as_of = start + Duration::days(rng.below(window) as i64);
    Case {
        measure: m.id().to_string(),
        facts,
        as_of,
    }
}

fn run(case: &Case) -> Outcome<'static> {
    let a = assess(
        cat(),
        &case.facts,
        case.as_of,
        Some(std::slice::from_ref(&case.measure)),
    );
    a.outcome(&case.measure).expect("measure assessed").clone()
}

fn yuan(s: &toml::Spanned<String>) -> Decimal {
    parse_money(s.get_ref(), None).expect("cap literal")
}

fn measures_where(f: impl Fn(&Measure) -> bool) -> Vec<&'static Measure> {
    let v: Vec<&Measure> = cat().measures().iter().filter(|m| f(m)).collect();
    assert!(
        !v.is_empty(),
        "no measure of the catalogue fits this property"
    );
    v
}

// ---------------------------------------------------------------------------------------
// (a) caps

fn capped() -> &'static [&'static Measure] {
    static V: OnceLock<Vec<&'static Measure>> = OnceLock::new();
    V.get_or_init(|| measures_where(|m| !m.amount.caps.is_empty()))
}

fn check_caps(o: &Outcome, m: &Measure) -> Result<(), String> {
    let total = o.amount.or(o.would_have_paid);
    for cap in &m.amount.caps {
        let c = yuan(&cap.amount);
        let per_award = matches!(cap.per, CapPeriod::Award | CapPeriod::ItemYear);
        if per_award && m.per_item.is_some() {
            for i in &o.items {
                if let Some(a) = i.amount
                    && a > c
                {
                    return Err(format!(
                        "{} item {}: amount {a} exceeds {:?} cap {c}",
                        m.id(),
                        i.id,
                        cap.per
                    ));
                }
            }
        } else if let Some(t) = total
            && t > c
        {
            return Err(format!(
                "{}: amount {t} exceeds {:?} cap {c}",
                m.id(),
                cap.per
            ));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn amounts_never_exceed_caps(pick in any::<prop::sample::Index>(), seed in any::<u64>()) {
        let m = pick.get(capped());
        let case = generate(m, seed, 90);
        let o = run(&case);
        if let Err(e) = check_caps(&o, m) {
            return Err(TestCaseError::fail(format!("{e}\ncase: {case:?}\ncalculation: {:?}", o.calculation)));
        }
    }
}

// ---------------------------------------------------------------------------------------
// (b) monotone in the base

/// True when `e` never decreases as `fact` grows (all facts being non-negative).
fn nondecreasing_in(e: &Expr, fact: &str) -> bool {
    let reads = |x: &Expr| x.facts().contains(&fact);
    match e {
        Expr::Fact(_) | Expr::Num { .. } | Expr::AsOfYear => true,
        Expr::Arith(ArithOp::Add | ArithOp::Mul, a, b) => {
            nondecreasing_in(a, fact) && nondecreasing_in(b, fact)
        }
        Expr::Arith(ArithOp::Sub | ArithOp::Div, a, b) => nondecreasing_in(a, fact) && !reads(b),
        Expr::Call(Func::Min | Func::Max | Func::Floor, xs) => {
            xs.iter().all(|x| nondecreasing_in(x, fact))
        }
        _ => !reads(e),
    }
}

fn monotone() -> &'static [(&'static Measure, String)] {
    static V: OnceLock<Vec<(&'static Measure, String)>> = OnceLock::new();
    V.get_or_init(|| {
        let mut out = Vec::new();
        for m in cat().measures() {
            let base = match m.amount.rule {
                AmountRuleKind::Rate => m.amount.base_expr.as_ref(),
                AmountRuleKind::PerUnit => m.amount.units_expr.as_ref(),
                _ => None,
            };
            if let Some(b) = base {
                for f in b.facts() {
                    if nondecreasing_in(b, f) {
                        out.push((m, f.to_string()));
                    }
                }
            }
        }
        assert!(out.len() >= 5, "too few monotone measures: {}", out.len());
        out
    })
}

/// The same firm with `fact` raised by `extra` wherever it is answered.
fn grown(case: &Case, fact: &str, extra: Decimal) -> Case {
    let mut bigger = case.clone();
    let grow = |v: &mut Value| {
        if let Value::Num(n) = v {
            *n += extra;
        }
    };
    bigger.facts.firm.get_mut(fact).map(grow);
    for item in &mut bigger.facts.items {
        item.facts.get_mut(fact).map(grow);
    }
    bigger
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn more_base_never_pays_less(
        pick in any::<prop::sample::Index>(),
        seed in any::<u64>(),
        mantissa in 1u64..10,
        exponent in 0u32..10,
    ) {
        let (m, fact) = pick.get(monotone());
        // Start from a firm the measure pays (retrying seeds), so that every case compares.
        let case = (0..64u64)
            .map(|k| generate(m, seed.wrapping_add(k.wrapping_mul(0x9E37_79B9)), 100))
            .find(|c| run(c).amount.or(run(c).would_have_paid).is_some());
        prop_assume!(case.is_some());
        let case = case.unwrap();
        // Log-uniform increments, so that both small steps and large ones (past thresholds
        // and caps) occur.
        let extra = Decimal::from(mantissa * 10u64.pow(exponent));
        let bigger = grown(&case, fact, extra);
        let (small, large) = (run(&case), run(&bigger));
        let paid = |o: &Outcome| o.amount.or(o.would_have_paid);
        if small.status == large.status
            && let (Some(a), Some(b)) = (paid(&small), paid(&large))
            && b < a
        {
            return Err(TestCaseError::fail(format!(
                "{}: raising {fact} by {extra} lowered the amount {a} → {b}\ncase: {case:?}\n{:?}\n{:?}",
                m.id(), small.calculation, large.calculation
            )));
        }
    }
}

// ---------------------------------------------------------------------------------------
// (c) a fact a conjunctive condition needs cannot be missing from an eligible outcome

fn has_or(e: &Expr) -> bool {
    match e {
        Expr::Or(_) => true,
        Expr::Not(a) => has_or(a),
        Expr::And(xs) | Expr::Call(_, xs) => xs.iter().any(has_or),
        Expr::Cmp(_, a, b) | Expr::Arith(_, a, b) => has_or(a) || has_or(b),
        Expr::In(a, xs) => has_or(a) || xs.iter().any(has_or),
        Expr::Within(a, _) => has_or(a),
        _ => false,
    }
}

/// Facts read by an atom of a top-level conjunction (no `or` anywhere inside that atom).
fn conjunctive_facts(e: &Expr) -> Vec<String> {
    let atoms: Vec<&Expr> = match e {
        Expr::And(xs) => xs.iter().collect(),
        other => vec![other],
    };
    let mut out: Vec<String> = Vec::new();
    for a in atoms.into_iter().filter(|a| !has_or(a)) {
        for f in a.facts() {
            if !out.iter().any(|x| x == f) {
                out.push(f.to_string());
            }
        }
    }
    out
}

fn conjunctive() -> &'static [(&'static Measure, String)] {
    static V: OnceLock<Vec<(&'static Measure, String)>> = OnceLock::new();
    V.get_or_init(|| {
        let mut out = Vec::new();
        for m in cat().measures() {
            for e in m.scope_expr.iter().chain(m.when_expr.iter()) {
                for f in conjunctive_facts(e) {
                    if !out
                        .iter()
                        .any(|(x, g): &(&Measure, String)| x.id() == m.id() && *g == f)
                    {
                        out.push((m, f));
                    }
                }
            }
        }
        assert!(
            out.len() >= 20,
            "too few conjunctive conditions: {}",
            out.len()
        );
        out
    })
}

fn remove_fact(facts: &mut Facts, fact: &str) {
    facts.firm.remove(fact);
    for item in &mut facts.items {
        item.facts.remove(fact);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn unknown_conjunct_is_never_eligible(pick in any::<prop::sample::Index>(), seed in any::<u64>()) {
        let (m, fact) = pick.get(conjunctive());
        let mut case = generate(m, seed, 100);
        remove_fact(&mut case.facts, fact);
        let o = run(&case);
        prop_assert_ne!(o.status, Status::Eligible, "{} eligible without {}: {:?}", m.id(), fact, case);
    }
}

// ---------------------------------------------------------------------------------------
// (d) dropping an answer never makes a firm eligible

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn dropping_an_answer_never_makes_eligible(
        pick in any::<prop::sample::Index>(),
        seed in any::<u64>(),
        which in any::<prop::sample::Index>(),
    ) {
        let measures = cat().measures();
        let m = &measures[pick.index(measures.len())];
        let case = generate(m, seed, 85);
        let before = run(&case);
        prop_assume!(before.status != Status::Eligible);
        // Every answer given, firm-level or on an item; drop one of them.
        let mut answers: Vec<(Option<usize>, String)> = case.facts.firm.keys().map(|k| (None, k.clone())).collect();
        for (n, item) in case.facts.items.iter().enumerate() {
            answers.extend(item.facts.keys().map(|k| (Some(n), k.clone())));
        }
        prop_assume!(!answers.is_empty());
        let (at, fact) = which.get(&answers).clone();
        let mut dropped = case.clone();
        match at {
            None => dropped.facts.firm.remove(&fact),
            Some(n) => dropped.facts.items[n].facts.remove(&fact),
        };
        let after = run(&dropped);
        prop_assert_ne!(
            after.status, Status::Eligible,
            "{}: {:?} became eligible once {} was dropped\ncase: {:?}", m.id(), before.status, fact, case
        );
    }
}

// The generator must reach every interesting outcome, or the properties prove little.
#[test]
fn generator_reaches_eligible_and_not_eligible_outcomes() {
    let mut seen: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (n, m) in cat().measures().iter().enumerate() {
        for k in 0..8u64 {
            let o = run(&generate(m, (n as u64) << 8 | k, 90));
            *seen.entry(o.status.as_str()).or_default() += 1;
        }
    }
    for s in ["eligible", "not_eligible", "undecided", "out_of_scope"] {
        assert!(
            seen.get(s).copied().unwrap_or(0) >= 20,
            "generator rarely yields {s}: {seen:?}"
        );
    }
    let capped_hit = capped()
        .iter()
        .flat_map(|m| (0..16u64).map(move |k| run(&generate(m, k, 100))))
        .filter(|o| o.amount.is_some())
        .count();
    assert!(capped_hit >= 20, "capped measures rarely pay: {capped_hit}");
    // Property (b) compares two paid amounts; that must happen, and below the cap too.
    let mut compared = 0;
    for (n, (m, fact)) in monotone().iter().enumerate() {
        for k in 0..16u64 {
            let case = generate(m, (n as u64) << 8 | k, 100);
            let (a, b) = (run(&case), run(&grown(&case, fact, Decimal::from(10_000))));
            if a.status == Status::Eligible && b.status == Status::Eligible && a.amount != b.amount
            {
                compared += 1;
            }
        }
    }
    assert!(
        compared >= 10,
        "monotone measures rarely pay different amounts: {compared}"
    );
}

// ---------------------------------------------------------------------------------------
// (e) support years: a per-year cap holds for the items of the year, and an item of another
// year changes nothing in the year assessed.

/// Measures paid per item whose event date places each item in a support year.
fn yearly_items() -> &'static [&'static Measure] {
    static V: OnceLock<Vec<&'static Measure>> = OnceLock::new();
    V.get_or_init(|| {
        measures_where(|m| {
            m.per_item.is_some()
                && m.event_date.is_some()
                && m.event_window == EventWindow::SupportYear
        })
    })
}

fn run_in(case: &Case, year: i32) -> Outcome<'static> {
    let period = Period::new(case.as_of, year);
    let a = assess(
        cat(),
        &case.facts,
        period,
        Some(std::slice::from_ref(&case.measure)),
    );
    a.outcome(&case.measure).expect("measure assessed").clone()
}

/// The year of the first answered event date among the case's items, else the year of as_of.
fn some_event_year(case: &Case, m: &Measure) -> i32 {
    let ed = m
        .event_date
        .as_ref()
        .map(|e| e.get_ref().as_str())
        .unwrap_or("");
    case.facts
        .items
        .iter()
        .find_map(|i| match i.facts.get(ed) {
            Some(Value::Date(d)) => Some(chrono::Datelike::year(d)),
            _ => None,
        })
        .unwrap_or(chrono::Datelike::year(&case.as_of))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_per_year_cap_holds_for_the_items_of_the_year(pick in any::<prop::sample::Index>(), seed in any::<u64>()) {
        let m = pick.get(yearly_items());
        let case = generate(m, seed, 90);
        let year = some_event_year(&case, m);
        let o = run_in(&case, year);
        if let Err(e) = check_caps(&o, m) {
            return Err(TestCaseError::fail(format!("{e}\ncase: {case:?}")));
        }
        for i in o.items.iter().filter(|i| i.amount.is_some()) {
            prop_assert_eq!(i.year, Some(year), "item {} of another year was paid: {:?}", i.id, o.calculation);
        }
        let counted: Decimal = o.items.iter().filter_map(|i| i.amount).sum();
        if let Some(a) = o.amount {
            prop_assert!(a <= counted, "amount {} above the items of {}: {}", a, year, counted);
        }
    }

    #[test]
    fn an_item_of_another_year_changes_nothing(pick in any::<prop::sample::Index>(), seed in any::<u64>(), back in 1i64..6) {
        let m = pick.get(yearly_items());
        let case = generate(m, seed, 90);
        let year = some_event_year(&case, m);
        let before = run_in(&case, year);
        // A copy of the first item, its event moved `back` years earlier.
        let ed = m.event_date.as_ref().unwrap().get_ref().clone();
        let mut with_old = case.clone();
        if let Some(first) = case.facts.items.iter().find(|i| Some(&i.kind) == m.per_item.as_ref()) {
            let mut old = first.clone();
            old.id = format!("{}-earlier", old.id);
            let earlier = NaiveDate::from_ymd_opt(year - back as i32, 6, 30).unwrap();
            old.facts.insert(ed.clone(), Value::Date(earlier));
            with_old.facts.items.push(old);
        }
        let after = run_in(&with_old, year);
        prop_assert_eq!(before.amount, after.amount, "amount changed: {:?} → {:?}", before.calculation, after.calculation);
        prop_assert_eq!(before.would_have_paid, after.would_have_paid);
    }
}

// ---------------------------------------------------------------------------------------
// (f) declaring that a spend overlaps another never raises what the firm receives

fn overlap_firm(contract: u64, equipment: u64, overlap: Option<u64>, track: &str) -> Facts {
    let money = |wan: u64| Value::Num(Decimal::from(wan) * Decimal::from(10_000));
    let date = |s: &str| Value::Date(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
    let mut facts = Facts::default();
    facts
        .firm
        .insert("firm.region".into(), Value::Text("370112".into()));
    facts
        .firm
        .insert("firm.is_industrial".into(), Value::Bool(true));
    let project = BTreeMap::from([
        (
            "jinan-gyqs-2020.project.track".to_string(),
            Value::Text(track.into()),
        ),
        (
            "jinan-gyqs-2020.project.equipment_investment".to_string(),
            money(equipment),
        ),
        (
            "jinan-gyqs-2020.project.software_investment".to_string(),
            money(0),
        ),
        (
            "jinan-gyqs-2020.project.completed_on".to_string(),
            date("2026-06-30"),
        ),
    ]);
    let mut first_set = BTreeMap::from([
        (
            "jinan-2020-3.first_set.level".to_string(),
            Value::Text("national".into()),
        ),
        (
            "jinan-2020-3.first_set.role".to_string(),
            Value::Text("user".into()),
        ),
        (
            "jinan-2020-3.first_set.recognized_on".to_string(),
            date("2026-03-18"),
        ),
        (
            "jinan-2020-3.first_set.first_contract".to_string(),
            money(contract),
        ),
    ]);
    if let Some(x) = overlap {
        first_set.insert(
            "jinan-2020-3.first_set.part_of_project".into(),
            Value::Text("p1".into()),
        );
        first_set.insert("jinan-2020-3.first_set.overlap_amount".into(), money(x));
    }
    facts.items.push(Item {
        kind: "jinan-gyqs-2020.project".into(),
        id: "p1".into(),
        facts: project,
    });
    facts.items.push(Item {
        kind: "jinan-2020-3.first_set".into(),
        id: "f1".into(),
        facts: first_set,
    });
    facts
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn declaring_an_overlap_never_raises_the_total(
        contract in 1u64..5_000,
        equipment in 1u64..20_000,
        overlap in 1u64..6_000,
        track in prop::sample::select(vec!["ordinary", "line", "workshop", "factory"]),
    ) {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let only = ["jinan-2020-3/3b".to_string(), "jinan-gyqs-2020/7a".to_string(), "jinan-gyqs-2020/7b".to_string()];
        let total = |f: &Facts| assess(cat(), f, as_of, Some(&only)).totals.exact;
        let without = total(&overlap_firm(contract, equipment, None, track));
        let with = total(&overlap_firm(contract, equipment, Some(overlap), track));
        prop_assert!(with <= without, "overlap raised the total: {} > {}", with, without);
        // The higher award on the overlapping part is kept: never below either award alone.
        let alone = |id: &str| assess(cat(), &overlap_firm(contract, equipment, None, track), as_of, Some(&[id.to_string()])).totals.exact;
        let best = alone("jinan-2020-3/3b").max(alone("jinan-gyqs-2020/7a") + alone("jinan-gyqs-2020/7b"));
        prop_assert!(with >= best, "overlap paid less than the better side: {} < {}", with, best);
    }
}

// ---------------------------------------------------------------------------------------
// (g) claims already made never make what the firm can still claim larger

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_ledger_never_raises_what_can_be_claimed(
        pick in any::<prop::sample::Index>(),
        seed in any::<u64>(),
        wan in 0u64..3_000,
        back in 0i32..3,
        on_item in any::<bool>(),
    ) {
        let m = pick.get(capped());
        let case = generate(m, seed, 90);
        let year = chrono::Datelike::year(&case.as_of);
        let before = run_in(&case, year);
        let mut with_claim = case.clone();
        let item = on_item.then(|| case.facts.items.first().map(|i| i.id.clone())).flatten();
        with_claim.facts.received.push(huiqi_engine::Received {
            measure: m.id().to_string(),
            year: year - back,
            amount: Some(Decimal::from(wan) * Decimal::from(10_000)),
            item,
            state: huiqi_engine::ClaimState::Paid,
        });
        let after = run_in(&with_claim, year);
        let counted = |o: &Outcome| o.counted_amount().unwrap_or_default();
        prop_assert!(counted(&after) <= counted(&before),
            "{}: a claim raised the amount {} → {}", m.id(), counted(&before), counted(&after));
    }
}
