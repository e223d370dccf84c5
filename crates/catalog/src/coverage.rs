//! Derives a document's clause numbering from its source text, so a test can prove that every
//! numbered clause is either a measure or listed as giving enterprises nothing.

use crate::model::ClauseLevel;

/// Value of a Chinese numeral up to 99 (一 … 十 … 九十九).
pub fn cn_number(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [] => None,
        ['十'] => Some(10),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        [u] => digit(*u),
        _ => None,
    }
}

/// If `line` starts with a heading of `level`, its number.
pub fn heading_number(line: &str, level: ClauseLevel) -> Option<u32> {
    let line = line.trim_start().trim_start_matches("**");
    let cn = |s: &str| {
        s.chars()
            .take_while(|c| "零一二三四五六七八九十".contains(*c))
            .collect::<String>()
    };
    let digits = |s: &str| {
        s.chars()
            .take_while(|c| c.is_ascii_digit())
            .collect::<String>()
    };
    match level {
        ClauseLevel::CnTop => {
            let n = cn(line);
            line[n.len()..]
                .starts_with('、')
                .then(|| cn_number(&n))
                .flatten()
        }
        ClauseLevel::CnParen => {
            let rest = line.strip_prefix('（').or_else(|| line.strip_prefix('('))?;
            let n = cn(rest);
            let after = &rest[n.len()..];
            (after.starts_with('）') || after.starts_with(')'))
                .then(|| cn_number(&n))
                .flatten()
        }
        ClauseLevel::Arabic => {
            let n = digits(line);
            let after = &line[n.len()..];
            let mut it = after.chars();
            let sep = it.next()?;
            let next = it.next();
            let is_sep = matches!(sep, '.' | '．' | '、');
            (!n.is_empty() && is_sep && !next.is_some_and(|c| c.is_ascii_digit()))
                .then(|| n.parse().ok())
                .flatten()
        }
        ClauseLevel::ArabicParen => {
            let rest = line.strip_prefix('（').or_else(|| line.strip_prefix('('))?;
            let n = digits(rest);
            let after = &rest[n.len()..];
            (!n.is_empty() && (after.starts_with('）') || after.starts_with(')')))
                .then(|| n.parse().ok())
                .flatten()
        }
        ClauseLevel::Article => {
            let rest = line.strip_prefix('第')?;
            let n = cn(rest);
            rest[n.len()..]
                .starts_with('条')
                .then(|| cn_number(&n))
                .flatten()
        }
    }
}

/// A heading found in the text: its depth among the levels, its label (the
/// numbers of the enclosing headings joined with '.') and where its line starts.
struct Heading {
    depth: usize,
    label: String,
    offset: usize,
}

fn headings(text: &str, levels: &[ClauseLevel]) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut path: Vec<Option<u32>> = vec![None; levels.len()];
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        // The deepest matching level wins when a line could match two (rare).
        let Some((depth, n)) = levels
            .iter()
            .enumerate()
            .rev()
            .find_map(|(d, l)| heading_number(line, *l).map(|n| (d, n)))
        else {
            continue;
        };
        path[depth] = Some(n);
        for p in path.iter_mut().skip(depth + 1) {
            *p = None;
        }
        let label = path[..=depth]
            .iter()
            .flatten()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(".");
        out.push(Heading {
            depth,
            label,
            offset: start,
        });
    }
    out
}

/// One clause's place in the source: from its heading line to the next heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseSpan {
    pub label: String,
    /// Byte range in the source text.
    pub start: usize,
    pub end: usize,
    /// 1-based line of the heading.
    pub line: usize,
}

/// Every leaf heading with its text, in text order (a label printed twice appears twice).
pub fn clause_spans(text: &str, levels: &[ClauseLevel]) -> Vec<ClauseSpan> {
    let hs = headings(text, levels);
    let mut out = Vec::new();
    for (i, h) in hs.iter().enumerate() {
        let next = hs.get(i + 1);
        if next.is_some_and(|n| n.depth > h.depth) {
            continue;
        }
        out.push(ClauseSpan {
            label: h.label.clone(),
            start: h.offset,
            end: next.map_or(text.len(), |n| n.offset),
            line: text[..h.offset].matches('\n').count() + 1,
        });
    }
    out
}

/// Clause labels in text order. Levels are listed outermost first; a label joins the numbers of
/// the enclosing headings with '.' (`2.3` is （三） under 二、). A heading is a clause when no
/// deeper heading follows it before the next heading at its level or above (leaves only).
pub fn derive_clauses(text: &str, levels: &[ClauseLevel]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for span in clause_spans(text, levels) {
        if !out.contains(&span.label) {
            out.push(span.label);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ClauseLevel::*;

    #[test]
    fn chinese_numerals() {
        assert_eq!(cn_number("一"), Some(1));
        assert_eq!(cn_number("十"), Some(10));
        assert_eq!(cn_number("十二"), Some(12));
        assert_eq!(cn_number("二十"), Some(20));
        assert_eq!(cn_number("二十三"), Some(23));
        assert_eq!(cn_number("一一"), None);
    }

    #[test]
    fn headings() {
        assert_eq!(heading_number("三、加大支持", CnTop), Some(3));
        assert_eq!(heading_number("（十一）支持", CnParen), Some(11));
        assert_eq!(heading_number("12. 加大", Arabic), Some(12));
        assert_eq!(heading_number("5.每年", Arabic), Some(5));
        assert_eq!(heading_number("2.5亿元以上", Arabic), None);
        assert_eq!(heading_number("(3)对于", ArabicParen), Some(3));
        assert_eq!(heading_number("第十条 附则", Article), Some(10));
        assert_eq!(heading_number("一是加快", CnTop), None);
    }

    #[test]
    fn leaves_only_with_nested_labels() {
        let text = "一、总体要求\n正文\n二、重点任务\n（一）甲\n（二）乙\n三、保障\n（一）丙\n";
        assert_eq!(
            derive_clauses(text, &[CnTop, CnParen]),
            vec!["1", "2.1", "2.2", "3.1"]
        );
        let text = "一、甲\n1. a\n2. b\n二、乙\n3. c\n";
        assert_eq!(derive_clauses(text, &[Arabic]), vec!["1", "2", "3"]);
    }

    #[test]
    fn spans_run_from_heading_to_next_heading() {
        let text = "前言\n一、总体要求\n正文甲\n二、措施\n1. 乙\n2. 丙\n";
        let spans = clause_spans(text, &[CnTop, Arabic]);
        let labels: Vec<_> = spans.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["1", "2.1", "2.2"]);
        assert_eq!(
            &text[spans[0].start..spans[0].end],
            "一、总体要求\n正文甲\n"
        );
        assert_eq!(spans[0].line, 2);
        assert_eq!(&text[spans[2].start..spans[2].end], "2. 丙\n");
    }
}
