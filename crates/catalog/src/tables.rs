//! Code tables shipped in `assets/tables/`: GB/T 2260 regions and GB/T 4754 industries.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Region {
    pub code: String,
    pub name: String,
}

/// GB/T 2260 six-digit codes. Nesting follows the code: 37xxxx is in 370000 (山东),
/// 3701xx in 370100 (济南).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(from = "RegionList")]
pub struct RegionTable {
    pub regions: Vec<Region>,
    /// code → position in `regions`; names are looked up for every measure of every firm.
    #[serde(skip)]
    index: std::collections::HashMap<String, usize>,
}

/// The regions alone, as the compiled catalogue stores them: the index is rebuilt on reading.
#[derive(Deserialize)]
struct RegionList {
    regions: Vec<Region>,
}

impl From<RegionList> for RegionTable {
    fn from(list: RegionList) -> RegionTable {
        RegionTable::from_regions(list.regions)
    }
}

/// Significant prefix of a region code: 370000 → "37", 370100 → "3701", 370103 → "370103".
pub fn region_prefix(code: &str) -> &str {
    if code.len() == 6 && code.ends_with("0000") {
        &code[..2]
    } else if code.len() == 6 && code.ends_with("00") {
        &code[..4]
    } else {
        code
    }
}

/// True if `code` lies within `container` (a region is within itself).
pub fn region_within(code: &str, container: &str) -> bool {
    code.starts_with(region_prefix(container))
}

fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split(',').map(str::trim).collect()))
}

impl RegionTable {
    /// CSV `code,name` with a header row.
    pub fn parse(text: &str) -> Result<RegionTable, (usize, String)> {
        let mut regions = Vec::new();
        for (line, cols) in rows(text) {
            match cols.as_slice() {
                [code, name] if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) => {
                    regions.push(Region {
                        code: code.to_string(),
                        name: name.to_string(),
                    })
                }
                _ => return Err((line, "应为 6 位代码,名称 / expected code,name".into())),
            }
        }
        Ok(RegionTable::from_regions(regions))
    }

    fn from_regions(regions: Vec<Region>) -> RegionTable {
        let index = regions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.code.clone(), i))
            .collect();
        RegionTable { regions, index }
    }
    pub fn contains(&self, code: &str) -> bool {
        self.index.contains_key(code)
    }
    pub fn name(&self, code: &str) -> Option<&str> {
        self.index.get(code).map(|&i| self.regions[i].name.as_str())
    }
    /// Full name with its parents: 山东省济南市市中区.
    pub fn full_name(&self, code: &str) -> Option<String> {
        let own = self.name(code)?;
        if code.len() != 6 {
            return Some(own.to_string());
        }
        let mut parts = Vec::new();
        for parent in [format!("{}0000", &code[..2]), format!("{}00", &code[..4])] {
            if parent != code
                && let Some(n) = self.name(&parent)
                && !parts.contains(&n)
                // The placeholder level of a municipality (北京市市辖区) is not in names people write.
                && !matches!(n, "市辖区" | "县" | "省直辖县级行政区划" | "自治区直辖县级行政区划")
            {
                parts.push(n);
            }
        }
        parts.push(own);
        Some(parts.concat())
    }

    /// The code of a region named as people write it: its own name (历下区), its full name
    /// (山东省济南市历下区, 北京市大兴区), or its full name without the province (济南市历下区).
    /// Several matches (two 市中区) are returned so the caller can ask for a fuller name.
    pub fn find_by_name(&self, text: &str) -> Vec<&str> {
        let text = text.trim();
        let exact: Vec<&str> = self
            .regions
            .iter()
            .filter(|r| self.full_name(&r.code).as_deref() == Some(text))
            .map(|r| r.code.as_str())
            .collect();
        if !exact.is_empty() {
            return exact;
        }
        self.regions
            .iter()
            .filter(|r| {
                r.name == text
                    || self.full_name(&r.code).is_some_and(|full| {
                        full.ends_with(text) && text.chars().count() > r.name.chars().count()
                    })
            })
            .map(|r| r.code.as_str())
            .collect()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Industry {
    /// A section letter (C) or a division code with its section (C34).
    pub code: String,
    pub name: String,
}

/// GB/T 4754-2017 sections (门类, A–T) and divisions (大类, 01–97). Division codes are written
/// with their section letter so that `within "C"` is a prefix test.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IndustryTable {
    pub industries: Vec<Industry>,
}

impl IndustryTable {
    /// CSV `code,name` with a header row.
    pub fn parse(text: &str) -> Result<IndustryTable, (usize, String)> {
        let mut industries = Vec::new();
        for (line, cols) in rows(text) {
            match cols.as_slice() {
                [code, name] if !code.is_empty() && code.as_bytes()[0].is_ascii_uppercase() => {
                    industries.push(Industry {
                        code: code.to_string(),
                        name: name.to_string(),
                    })
                }
                _ => return Err((line, "应为 代码,名称 / expected code,name".into())),
            }
        }
        Ok(IndustryTable { industries })
    }
    pub fn contains(&self, code: &str) -> bool {
        self.industries.iter().any(|r| r.code == code)
    }
    pub fn name(&self, code: &str) -> Option<&str> {
        self.industries
            .iter()
            .find(|r| r.code == code)
            .map(|r| r.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn nesting() {
        assert!(region_within("370103", "370100"));
        assert!(region_within("370103", "370000"));
        assert!(region_within("370100", "370100"));
        assert!(!region_within("370203", "370100"));
        assert!(!region_within("370100", "370103"));
    }
}
