//! 统一社会信用代码 (unified social credit code) check after GB 32100-2015.
//!
//! 18 characters from a 31-symbol alphabet (digits and upper-case letters
//! without I, O, S, V, Z); the 18th is a check character computed from the
//! first 17 with fixed weights. The UI and the CLI reuse this module, so the
//! error says exactly which position is wrong.

use serde::{Deserialize, Serialize};

/// The code alphabet; a symbol's value is its index here.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of positions 1..=17 (3^(i-1) mod 31).
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
pub const CREDIT_CODE_LEN: usize = 18;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CreditCodeError {
    /// Not 18 characters long.
    Length { found: usize },
    /// `position` is 1-based, counted in characters.
    BadChar { position: usize, ch: char },
    /// The 18th character does not match the first 17.
    CheckMismatch { expected: char, found: char },
}

impl CreditCodeError {
    pub fn zh(&self) -> String {
        match self {
            CreditCodeError::Length { found } => {
                format!("应为 18 位，实际 {found} 位")
            }
            CreditCodeError::BadChar { position, ch } => format!(
                "第 {position} 位字符“{ch}”无效（只能是数字或除 I、O、S、V、Z 外的大写字母）"
            ),
            CreditCodeError::CheckMismatch { expected, found } => {
                format!("第 18 位校验码应为“{expected}”，实际为“{found}”，请核对前 17 位")
            }
        }
    }

    pub fn en(&self) -> String {
        match self {
            CreditCodeError::Length { found } => {
                format!("must be 18 characters, found {found}")
            }
            CreditCodeError::BadChar { position, ch } => format!(
                "character {position} '{ch}' is not allowed (digits and capital letters except I, O, S, V, Z)"
            ),
            CreditCodeError::CheckMismatch { expected, found } => format!(
                "check character 18 should be '{expected}' but is '{found}'; check the first 17"
            ),
        }
    }
}

impl std::fmt::Display for CreditCodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.zh(), self.en())
    }
}

impl std::error::Error for CreditCodeError {}

fn value_of(ch: char) -> Option<u32> {
    if !ch.is_ascii() {
        return None;
    }
    ALPHABET
        .iter()
        .position(|&a| a == ch as u8)
        .map(|p| p as u32)
}

/// The check character for the first 17 characters of a code.
pub fn check_char(first17: &str) -> Result<char, CreditCodeError> {
    let chars: Vec<char> = first17.chars().collect();
    if chars.len() != 17 {
        return Err(CreditCodeError::Length {
            found: chars.len() + 1,
        });
    }
    let mut sum = 0u32;
    for (i, &ch) in chars.iter().enumerate() {
        let v = value_of(ch).ok_or(CreditCodeError::BadChar {
            position: i + 1,
            ch,
        })?;
        sum += v * WEIGHTS[i];
    }
    let c = (31 - sum % 31) % 31;
    Ok(ALPHABET[c as usize] as char)
}

/// Validates a code exactly as given (no trimming or case folding: call
/// [`normalize_credit_code`] first for user input).
pub fn validate_credit_code(s: &str) -> Result<(), CreditCodeError> {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() != CREDIT_CODE_LEN {
        return Err(CreditCodeError::Length { found: chars.len() });
    }
    // Report the first bad character anywhere, including position 18, before
    // the check so the message points at the typo rather than the checksum.
    for (i, &ch) in chars.iter().enumerate() {
        if value_of(ch).is_none() {
            return Err(CreditCodeError::BadChar {
                position: i + 1,
                ch,
            });
        }
    }
    let first17: String = chars[..17].iter().collect();
    let expected = check_char(&first17)?;
    if chars[17] != expected {
        return Err(CreditCodeError::CheckMismatch {
            expected,
            found: chars[17],
        });
    }
    Ok(())
}

/// Folds what people type or paste (spaces, lower case, full-width forms
/// from Chinese IMEs) into the canonical form; does not validate.
pub fn normalize_credit_code(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let c = match c {
                // Full-width ASCII block (Ｆ = U+FF26) maps to ASCII by offset.
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                _ => c,
            };
            if c.is_whitespace() || c == '\u{3000}' || c == '-' {
                None
            } else {
                Some(c.to_ascii_uppercase())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn make_valid(first17: &str) -> String {
        format!("{first17}{}", check_char(first17).unwrap())
    }

    #[test]
    fn known_published_code_is_valid() {
        // A code printed on a real business licence sample.
        assert_eq!(validate_credit_code("91350100M000100Y43"), Ok(()));
    }

    #[test]
    fn check_char_zero_case() {
        // Construct a prefix whose weighted sum is 0 mod 31: all zeros.
        assert_eq!(check_char("00000000000000000").unwrap(), '0');
    }

    #[test]
    fn every_single_char_change_is_detected() {
        let good = make_valid("91370100MA3C12345");
        assert_eq!(validate_credit_code(&good), Ok(()));
        let chars: Vec<char> = good.chars().collect();
        for pos in 0..18 {
            for &a in ALPHABET.iter() {
                let a = a as char;
                if a == chars[pos] {
                    continue;
                }
                let mut c = chars.clone();
                c[pos] = a;
                let s: String = c.into_iter().collect();
                assert!(validate_credit_code(&s).is_err(), "{s} accepted");
            }
        }
    }

    #[test]
    fn errors_name_the_position() {
        assert_eq!(
            validate_credit_code("91350100M000100Y4"),
            Err(CreditCodeError::Length { found: 17 })
        );
        assert_eq!(
            validate_credit_code("91350100MO00100Y43"),
            Err(CreditCodeError::BadChar {
                position: 10,
                ch: 'O'
            })
        );
        assert_eq!(
            validate_credit_code("91350100M000100Y44"),
            Err(CreditCodeError::CheckMismatch {
                expected: '3',
                found: '4'
            })
        );
        assert_eq!(
            validate_credit_code("9135010０M000100Y43"),
            Err(CreditCodeError::BadChar {
                position: 8,
                ch: '０'
            })
        );
        let e = CreditCodeError::BadChar {
            position: 10,
            ch: 'O',
        };
        assert!(e.zh().contains("第 10 位"));
        assert!(e.en().contains("character 10"));
    }

    #[test]
    fn normalize_folds_case_space_and_full_width() {
        assert_eq!(
            normalize_credit_code(" 9135 0100ｍ000100y43 "),
            "91350100M000100Y43"
        );
    }
}
