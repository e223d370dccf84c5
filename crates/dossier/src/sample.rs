//! A realistic sample dossier for tests, the bench and UI previews. Policy texts are
//! plausible stand-ins; the real catalogue supplies the verbatim quotes.

use rust_decimal::Decimal;

use crate::model::*;

fn yuan(units: i64) -> Decimal {
    Decimal::new(units, 0)
}

/// 济南某机械制造有限公司 applying under four measures of different amount classes.
pub fn sample_model() -> DossierModel {
    let doc = "关于加快建设工业强市的实施意见";
    let docno = Some("济政发〔2020〕3号".to_string());
    DossierModel {
        project_title: "2026年度惠企政策资金申报".to_string(),
        firm: FirmBlock {
            name: Some("济南某机械制造有限公司".to_string()),
            credit_code: Some("91370112MA3D8K2N5Q".to_string()),
            legal_rep: Some("张某某".to_string()),
            contact: Some("李某".to_string()),
            phone: None,
        },
        declared_on: "2026-03-15".to_string(),
        firm_facts: vec![
            Row::new("企业名称", "济南某机械制造有限公司"),
            Row::new("统一社会信用代码", "91370112MA3D8K2N5Q"),
            Row::new("注册地址", "山东省济南市历城区工业北路某号"),
            Row::new("所属行业", "C34 通用设备制造业"),
            Row::new("成立日期", "2012年6月8日"),
            Row::new("上年度营业收入", "186,500,000.00 元"),
            Row::new("上年度纳税总额", "9,320,000.00 元"),
            Row::new("从业人数", "326 人"),
            Row::new("研发费用占营业收入比例", "4.8%"),
            Row::new("企业资质", "高新技术企业（证书编号 GR202337000123）；省级“专精特新”中小企业"),
        ],
        measures: vec![
            MeasureSection {
                measure_id: "jinan-2020-3/7".to_string(),
                title: "技术改造项目设备投资补助".to_string(),
                document_title: doc.to_string(),
                document_number: docno.clone(),
                clause: "第七条".to_string(),
                quotes: vec!["对工业企业实施的技术改造项目，按照设备投资额的10%给予补助，单个企业最高补助1000万元。".to_string()],
                answers: vec![
                    Row::new("企业是否为在济南市注册的工业企业", "是"),
                    Row::new("技术改造项目是否已完成备案", "是（备案证明编号 2507-370112-07-02-000123）"),
                    Row::new("项目设备投资额", "20,000,000.00 元"),
                    Row::new("项目是否已竣工并投产", "是，2025年11月竣工投产"),
                ],
                calculation: vec![
                    "设备投资额 20,000,000.00 元 × 10% = 2,000,000.00 元".to_string(),
                    "单个企业最高 10,000,000.00 元，未触及上限".to_string(),
                ],
                amount_yuan: Some(yuan(2_000_000)),
                amount_class: AmountClass::Exact,
                notes: vec![
                    "设备投资额按项目竣工决算中的设备购置费（不含税）计，不含土建及安装费用。另一种理解是含安装费用；原文仅称“设备投资额”，本测算取较窄口径。".to_string(),
                ],
                evidence: vec![
                    EvidenceItem::new("技术改造项目备案证明", &["备案证明.pdf"]),
                    EvidenceItem::new("设备购置合同及发票", &["设备合同汇总.pdf", "设备发票.pdf"]),
                    EvidenceItem::new("项目竣工决算审计报告", &[]),
                ],
                departments: vec!["市工业和信息化局".to_string(), "市财政局".to_string()],
                adjustments: vec![],
            },
            MeasureSection {
                measure_id: "jinan-2020-3/9".to_string(),
                title: "首台（套）技术装备奖励".to_string(),
                document_title: doc.to_string(),
                document_number: docno.clone(),
                clause: "第九条".to_string(),
                quotes: vec!["对经认定的首台（套）技术装备，按照不超过产品单价的30%给予奖励，单台（套）最高奖励200万元。".to_string()],
                answers: vec![
                    Row::new("产品是否列入省首台（套）技术装备认定名单", "是，2025年第二批"),
                    Row::new("首台（套）产品单价", "5,000,000.00 元"),
                ],
                calculation: vec![
                    "产品单价 5,000,000.00 元 × 30% = 1,500,000.00 元".to_string(),
                    "单台（套）最高 2,000,000.00 元，未触及上限".to_string(),
                    "原文为“不超过”，实际奖励比例由主管部门确定，此为可申请上限".to_string(),
                ],
                amount_yuan: Some(yuan(1_500_000)),
                amount_class: AmountClass::Maximum,
                notes: vec![],
                evidence: vec![
                    EvidenceItem::new("首台（套）技术装备认定文件", &["首台套认定通知.pdf"]),
                    EvidenceItem::new("产品销售合同及发票", &[]),
                ],
                departments: vec!["市工业和信息化局".to_string()],
                adjustments: vec![],
            },
            MeasureSection {
                measure_id: "jinan-2020-3/12".to_string(),
                title: "省级智能工厂奖励".to_string(),
                document_title: doc.to_string(),
                document_number: docno.clone(),
                clause: "第十二条".to_string(),
                quotes: vec!["对新认定的省级智能工厂、数字化车间，分别给予最高100万元、50万元奖励。".to_string()],
                answers: vec![Row::new("是否新认定为省级智能工厂", "是，2025年12月认定")],
                calculation: vec!["原文仅规定上限：智能工厂最高 1,000,000.00 元".to_string()],
                amount_yuan: Some(yuan(1_000_000)),
                amount_class: AmountClass::CapOnly,
                notes: vec!["同一企业同年度既认定智能工厂又认定数字化车间的，按就高原则只计智能工厂奖励。".to_string()],
                evidence: vec![EvidenceItem::new("省级智能工厂认定文件", &["智能工厂认定.pdf"])],
                departments: vec!["市工业和信息化局".to_string()],
                adjustments: vec!["数字化车间项目已按就高原则计入智能工厂奖励，不再单列。".to_string()],
            },
            MeasureSection {
                measure_id: "jinan-2020-3/15".to_string(),
                title: "专精特新企业融资优先支持".to_string(),
                document_title: doc.to_string(),
                document_number: docno,
                clause: "第十五条第二款".to_string(),
                quotes: vec!["对省级以上“专精特新”中小企业，在企业上市培育、融资对接、用地保障等方面给予优先支持。".to_string()],
                answers: vec![Row::new("是否为省级以上“专精特新”中小企业", "是，省级，2024年认定")],
                calculation: vec![],
                amount_yuan: None,
                amount_class: AmountClass::NonMonetary,
                notes: vec![],
                evidence: vec![EvidenceItem::new("“专精特新”中小企业认定文件", &["专精特新证书.pdf"])],
                departments: vec!["市地方金融监管局".to_string()],
                adjustments: vec![],
            },
        ],
        appendix: Some(vec![
            AppendixEntry {
                measure_id: "jinan-2020-3/10".to_string(),
                title: "新认定高新技术企业奖励".to_string(),
                status: AppendixStatus::NotEligible,
                reasons: vec!["企业于2023年认定为高新技术企业，不属于本年度新认定。".to_string()],
                missing: vec![],
            },
            AppendixEntry {
                measure_id: "jinan-2020-3/21".to_string(),
                title: "稳岗返还".to_string(),
                status: AppendixStatus::Undecided,
                reasons: vec!["裁员率是否低于规定比例尚无法判断。".to_string()],
                missing: vec![
                    "上年度参保职工人数及减员人数".to_string(),
                    "上年度失业保险缴费记录".to_string(),
                ],
            },
        ]),
        catalog_version: "2026.03-r2".to_string(),
        input_hash: "sha256:5b1f0c2e9a7d4c38e61f2a90b7d35c4e8f0a1b2c3d4e5f60718293a4b5c6d7e8".to_string(),
    }
}

/// The sample with its measures repeated to `n` (ids and titles numbered), cycling
/// through every amount class; for the size/time bench.
pub fn sample_model_with_measures(n: usize) -> DossierModel {
    let mut m = sample_model();
    let base = m.measures.clone();
    let classes = [
        AmountClass::Exact,
        AmountClass::Maximum,
        AmountClass::CapOnly,
        AmountClass::Unquantified,
        AmountClass::NonMonetary,
    ];
    m.measures = (0..n)
        .map(|i| {
            let mut s = base[i % base.len()].clone();
            s.measure_id = format!("{}-{}", s.measure_id, i + 1);
            s.title = format!("{}（第{}项）", s.title, i + 1);
            s.amount_class = classes[i % classes.len()];
            s.amount_yuan = match s.amount_class {
                AmountClass::Unquantified | AmountClass::NonMonetary => None,
                _ => Some(Decimal::new(1_000_000 + 12_345 * i as i64, 0)),
            };
            s
        })
        .collect();
    m
}
