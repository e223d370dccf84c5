//! The period an assessment in the app is for: the date and support year (申报年度) the UI
//! sends, and the validity overrides stored with the data file (a setting), so that every
//! screen and every printed dossier applies the same corrections.

use huiqi_catalog::Catalogue;
use huiqi_engine::period::override_kind;
use huiqi_engine::{OverrideKind, Period, ValidityOverride};
use huiqi_store::Store;

use crate::dto::ValidityOverrideDto;
use crate::{AppError, parse_as_of};

/// The settings key holding the overrides as JSON.
const OVERRIDES_KEY: &str = "validity_overrides";

/// The support years the app accepts: wide enough for any claim, narrow enough to catch a typo.
const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

pub fn overrides(store: &Store) -> Result<Vec<ValidityOverride>, AppError> {
    match store.get_setting(OVERRIDES_KEY)? {
        None => Ok(Vec::new()),
        Some(json) => serde_json::from_str(&json).map_err(|e| {
            AppError::Message(format!(
                "有效期设置已损坏：{e} / The validity overrides are damaged: {e}"
            ))
        }),
    }
}

/// The period for `as_of` and `year` (the year of `as_of` when `None`), with the stored
/// overrides.
pub fn period(store: &Store, as_of: &str, year: Option<i32>) -> Result<Period, AppError> {
    let as_of = parse_as_of(as_of)?;
    let year = year.unwrap_or_else(|| Period::default_year(as_of));
    if !YEARS.contains(&year) {
        return Err(AppError::Message(format!(
            "申报年度 {year} 不在 {}–{} 之间 / Support year {year} is outside {}–{}",
            YEARS.start(),
            YEARS.end(),
            YEARS.start(),
            YEARS.end()
        )));
    }
    Ok(Period::new(as_of, year).with_overrides(overrides(store)?))
}

pub fn override_dto(o: &ValidityOverride) -> ValidityOverrideDto {
    let (kind, date) = match o.kind {
        OverrideKind::Repealed(d) => ("repealed", Some(d.to_string())),
        OverrideKind::Extended(d) => ("extended", Some(d.to_string())),
        OverrideKind::AsWritten => ("as_written", None),
    };
    ValidityOverrideDto {
        document: o.document.clone(),
        kind: kind.to_string(),
        date,
        reason: o.reason.clone(),
        description: Some(o.describe_zh()),
    }
}

/// Validates and stores an override, replacing any earlier one for the same document.
pub fn set_override(
    cat: &Catalogue,
    store: &mut Store,
    dto: &ValidityOverrideDto,
) -> Result<Vec<ValidityOverrideDto>, AppError> {
    if cat.document(&dto.document).is_none() {
        return Err(AppError::Message(format!(
            "未知文件 {0} / Unknown document {0}",
            dto.document
        )));
    }
    if dto.reason.trim().is_empty() {
        return Err(AppError::Message(
            "请写明理由（如废止或延期的通知文号） / Please give a reason (e.g. the notice that repealed or extended it)".into(),
        ));
    }
    let date = dto.date.as_deref().map(parse_as_of).transpose()?;
    let kind = override_kind(&dto.kind, date).map_err(AppError::Message)?;
    let mut all = overrides(store)?;
    all.retain(|o| o.document != dto.document);
    all.push(ValidityOverride {
        document: dto.document.clone(),
        kind,
        reason: dto.reason.trim().to_string(),
    });
    save(store, &all)?;
    Ok(all.iter().map(override_dto).collect())
}

pub fn remove_override(
    store: &mut Store,
    document: &str,
) -> Result<Vec<ValidityOverrideDto>, AppError> {
    let mut all = overrides(store)?;
    all.retain(|o| o.document != document);
    save(store, &all)?;
    Ok(all.iter().map(override_dto).collect())
}

fn save(store: &mut Store, all: &[ValidityOverride]) -> Result<(), AppError> {
    let json = serde_json::to_string(all).expect("overrides serialize");
    let value = (!all.is_empty()).then_some(json.as_str());
    Ok(store.set_setting(OVERRIDES_KEY, value)?)
}
