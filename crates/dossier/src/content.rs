//! What the dossier says, in order, independent of layout. Both renderers walk these
//! blocks, so the text snapshot checks the same words the PDF prints.

use rust_decimal::Decimal;

use crate::RenderOptions;
use crate::model::{AmountClass, DossierModel, EvidenceItem, MeasureSection};
use crate::money::{amount_in_capitals, amount_lines, format_yuan};

pub const SUMMARY_TITLE: &str = "申报汇总表";
pub const COMMITMENT_TITLE: &str = "申报承诺书";
pub const FACTS_TITLE: &str = "企业基本情况表";
pub const APPENDIX_TITLE: &str = "附件　未申报措施说明";
pub const TOC_TITLE: &str = "目　录";

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The cover page, drawn from the model's firm block.
    Cover,
    /// The table of contents: one entry per block with `toc: true`.
    Toc,
    PageBreak,
    /// A centred document-part title (承诺书, 情况表, 附件).
    Title {
        text: String,
        toc: bool,
    },
    /// A measure heading ("一、技术改造补助"), left-aligned.
    Section {
        text: String,
        toc: bool,
    },
    /// "（一）政策依据".
    Subheading(String),
    /// Paragraph; `indent` indents the first line by two characters.
    Para {
        text: String,
        style: ParaStyle,
        indent: bool,
    },
    /// Small metadata line under a heading.
    Meta(String),
    /// Verbatim policy text.
    Quote(String),
    /// Bordered table; widths in percent of the text block, header repeated on each page.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        widths: Vec<i32>,
    },
    /// Amount lines: the first is emphasised.
    Amount(Vec<String>),
    /// The evidence of measure `section` (0-based), printed as a numbered 附件 list.
    Checklist {
        section: usize,
        items: Vec<EvidenceItem>,
    },
    /// 法定代表人（签字）, 单位（盖章） boxes and the date line.
    Signature,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParaStyle {
    /// 宋体-like body text.
    Body,
    /// 楷体-like text: interpretation notes.
    Kai,
    /// The commitment letter: 楷体-like, one size up.
    Letter,
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九; beyond that, Arabic digits.
pub fn chinese_number(n: usize) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[n % 10] }),
        20..=99 => format!(
            "{}十{}",
            D[n / 10],
            if n.is_multiple_of(10) { "" } else { D[n % 10] }
        ),
        _ => n.to_string(),
    }
}

/// `YYYY-MM-DD` → (year, month, day) when it is a real calendar date.
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i32 = s[0..4].parse().ok()?;
    let m: u32 = s[5..7].parse().ok()?;
    let d: u32 = s[8..10].parse().ok()?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

/// "2026-03-15" → "2026年3月15日"; an unparsable date is printed as given.
pub fn date_cn(s: &str) -> String {
    match parse_date(s) {
        Some((y, m, d)) => format!("{y}年{m}月{d}日"),
        None => s.to_string(),
    }
}

pub fn measure_heading(index: usize, m: &MeasureSection) -> String {
    format!("{}、{}", chinese_number(index + 1), m.title)
}

/// "《关于…的实施意见》（济政发〔2020〕3号）第七条".
pub fn basis_line(m: &MeasureSection) -> String {
    let number = m
        .document_number
        .as_deref()
        .map(|n| format!("（{n}）"))
        .unwrap_or_default();
    format!("《{}》{}{}", m.document_title, number, m.clause)
}

pub fn cover_fields(model: &DossierModel) -> Vec<(&'static str, Option<String>)> {
    let f = &model.firm;
    vec![
        ("申报单位（盖章）", f.name.clone()),
        ("统一社会信用代码", f.credit_code.clone()),
        ("法定代表人", f.legal_rep.clone()),
        ("联系人", f.contact.clone()),
        ("联系电话", f.phone.clone()),
        ("申报日期", Some(date_cn(&model.declared_on))),
    ]
}

pub fn footer_meta(model: &DossierModel) -> String {
    format!(
        "政策目录版本 {}　输入摘要 {}",
        model.catalog_version, model.input_hash
    )
}

pub fn commitment_paragraphs(model: &DossierModel) -> Vec<String> {
    let firm = model.firm.name.as_deref().unwrap_or("本单位");
    vec![
        format!(
            "{firm}自愿申报“{}”，并对所提交的全部申报材料郑重承诺如下：",
            model.project_title
        ),
        "一、本单位所提交的申报材料及附件均真实、准确、完整，不存在虚假记载、误导性陈述或重大遗漏，所附复印件与原件一致。".to_string(),
        "二、本单位同一项目未就同类支持政策重复申报或重复享受；政策规定“就高不重复”的，按规定只享受其一。".to_string(),
        "三、本单位自愿接受主管部门、财政部门、审计部门及其委托的第三方机构的监督检查、审计和绩效评价，并按要求如实提供有关资料。".to_string(),
        "四、获得的扶持资金将严格按照政策规定的用途使用，专款专用，单独核算。".to_string(),
        "五、如存在虚报、冒领、骗取扶持资金或其他违反本承诺的情形，本单位同意主管部门追回已拨付的全部资金，依法承担相应责任，并同意将有关情况纳入社会信用记录。".to_string(),
        "特此承诺。".to_string(),
    ]
}

/// The whole dossier as blocks, in print order.
pub fn blocks(model: &DossierModel, opts: &RenderOptions) -> Vec<Block> {
    let mut out = vec![Block::Cover, Block::PageBreak, Block::Toc, Block::PageBreak];

    out.extend(summary_blocks(model));
    out.push(Block::PageBreak);

    out.push(Block::Title {
        text: COMMITMENT_TITLE.to_string(),
        toc: true,
    });
    out.push(Block::Para {
        text: "相关主管部门：".to_string(),
        style: ParaStyle::Letter,
        indent: false,
    });
    for p in commitment_paragraphs(model) {
        out.push(Block::Para {
            text: p,
            style: ParaStyle::Letter,
            indent: true,
        });
    }
    out.push(Block::Signature);
    out.push(Block::PageBreak);

    out.push(Block::Title {
        text: FACTS_TITLE.to_string(),
        toc: true,
    });
    out.push(Block::Table {
        header: vec!["项目".to_string(), "内容".to_string()],
        rows: model
            .firm_facts
            .iter()
            .map(|r| vec![r.label.clone(), r.value.clone()])
            .collect(),
        widths: vec![32, 68],
    });

    for (i, m) in model.measures.iter().enumerate() {
        out.push(Block::PageBreak);
        out.extend(measure_blocks(i, m));
    }

    // Nothing to list, no appendix: an empty table page says nothing an official needs.
    if let (true, Some(entries)) = (opts.include_appendix, &model.appendix)
        && !entries.is_empty()
    {
        out.push(Block::PageBreak);
        out.push(Block::Title {
            text: APPENDIX_TITLE.to_string(),
            toc: true,
        });
        out.push(Block::Para {
            text: "以下措施经自评未纳入本次申报，列明原因及尚需补充的信息，供核对。".to_string(),
            style: ParaStyle::Body,
            indent: true,
        });
        let none = || "—".to_string();
        out.push(Block::Table {
            header: ["措施", "状态", "原因", "尚需补充"]
                .map(String::from)
                .to_vec(),
            rows: entries
                .iter()
                .map(|e| {
                    let join = |v: &[String]| {
                        if v.is_empty() { none() } else { v.join("\n") }
                    };
                    vec![
                        format!("{}\n{}", e.title, e.measure_id),
                        e.status.label().to_string(),
                        join(&e.reasons),
                        join(&e.missing),
                    ]
                })
                .collect(),
            widths: vec![26, 15, 31, 28],
        });
    }
    out
}

fn measure_blocks(i: usize, m: &MeasureSection) -> Vec<Block> {
    let mut out = vec![
        Block::Section {
            text: measure_heading(i, m),
            toc: true,
        },
        Block::Meta(format!("措施编号：{}", m.measure_id)),
    ];
    let mut n = 0;
    let mut sub = |title: &str| {
        n += 1;
        Block::Subheading(format!("（{}）{}", chinese_number(n), title))
    };

    out.push(sub("政策依据"));
    out.push(Block::Para {
        text: basis_line(m),
        style: ParaStyle::Body,
        indent: false,
    });
    out.extend(m.quotes.iter().map(|q| Block::Quote(q.clone())));

    if !m.answers.is_empty() {
        out.push(sub("申报条件符合情况"));
        out.push(Block::Table {
            header: vec!["条件".to_string(), "企业情况".to_string()],
            rows: m
                .answers
                .iter()
                .map(|r| vec![r.label.clone(), r.value.clone()])
                .collect(),
            widths: vec![55, 45],
        });
    }

    if !m.calculation.is_empty() || !m.adjustments.is_empty() {
        out.push(sub("金额测算"));
        out.extend(
            m.calculation
                .iter()
                .chain(&m.adjustments)
                .map(|c| Block::Para {
                    text: c.clone(),
                    style: ParaStyle::Body,
                    indent: false,
                }),
        );
    }

    out.push(sub("申请金额"));
    out.push(Block::Amount(
        amount_lines(m.amount_class, m.amount_yuan)
            .unwrap_or_else(|| vec!["（金额与金额类别不一致）".to_string()]),
    ));

    if !m.notes.is_empty() {
        out.push(sub("口径说明"));
        out.extend(m.notes.iter().map(|t| Block::Para {
            text: t.clone(),
            style: ParaStyle::Kai,
            indent: true,
        }));
    }

    if !m.evidence.is_empty() {
        out.push(sub("申报材料清单"));
        out.push(Block::Checklist {
            section: i,
            items: m.evidence.clone(),
        });
    }
    out
}

/// "附件1-2　设备购置合同及发票": numbered by measure and line, so a file handed in
/// can be named by its number.
pub fn evidence_label(section: usize, index: usize, e: &EvidenceItem) -> String {
    format!("附件{}-{}　{}", section + 1, index + 1, e.name)
}

/// The amount as the summary prints it: figures (with "最高" for an upper bound) and
/// capitals, or the wording for an amount the text does not state.
fn summary_amount(m: &MeasureSection) -> (String, String) {
    match (m.amount_class, m.amount_yuan) {
        (AmountClass::Exact, Some(a)) => (format_yuan(a), amount_in_capitals(a)),
        (AmountClass::Maximum | AmountClass::CapOnly, Some(a)) => (
            format!("最高 {}", format_yuan(a)),
            format!("最高{}", amount_in_capitals(a)),
        ),
        (AmountClass::NonMonetary, _) => ("非资金支持".to_string(), "—".to_string()),
        _ => ("以核定为准".to_string(), "—".to_string()),
    }
}

/// Sum of exact amounts, and of every amount including upper bounds.
pub fn totals(model: &DossierModel) -> (Decimal, Decimal) {
    let mut exact = Decimal::ZERO;
    let mut upper = Decimal::ZERO;
    for m in &model.measures {
        match (m.amount_class, m.amount_yuan) {
            (AmountClass::Exact, Some(a)) => {
                exact += a;
                upper += a;
            }
            (AmountClass::Maximum | AmountClass::CapOnly, Some(a)) => upper += a,
            _ => {}
        }
    }
    (exact, upper)
}

/// 申报汇总表: every measure with its amount in figures and capitals and where it is
/// handed in, then the exact total and the total with upper bounds.
fn summary_blocks(model: &DossierModel) -> Vec<Block> {
    let mut rows: Vec<Vec<String>> = model
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let (figures, capitals) = summary_amount(m);
            let dept = if m.departments.is_empty() {
                "—".to_string()
            } else {
                m.departments.join("、")
            };
            vec![
                (i + 1).to_string(),
                format!("{}\n{}", m.title, m.measure_id),
                figures,
                capitals,
                dept,
            ]
        })
        .collect();
    let (exact, upper) = totals(model);
    let total_row = |label: &str, v: Decimal| {
        vec![
            String::new(),
            label.to_string(),
            format_yuan(v),
            amount_in_capitals(v),
            String::new(),
        ]
    };
    rows.push(total_row("合计（确定金额）", exact));
    if upper != exact {
        rows.push(total_row("合计（含最高限额）", upper));
    }
    vec![
        Block::Title {
            text: SUMMARY_TITLE.to_string(),
            toc: true,
        },
        Block::Table {
            header: ["序号", "申报措施", "金额（元）", "金额（大写）", "受理部门"]
                .map(String::from)
                .to_vec(),
            rows,
            widths: vec![8, 30, 20, 24, 18],
        },
        Block::Para {
            text: "“确定金额”按政策原文计算得出；标“最高”的为原文规定的上限或按比例计算的上限，实际金额以主管部门核定为准。"
                .to_string(),
            style: ParaStyle::Body,
            indent: true,
        },
    ]
}

/// "已附：a.pdf、b.pdf" or "（尚未附）".
pub fn attachment_line(e: &EvidenceItem) -> String {
    if e.attached.is_empty() {
        "（尚未附）".to_string()
    } else {
        format!("已附：{}", e.attached.join("、"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates() {
        let got: Vec<String> = [1, 9, 10, 11, 20, 21, 99, 100]
            .iter()
            .map(|&n| chinese_number(n))
            .collect();
        assert_eq!(
            got,
            ["一", "九", "十", "十一", "二十", "二十一", "九十九", "100"]
        );
        assert_eq!(date_cn("2026-03-15"), "2026年3月15日");
        assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(parse_date("2025-02-29"), None);
        assert_eq!(parse_date("2025-13-01"), None);
        assert_eq!(parse_date("2025-3-1"), None);
    }
}
