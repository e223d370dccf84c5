//! Property test (issue 17): a policy pack that passes lint never makes the engine panic.
//! Packs are generated from random measure shapes (conditions, amount rules, tiers, caps of
//! every period, items, event windows, one-off and accruing awards, 就高不重复 groups) over
//! the example pack's source; those the loader refuses are discarded, the rest are assessed
//! for random firms, items and claims on random dates.

use huiqi_catalog::{Catalogue, Pack};
use huiqi_engine::{Facts, Period, Received, assess, facts_from_text};
use proptest::prelude::*;
use std::path::Path;

const KEY: &str = "demo-jinan-2020-3";
const QUOTE: &str = "对经工业和信息化部认定的单项冠军产品企业，一次性奖励 100 万元。";

/// A tiny deterministic generator seeded by proptest (failures replay by seed).
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
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
    /// Numbers around the boundaries that matter: 0, small, round, huge.
    fn number(&mut self) -> u64 {
        *[
            0, 1, 3, 10, 99, 100, 500, 1000, 12345, 1_000_000, 99_999_999,
        ]
        .get(self.below(11))
        .unwrap()
    }
}

fn example_file(rel: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/pack");
    std::fs::read_to_string(root.join(rel)).unwrap()
}

const CONDITIONS: &[&str] = &[
    "firm.single_champion",
    "firm.revenue_last_year >= {n}万元",
    "firm.employees > {n}",
    "firm.revenue_last_year - firm.revenue_prev_year > {n}元 or firm.high_tech",
    "not firm.above_scale and firm.employees <= {n}",
    "firm.industry within \"C\"",
    "year(firm.registered_on) >= $year - 3",
    "count(demo-jinan-2020-3.project) >= 1",
];

fn condition(r: &mut Rng) -> String {
    r.pick(CONDITIONS).replace("{n}", &r.number().to_string())
}

const PERIODS: &[&str] = &["award", "item_year", "firm_year", "firm_total"];

fn caps(r: &mut Rng, per_item: bool) -> String {
    let mut out = Vec::new();
    for per in PERIODS {
        if (*per != "item_year" || per_item) && r.chance(30) {
            out.push(format!(
                "{{ per = \"{per}\", amount = \"{}万元\", quote = \"{QUOTE}\" }}",
                r.number()
            ));
        }
    }
    format!("[{}]", out.join(", "))
}

/// An amount rule and a class that fits it (sometimes one that does not, for the loader).
fn amount(r: &mut Rng, per_item: bool) -> (String, &'static str) {
    let base = if per_item {
        "demo-jinan-2020-3.project.investment"
    } else {
        "firm.revenue_last_year"
    };
    let caps = caps(r, per_item);
    let exact = *["exact", "maximum"].get(r.below(2)).unwrap();
    match r.below(6) {
        0 => (
            format!(
                "{{ rule = \"fixed\", amount = \"{}万元\", caps = {caps} }}",
                r.number()
            ),
            exact,
        ),
        1 => (
            format!(
                "{{ rule = \"rate\", base = \"{base}\", rate = \"{}%\", caps = {caps} }}",
                r.below(101)
            ),
            exact,
        ),
        2 => {
            let tiers: Vec<String> = (0..1 + r.below(3))
                .map(|_| {
                    let pay = if r.chance(50) {
                        format!("amount = \"{}万元\"", r.number())
                    } else {
                        format!("rate = \"{}%\"", r.below(50))
                    };
                    format!("{{ when = '{}', {pay} }}", condition(r))
                })
                .collect();
            (
                format!(
                    "{{ rule = \"tiers\", base = \"{base}\", tiers = [{}], caps = {caps} }}",
                    tiers.join(", ")
                ),
                exact,
            )
        }
        3 => (
            format!(
                "{{ rule = \"per_unit\", units = \"firm.employees\", amount = \"{}元\", caps = {caps} }}",
                r.number()
            ),
            exact,
        ),
        4 => (format!("{{ rule = \"up_to\", caps = {caps} }}"), "cap_only"),
        _ => ("{ rule = \"none\" }".into(), "unquantified"),
    }
}

fn measure(r: &mut Rng, n: usize) -> String {
    let per_item = r.chance(40);
    let (amount, class) = amount(r, per_item);
    let mut m = format!(
        "[[measure]]\nid = \"{KEY}/12{}\"\nclause = \"12\"\ntitle = \"生成的措施 {n}\"\nquotes = [\"{QUOTE}\"]\nbeneficiary = \"企业\"\namount_class = \"{class}\"\namount = {amount}\n",
        char::from(b'a' + n as u8)
    );
    if r.chance(70) {
        m += &format!("when = '{}'\n", condition(r));
    }
    if r.chance(30) {
        m += "scope = \"firm.is_industrial\"\n";
    }
    if per_item {
        m += "per_item = \"demo-jinan-2020-3.project\"\n";
        if r.chance(60) {
            m += "event_date = \"demo-jinan-2020-3.project.completed_on\"\n";
            m += &format!(
                "event_window = \"{}\"\n",
                r.pick(&["support_year", "previous_year", "validity"])
            );
        }
    }
    if r.chance(25) {
        m += "once = true\n";
    }
    if r.chance(20) {
        m += "accrues = true\n";
    }
    m
}

const FACTS: &str = r#"
[[item_kind]]
id = "demo-jinan-2020-3.project"
label = "项目"

[[fact]]
id = "demo-jinan-2020-3.project.investment"
item = "demo-jinan-2020-3.project"
type = "money"
unit = "万元"
label = "投资额"

[[fact]]
id = "demo-jinan-2020-3.project.completed_on"
item = "demo-jinan-2020-3.project"
type = "date"
label = "完成日期"
"#;

/// A pack with 1–4 generated measures (and sometimes a 就高不重复 group over them).
fn pack(r: &mut Rng) -> Vec<(String, String)> {
    let count = 1 + r.below(4);
    let measures: Vec<String> = (0..count).map(|n| measure(r, n)).collect();
    let mut document = example_file(&format!("policies/demo/{KEY}/document.toml"));
    if count > 1 && r.chance(50) {
        let kind = r.pick(&["highest_only", "one_per_item"]);
        let members: Vec<String> = (0..count)
            .map(|n| format!("\"{KEY}/12{}\"", char::from(b'a' + n as u8)))
            .collect();
        document += &format!(
            "\n[[stacking]]\nid = \"{KEY}/g\"\nkind = \"{kind}\"\nmembers = [{}]\nquote = \"{QUOTE}\"\n",
            members.join(", ")
        );
    }
    let dir = format!("policies/demo/{KEY}");
    vec![
        ("pack.toml".into(), example_file("pack.toml")),
        (
            format!("sources/{KEY}.txt"),
            example_file(&format!("sources/{KEY}.txt")),
        ),
        (format!("{dir}/document.toml"), document),
        (format!("{dir}/facts.toml"), FACTS.into()),
        (format!("{dir}/measures.toml"), measures.join("\n")),
    ]
}

fn firm(r: &mut Rng, cat: &Catalogue) -> Option<Facts> {
    let mut answers: Vec<(String, String)> = vec![(
        "firm.region".into(),
        r.pick(&["370112", "370211", "110101"]).into(),
    )];
    let values: &[(&str, &[&str])] = &[
        ("firm.single_champion", &["是", "否"]),
        ("firm.is_industrial", &["是", "否"]),
        ("firm.above_scale", &["是", "否"]),
        ("firm.high_tech", &["是", "否"]),
        ("firm.industry", &["C34", "I65", "C"]),
        (
            "firm.registered_on",
            &["2000-01-01", "2024-06-30", "2026-01-01"],
        ),
        (
            "firm.single_champion_on",
            &["2016-12-01", "2021-11-30", "2026-02-01"],
        ),
    ];
    for (fact, choices) in values {
        if r.chance(70) {
            answers.push((fact.to_string(), r.pick(choices).into()));
        }
    }
    for fact in ["firm.revenue_last_year", "firm.revenue_prev_year"] {
        if r.chance(70) {
            answers.push((fact.into(), format!("{}万元", r.number())));
        }
    }
    if r.chance(70) {
        answers.push(("firm.employees".into(), r.number().to_string()));
    }
    let items: Vec<(String, Vec<(String, String)>)> = (0..r.below(4))
        .map(|n| {
            let mut facts = Vec::new();
            if r.chance(80) {
                facts.push((
                    "demo-jinan-2020-3.project.investment".to_string(),
                    format!("{}万元", r.number()),
                ));
            }
            if r.chance(80) {
                let day = r.pick(&[
                    "2019-05-01",
                    "2020-01-19",
                    "2023-12-31",
                    "2026-06-30",
                    "2026-11-30",
                ]);
                facts.push((
                    "demo-jinan-2020-3.project.completed_on".to_string(),
                    day.to_string(),
                ));
            }
            (format!("p{n}"), facts)
        })
        .collect();
    let mut facts = facts_from_text(
        cat,
        answers.iter().map(|(a, b)| (a.as_str(), b.as_str())),
        items.iter().map(|(id, fs)| {
            (
                "demo-jinan-2020-3.project",
                id.as_str(),
                fs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect(),
            )
        }),
        None,
    )
    .ok()?;
    if r.chance(40) {
        facts.received.push(Received {
            measure: format!("{KEY}/12a"),
            year: 2020 + r.below(8) as i32,
            amount: Some(rust_decimal::Decimal::from(r.number())),
            item: r.chance(50).then(|| "p0".to_string()),
            state: huiqi_engine::ClaimState::ALL[r.below(huiqi_engine::ClaimState::ALL.len())],
        });
    }
    Some(facts)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_pack_that_passes_lint_never_makes_the_engine_panic(seed in any::<u64>()) {
        let mut r = Rng(seed);
        let files = pack(&mut r);
        let pack = Pack::from_files(files.clone()).expect("manifest reads");
        // Only packs the loader accepts are what users can install.
        let Ok(cat) = Catalogue::builtin_with_packs(&[pack]) else {
            return Ok(());
        };
        let ids: Vec<String> = cat
            .measures()
            .iter()
            .filter(|m| m.document == KEY)
            .map(|m| m.id().to_string())
            .collect();
        for _ in 0..8 {
            let Some(facts) = firm(&mut r, &cat) else { continue };
            let day = chrono::NaiveDate::from_ymd_opt(2019 + r.below(10) as i32, 1 + r.below(12) as u32, 1 + r.below(28) as u32).unwrap();
            let year = chrono::Datelike::year(&day) - r.below(2) as i32;
            let period = Period::new(day, year);
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let a = assess(&cat, &facts, period.clone(), Some(&ids));
                let _ = huiqi_engine::questions(&cat, &facts, period.clone(), Some(&ids));
                a.outcomes.len()
            }));
            prop_assert!(outcome.is_ok(), "engine panicked on a linted pack:\n{}\nfacts: {facts:?}\nperiod: {period:?}",
                files.iter().map(|(p, t)| format!("== {p}\n{t}")).collect::<Vec<_>>().join("\n"));
        }
    }
}

/// The generator must produce packs the loader accepts, or the property tests nothing.
#[test]
fn most_generated_packs_pass_lint() {
    let mut accepted = 0;
    let mut first_refusal = None;
    for seed in 0..20 {
        let files = pack(&mut Rng(seed));
        match Catalogue::builtin_with_packs(&[Pack::from_files(files).unwrap()]) {
            Ok(_) => accepted += 1,
            Err(e) => {
                first_refusal.get_or_insert(e.to_string());
            }
        }
    }
    assert!(
        accepted >= 10,
        "only {accepted} of 20 accepted; first refusal: {first_refusal:?}"
    );
}
