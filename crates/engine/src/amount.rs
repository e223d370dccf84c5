//! The amount of one award (an item, or a measure's single award) before the firm's caps over
//! all its items (`finish_amount`). The catalogue's amount rule is first read into typed values
//! ([`Rule`]): figures as `Decimal`, expressions by reference, so the calculation itself has no
//! string to parse and nothing to `unwrap`; a rule the loader should have refused becomes a
//! failure with its reason rather than a panic.

use crate::eval::{self, Env, Eval, Missing, Tri, truth};
use crate::facts::Value;
use crate::money::{fmt_rate, round_fen};
use crate::text::{Lang, tr, yuan};
use huiqi_catalog::expr::Expr;
use huiqi_catalog::quantity::{parse_money, parse_percent};
use huiqi_catalog::render::{has_han, render};
use huiqi_catalog::{AmountFigures, AmountRule, AmountRuleKind, Cap, CapPeriod, Catalogue};
use rust_decimal::Decimal;
use toml::Spanned;

/// What computing an award's amount gave.
#[derive(Debug, Default)]
pub(crate) struct AmountCalc {
    pub amount: Option<Decimal>,
    /// Facts the amount needs that are not answered.
    pub missing: Missing,
    /// The calculation line by line (only when explaining).
    pub lines: Vec<String>,
    /// Why nothing is paid although the conditions may hold (no tier fits, below the floor);
    /// the text is empty when not explaining.
    pub failure: Option<String>,
}

/// An amount rule with its figures read.
enum Rule<'c> {
    /// The text states no amount.
    None,
    Fixed(Decimal),
    /// Only a ceiling is stated: the award is "up to" it.
    UpTo(Decimal),
    Rate(Rated<'c>),
    PerUnit {
        units: &'c Expr,
        per_unit: Decimal,
    },
    /// Read tier by tier when chosen (checked whole by `compile`): an amount is computed for
    /// every measure and item of every assessment, so compiling allocates nothing.
    Tiers(&'c AmountRule),
}

/// A base (money) times a rate.
#[derive(Clone, Copy)]
struct Rated<'c> {
    base: &'c Expr,
    rate: Decimal,
}

struct Tier<'c> {
    when: &'c Expr,
    label: Option<&'c str>,
    pays: Pays<'c>,
}

enum Pays<'c> {
    Fixed(Decimal),
    Rate(Rated<'c>),
}

/// A rule and the limits that bound one award.
struct Compiled<'c> {
    rule: Rule<'c>,
    /// The rule whose caps of one award or one item's year (`item_level`) apply; none for
    /// `UpTo`, whose cap is the amount.
    award_caps: Option<&'c AmountRule>,
    floor: Option<Decimal>,
}

impl<'c> Compiled<'c> {
    /// The limits of one award, with their period.
    fn award_caps(&self) -> impl Iterator<Item = (Decimal, CapPeriod)> + 'c {
        self.award_caps
            .into_iter()
            .flat_map(|a| caps_of(a, false).map(|(c, limit)| (limit, c.per)))
    }
}

/// Caps that bound one award rather than the firm's sum.
fn item_level(per: CapPeriod) -> bool {
    matches!(per, CapPeriod::Award | CapPeriod::ItemYear)
}

fn money(s: &str) -> Result<Decimal, String> {
    parse_money(s, None).map_err(|e| format!("金额 {s}：{e}"))
}

fn percent(s: &str) -> Result<Decimal, String> {
    parse_percent(s, false).map_err(|e| format!("比例 {s}：{e}"))
}

fn required<'a, T>(v: Option<&'a T>, what: &str) -> Result<&'a T, String> {
    v.ok_or_else(|| format!("缺少{what}"))
}

/// A rule's figures as numbers: those the loader read (`AmountRule::figures`), or — for a
/// rule that did not come through the loader — parsed here, failing with the reason.
struct Figures<'a> {
    rule: &'a AmountRule,
    read: Option<&'a AmountFigures>,
}

impl<'a> Figures<'a> {
    fn of(rule: &'a AmountRule) -> Self {
        Figures {
            rule,
            read: rule.figures.as_ref(),
        }
    }

    fn money(
        read: Option<Decimal>,
        text: &Option<Spanned<String>>,
    ) -> Option<Result<Decimal, String>> {
        match read {
            Some(d) => Some(Ok(d)),
            None => text.as_ref().map(|s| money(s.get_ref())),
        }
    }

    fn rate(
        read: Option<Decimal>,
        text: &Option<Spanned<String>>,
    ) -> Option<Result<Decimal, String>> {
        match read {
            Some(d) => Some(Ok(d)),
            None => text.as_ref().map(|s| percent(s.get_ref())),
        }
    }

    fn amount(&self) -> Option<Result<Decimal, String>> {
        Self::money(self.read.and_then(|f| f.amount), &self.rule.amount)
    }

    fn rate_of_rule(&self) -> Option<Result<Decimal, String>> {
        Self::rate(self.read.and_then(|f| f.rate), &self.rule.rate)
    }

    fn floor(&self) -> Option<Result<Decimal, String>> {
        Self::money(self.read.and_then(|f| f.floor), &self.rule.floor)
    }

    /// The limit of the `i`th cap.
    fn cap(&self, i: usize) -> Result<Decimal, String> {
        match self.read.and_then(|f| f.caps.get(i)) {
            Some(&d) => Ok(d),
            None => money(self.rule.caps[i].amount.get_ref()),
        }
    }

    /// The amount and rate of the `i`th tier.
    #[allow(clippy::type_complexity)]
    fn tier(
        &self,
        i: usize,
    ) -> (
        Option<Result<Decimal, String>>,
        Option<Result<Decimal, String>>,
    ) {
        let t = &self.rule.tiers[i];
        let (amount, rate) = self
            .read
            .and_then(|f| f.tiers.get(i).copied())
            .unwrap_or_default();
        (Self::money(amount, &t.amount), Self::rate(rate, &t.rate))
    }
}

fn rated(a: &AmountRule, rate: Result<Decimal, String>) -> Result<Rated<'_>, String> {
    Ok(Rated {
        base: required(a.base_expr.as_ref(), "计算基数")?,
        rate: rate?,
    })
}

fn compile_rule<'a>(a: &'a AmountRule, f: &Figures<'a>) -> Result<Rule<'a>, String> {
    let missing = |what: &str| format!("缺少{what}");
    let amount = || f.amount().unwrap_or_else(|| Err(missing("金额")));
    Ok(match a.rule {
        AmountRuleKind::None => Rule::None,
        AmountRuleKind::Fixed => Rule::Fixed(amount()?),
        AmountRuleKind::UpTo => Rule::UpTo(match a.caps.first() {
            Some(_) => f.cap(0)?,
            None => Decimal::ZERO,
        }),
        AmountRuleKind::Rate => {
            let rate = f.rate_of_rule().ok_or_else(|| missing("比例"))?;
            Rule::Rate(rated(a, rate)?)
        }
        AmountRuleKind::PerUnit => Rule::PerUnit {
            units: required(a.units_expr.as_ref(), "单位数")?,
            per_unit: amount()?,
        },
        AmountRuleKind::Tiers => {
            for tier in tiers(a) {
                tier?;
            }
            Rule::Tiers(a)
        }
    })
}

/// The tiers of `a` in order, each with what it pays or why that does not read. A tier
/// without a condition cannot be chosen (the loader requires one) and is left out.
fn tiers(a: &AmountRule) -> impl Iterator<Item = Result<Tier<'_>, String>> {
    let f = Figures::of(a);
    a.tiers
        .iter()
        .enumerate()
        .filter_map(|(i, t)| t.when_expr.as_ref().map(|when| (i, t, when)))
        .map(move |(i, t, when)| {
            let pays = match f.tier(i) {
                (Some(v), _) => Pays::Fixed(v?),
                (None, Some(r)) => Pays::Rate(rated(a, r)?),
                (None, None) => return Err("档次缺少金额或比例".to_string()),
            };
            let label = t.label.as_deref();
            Ok(Tier { when, label, pays })
        })
}

/// The caps of `a` that bound the firm's sum over its awards (`firm_level`) or one award,
/// with their limits. A cap whose amount does not read is left out: `amount_for` has then
/// failed the measure already (see `compile`), so no amount reaches the caps.
pub(crate) fn caps_of(a: &AmountRule, firm_level: bool) -> impl Iterator<Item = (&Cap, Decimal)> {
    let f = Figures::of(a);
    a.caps
        .iter()
        .enumerate()
        .filter(move |(_, c)| item_level(c.per) != firm_level)
        .filter_map(move |(i, c)| f.cap(i).ok().map(|limit| (c, limit)))
}

fn compile(a: &AmountRule) -> Result<Compiled<'_>, String> {
    let f = Figures::of(a);
    // The firm's caps apply later (`finish_amount`), but a measure whose caps do not read
    // fails here, with its reason.
    for (i, _) in a
        .caps
        .iter()
        .enumerate()
        .filter(|(_, c)| !item_level(c.per))
    {
        f.cap(i)?;
    }
    for (i, _) in a.caps.iter().enumerate().filter(|(_, c)| item_level(c.per)) {
        f.cap(i)?;
    }
    let award_caps = (a.rule != AmountRuleKind::UpTo).then_some(a);
    let floor = f.floor().transpose()?;
    Ok(Compiled {
        rule: compile_rule(a, &f)?,
        award_caps,
        floor,
    })
}

/// The amount of one award for `env`, before the firm's caps. Without `explain` there are no
/// lines and a failure carries no text.
pub(crate) fn amount_for(
    cat: &Catalogue,
    a: &AmountRule,
    env: &Env,
    explain: bool,
    lang: Lang,
) -> AmountCalc {
    let calc = Calc {
        cat,
        env,
        explain,
        lang,
    };
    match compile(a) {
        Ok(rule) => calc.award(&rule),
        Err(e) => AmountCalc {
            failure: Some(calc.why(|| {
                tr!(
                    lang,
                    "目录中的金额规则无法读取：{e}",
                    "The catalogue's amount rule does not read: {e}"
                )
            })),
            ..AmountCalc::default()
        },
    }
}

struct Calc<'a> {
    cat: &'a Catalogue,
    env: &'a Env<'a>,
    explain: bool,
    lang: Lang,
}

/// A raw amount with its calculation lines, or the facts it still needs.
type Raw = Result<(Decimal, Vec<String>), Missing>;

impl Calc<'_> {
    fn why(&self, text: impl FnOnce() -> String) -> String {
        if self.explain { text() } else { String::new() }
    }

    fn line(&self, text: impl FnOnce() -> String) -> Vec<String> {
        if self.explain { vec![text()] } else { vec![] }
    }

    fn fixed_line(&self, v: Decimal) -> String {
        let v = yuan(self.lang, v);
        tr!(self.lang, "定额：{v}", "Fixed amount: {v}")
    }

    fn num(&self, e: &Expr) -> Result<Decimal, Missing> {
        match eval::eval(e, self.env) {
            Eval::Known(Value::Num(n)) => Ok(n),
            Eval::Unknown(missing) => Err(missing),
            _ => Err(Missing::new()),
        }
    }

    fn award(&self, c: &Compiled) -> AmountCalc {
        let raw = match &c.rule {
            Rule::None => {
                let lines = self.line(|| {
                    tr!(
                        self.lang,
                        "原文未规定具体金额，以主管部门核定为准",
                        "The text states no amount; the competent department decides it"
                    )
                });
                return AmountCalc {
                    lines,
                    ..AmountCalc::default()
                };
            }
            Rule::Fixed(v) => Ok((*v, self.line(|| self.fixed_line(*v)))),
            Rule::UpTo(cap) => Ok((
                *cap,
                self.line(|| {
                    let cap = yuan(self.lang, *cap);
                    tr!(
                        self.lang,
                        "原文仅规定上限：最高 {cap}",
                        "The text states only a cap: at most {cap}"
                    )
                }),
            )),
            Rule::Rate(r) => self.rated("", *r),
            Rule::PerUnit { units, per_unit } => self.per_unit(units, *per_unit),
            Rule::Tiers(a) => match self.tier(a) {
                Ok(Some(raw)) => raw,
                Ok(None) => {
                    return AmountCalc {
                        failure: Some(self.why(|| {
                            tr!(
                                self.lang,
                                "不符合任何奖补档次",
                                "Meets no tier of the award"
                            )
                        })),
                        ..AmountCalc::default()
                    };
                }
                Err(missing) => Err(missing),
            },
        };
        match raw {
            Ok((v, lines)) => self.limited(c, v, lines),
            Err(missing) => AmountCalc {
                missing,
                ..AmountCalc::default()
            },
        }
    }

    /// base × rate, with its line (`prefix` names a tier).
    fn rated(&self, prefix: &str, r: Rated) -> Raw {
        let b = self.num(r.base)?;
        let v = b * r.rate;
        let line = self.line(|| {
            let base = render(self.cat, r.base, self.lang);
            let (b, rate, v) = (yuan(self.lang, b), fmt_rate(r.rate), yuan(self.lang, v));
            format!("{prefix}{base} {b} × {rate} = {v}")
        });
        Ok((v, line))
    }

    fn per_unit(&self, units: &Expr, per_unit: Decimal) -> Raw {
        let u = self.num(units)?;
        let v = u * per_unit;
        let line = self.line(|| {
            let text = render(self.cat, units, self.lang);
            let (per, v) = (yuan(self.lang, per_unit), yuan(self.lang, v));
            let u = u.normalize();
            tr!(
                self.lang,
                "{text} {u} × 每单位 {per} = {v}",
                "{text} {u} × {per} per unit = {v}"
            )
        });
        Ok((v, line))
    }

    /// The first tier whose condition holds: its amount; nothing when none holds; the facts
    /// needed when a condition before the one that holds is unknown.
    fn tier(&self, a: &AmountRule) -> Result<Option<Raw>, Missing> {
        // Every tier read when the rule was compiled.
        for t in tiers(a).flatten() {
            match truth(t.when, self.env) {
                (Tri::True, _) => return Ok(Some(self.tier_amount(&t))),
                (Tri::False, _) => continue,
                (Tri::Unknown, missing) => return Err(missing),
            }
        }
        Ok(None)
    }

    fn tier_amount(&self, t: &Tier) -> Raw {
        let name = self.why(|| {
            // A tier's label is the text's Chinese name; English names the tier by its condition.
            match t.label {
                Some(l) if !(self.lang == Lang::En && has_han(l)) => l.to_string(),
                _ => render(self.cat, t.when, self.lang),
            }
        });
        match t.pays {
            Pays::Fixed(v) => Ok((
                v,
                self.line(|| {
                    let v = yuan(self.lang, v);
                    tr!(
                        self.lang,
                        "适用档次「{name}」：{v}",
                        "Tier “{name}” applies: {v}"
                    )
                }),
            )),
            Pays::Rate(r) => self.rated(
                &self.why(|| tr!(self.lang, "适用档次「{name}」：", "Tier “{name}” applies: ")),
                r,
            ),
        }
    }

    /// Rounds to the fen, then applies the floor and the caps of one award.
    fn limited(&self, c: &Compiled, raw: Decimal, mut lines: Vec<String>) -> AmountCalc {
        let mut v = round_fen(raw);
        if v != raw {
            lines.extend(self.line(|| {
                let v = yuan(self.lang, v);
                tr!(self.lang, "按分四舍五入：{v}", "Rounded to 0.01 yuan: {v}")
            }));
        }
        if let Some(floor) = c.floor
            && v < floor
        {
            let failure = self.why(|| {
                let (v, floor) = (yuan(self.lang, v), yuan(self.lang, floor));
                tr!(
                    self.lang,
                    "金额 {v} 低于起点 {floor}",
                    "The amount {v} is below the minimum {floor}"
                )
            });
            return AmountCalc {
                lines,
                failure: Some(failure),
                ..AmountCalc::default()
            };
        }
        for (limit, per) in c.award_caps() {
            let (label, lim) = (per.label(self.lang), || yuan(self.lang, limit));
            if v > limit {
                lines.extend(self.line(|| {
                    tr!(
                        self.lang,
                        "超过{label} {}，按上限计",
                        "Above {label} of {}: the cap is paid",
                        lim()
                    )
                }));
                v = limit;
            } else {
                lines.extend(
                    self.line(|| tr!(self.lang, "未超过{label} {}", "Within {label} of {}", lim())),
                );
            }
        }
        AmountCalc {
            amount: Some(v),
            lines,
            ..AmountCalc::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Facts;

    fn calc(rule: &str, explain: bool) -> AmountCalc {
        let cat = Catalogue::builtin().unwrap();
        let rule: AmountRule = toml::from_str(rule).unwrap();
        let facts = Facts::default();
        let env = Env {
            facts: &facts,
            item: None,
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            year: 2026,
            slots: None,
            derived: &[],
        };
        amount_for(&cat, &rule, &env, explain, Lang::Zh)
    }

    #[test]
    fn a_rule_the_loader_would_refuse_is_a_failure_not_a_panic() {
        for rule in [
            "rule = \"fixed\"",
            "rule = \"fixed\"\namount = \"三百\"",
            "rule = \"rate\"\nrate = \"10%\"",
            "rule = \"fixed\"\namount = \"1万元\"\nfloor = \"x\"",
            "rule = \"fixed\"\namount = \"1万元\"\ncaps = [{ per = \"firm_year\", amount = \"y\", quote = \"q\" }]",
        ] {
            let c = calc(rule, true);
            assert_eq!(c.amount, None, "{rule}");
            let failure = c.failure.unwrap_or_default();
            assert!(failure.contains("金额规则无法读取"), "{rule}: {failure}");
        }
    }

    #[test]
    fn fixed_amount_with_an_award_cap_and_rounding() {
        let c = calc(
            "rule = \"fixed\"\namount = \"12.345元\"\ncaps = [{ per = \"award\", amount = \"10元\", quote = \"q\" }]",
            true,
        );
        assert_eq!(c.amount, Some(Decimal::new(10, 0)));
        assert_eq!(c.failure, None);
        assert_eq!(c.lines.len(), 3, "{:?}", c.lines);
        let lean = calc("rule = \"fixed\"\namount = \"12.345元\"", false);
        assert_eq!(lean.amount, Some(Decimal::new(1235, 2)));
        assert!(lean.lines.is_empty());
    }
}
