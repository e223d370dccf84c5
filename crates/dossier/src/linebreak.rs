//! Chinese line breaking with 禁则 (GB/T 15834 punctuation placement): no closing
//! punctuation at a line start, no opening punctuation at a line end, a break anywhere
//! between CJK characters, ASCII words and numbers kept whole where they fit; an ASCII
//! run too long for a line (a measure id, a project id) breaks after `/`, `-` or `.`.
//!
//! Pure: widths come in as integers (milli-points), so the rules are testable
//! without a font.

/// Punctuation that must not begin a line.
pub fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '”'
            | '’'
            | '〕'
            | '】'
            | '〉'
            | '〗'
            | '…'
            | '—'
            | '％'
            | '‰'
            | '·'
            | '・'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
            | '%'
    )
}

/// Punctuation that must not end a line.
pub fn is_opening(c: char) -> bool {
    matches!(
        c,
        '（' | '《' | '「' | '『' | '“' | '‘' | '〔' | '【' | '〈' | '〖' | '(' | '[' | '{'
    )
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}'
}

/// ASCII that belongs to a word or number ("20,000,000.00", "MA3C", "jinan-2020-3/7").
fn is_word(c: char) -> bool {
    c.is_ascii_graphic() && !matches!(c, '(' | '[' | '{')
}

/// May a line end between `text[i - 1]` and `text[i]`?
pub fn can_break_before(text: &[char], i: usize) -> bool {
    if i == 0 || i >= text.len() {
        return false;
    }
    let (prev, next) = (text[i - 1], text[i]);
    if is_space(next) {
        return false; // break after the space run instead
    }
    if is_space(prev) {
        return true;
    }
    if is_word(prev) && is_word(next) {
        return false;
    }
    if is_closing(next) || is_opening(prev) {
        return false;
    }
    // "——" and "……" are one mark of two halves.
    !(prev == next && matches!(prev, '—' | '…'))
}

/// Splits `text` into lines no wider than `max` (same units as `widths`, one width
/// per char). Returns `[start, end)` char ranges with leading/trailing spaces
/// trimmed. A single unbreakable run wider than `max` is cut where it overflows,
/// so nothing ever runs past the margin.
pub fn break_lines(text: &[char], widths: &[i32], max: i32) -> Vec<(usize, usize)> {
    break_lines_indented(text, widths, max, max)
}

/// As [`break_lines`], with a different width for the first line (首行缩进).
pub fn break_lines_indented(
    text: &[char],
    widths: &[i32],
    first_max: i32,
    max: i32,
) -> Vec<(usize, usize)> {
    debug_assert_eq!(text.len(), widths.len());
    let n = text.len();
    let mut lines = Vec::new();
    let mut start = skip_spaces(text, 0);
    while start < n {
        let max = if lines.is_empty() { first_max } else { max };
        let mut w = 0;
        let mut last_ok = None;
        let mut i = start;
        while i < n {
            if i > start && can_break_before(text, i) {
                last_ok = Some(i);
            }
            // Spaces may hang past the margin: they are trimmed off the line end.
            if i > start && w + widths[i] > max && !is_space(text[i]) {
                break;
            }
            w += widths[i];
            i += 1;
        }
        let end = if i == n {
            n
        } else {
            match last_ok {
                Some(b) if b > start => b,
                _ => soft_break(text, start, i).unwrap_or(i),
            }
        };
        lines.push((start, trim_end(text, start, end)));
        start = skip_spaces(text, end);
    }
    lines
}

/// Inside an overlong ASCII run: the last place before `end` just after `/`, `-` or `.`
/// ("jinan-future-" | "industries/3.1.2a"), so ids break where a reader expects them to.
fn soft_break(text: &[char], start: usize, end: usize) -> Option<usize> {
    (start + 2..=end)
        .rev()
        .find(|&b| matches!(text[b - 1], '/' | '-' | '.') && is_word(text[b]))
}

fn skip_spaces(text: &[char], mut i: usize) -> usize {
    while i < text.len() && is_space(text[i]) {
        i += 1;
    }
    i
}

fn trim_end(text: &[char], start: usize, mut end: usize) -> usize {
    while end > start && is_space(text[end - 1]) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CJK and full-width punctuation 1000 wide, ASCII 500.
    fn lines(s: &str, max_em: i32) -> Vec<String> {
        let chars: Vec<char> = s.chars().collect();
        let widths: Vec<i32> = chars
            .iter()
            .map(|c| if c.is_ascii() { 500 } else { 1000 })
            .collect();
        break_lines(&chars, &widths, max_em * 1000)
            .into_iter()
            .map(|(a, b)| chars[a..b].iter().collect())
            .collect()
    }

    #[test]
    fn breaks_anywhere_between_cjk() {
        assert_eq!(
            lines("对工业企业实施的技术改造项目", 5),
            ["对工业企业", "实施的技术", "改造项目"]
        );
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // "，" would start line 2: the preceding char moves down with it.
        assert_eq!(lines("一二三四五，六七", 5), ["一二三四", "五，六七"]);
        assert_eq!(lines("一二三四五。”六", 5), ["一二三四", "五。”六"]);
        assert_eq!(lines("一二三四五）", 5), ["一二三四", "五）"]);
        for l in lines("按照设备投资额的10%给予补助，单个企业最高补助1000万元。", 7)
        {
            assert!(!l.starts_with(is_closing), "line starts with closing: {l}");
        }
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        assert_eq!(lines("一二三四《五六》", 5), ["一二三四", "《五六》"]);
        assert_eq!(lines("一二三（四五）六", 4), ["一二三", "（四五）", "六"]);
    }

    #[test]
    fn ascii_words_and_numbers_stay_whole() {
        // 10 ASCII = 5 em; the number moves down whole instead of splitting.
        assert_eq!(lines("金额12,345.67元", 5), ["金额", "12,345.67", "元"]);
        assert_eq!(
            lines("see the policy text", 5),
            ["see the", "policy", "text"]
        );
    }

    #[test]
    fn dashes_and_ellipses_stay_paired() {
        assert_eq!(lines("一二三四——五", 5), ["一二三", "四——五"]);
        assert_eq!(lines("一二三四……", 5), ["一二三", "四……"]);
    }

    #[test]
    fn overlong_words_are_cut_never_overflow() {
        let l = lines("0123456789abcdefghij", 3);
        assert_eq!(l, ["012345", "6789ab", "cdefgh", "ij"]);
    }

    #[test]
    fn long_ids_break_after_slash_dash_or_dot() {
        // Lines of 12 em hold 24 ASCII; the id is 30.
        assert_eq!(
            lines("jinan-future-industries/3.1.2a", 12),
            ["jinan-future-industries/", "3.1.2a"]
        );
        assert_eq!(
            lines("措施编号：jinan-future-industries/3.1.2a", 12),
            ["措施编号：", "jinan-future-industries/", "3.1.2a"]
        );
        assert_eq!(
            lines("7a-firm-cap-binds-across-projects-p1", 10),
            ["7a-firm-cap-binds-", "across-projects-p1"]
        );
    }

    #[test]
    fn spaces_trimmed_at_breaks_and_empty_input() {
        assert_eq!(lines("  ab  cd  ", 1), ["ab", "cd"]);
        assert!(lines("", 5).is_empty());
        assert!(lines("   ", 5).is_empty());
    }
}
