//! The consultant's view of a firm in the list: how far its questionnaire is, what it can
//! claim (exact and upper bound) and its next date — computed for the firms on screen only,
//! after the list is shown, so a long list still opens at once.

use serde::Serialize;

use crate::{App, AppError, calendar, period, results};

/// One firm's line in the firm list's 概况 column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct FirmOverviewDto {
    #[ts(type = "number")]
    pub firm_id: i64,
    /// Questions still open for the firm (the questionnaire's 待答).
    pub open_questions: u32,
    /// 元 with two decimals: the exact total and the upper bound of the support year.
    pub exact: String,
    pub upper_bound: String,
    /// The first calendar date from the assessment date on, with what happens then.
    pub next_date: Option<String>,
    pub next_kind_zh: Option<String>,
    pub next_kind_en: Option<String>,
    /// Why the firm could not be assessed (its answers do not load); the rest is then empty.
    pub error: Option<String>,
}

impl App {
    /// The overview of each firm in `ids` (those shown), for the date and support year.
    pub fn firm_overviews(
        &self,
        ids: &[i64],
        as_of: &str,
        year: Option<i32>,
    ) -> Result<Vec<FirmOverviewDto>, AppError> {
        let period = period::period(self.store(), as_of, year)?;
        ids.iter()
            .map(|&id| {
                Ok(match self.facts(id) {
                    Ok((_, facts)) => overview(self, id, &facts, &period)?,
                    Err(AppError::FirmNotFound(_)) => return Err(AppError::FirmNotFound(id)),
                    Err(e) => FirmOverviewDto {
                        firm_id: id,
                        open_questions: 0,
                        exact: String::new(),
                        upper_bound: String::new(),
                        next_date: None,
                        next_kind_zh: None,
                        next_kind_en: None,
                        error: Some(e.to_string()),
                    },
                })
            })
            .collect()
    }
}

fn overview(
    app: &App,
    id: i64,
    facts: &huiqi_engine::Facts,
    period: &huiqi_engine::Period,
) -> Result<FirmOverviewDto, AppError> {
    let cat = app.catalogue();
    let a = huiqi_engine::assess(cat, facts, period.clone(), None);
    // The questionnaire's own count (item groups needing a first item count once), so the
    // list and the questionnaire never disagree.
    let open =
        crate::questionnaire::build(cat, app.store(), id, facts, None, (period.clone(), false))?
            .open;
    let next = calendar::entries(cat, facts, &a, period)
        .into_iter()
        .find(|e| e.date.is_some());
    Ok(FirmOverviewDto {
        firm_id: id,
        open_questions: open,
        exact: results::yuan(a.totals.exact),
        upper_bound: results::yuan(a.totals.upper_bound),
        next_date: next.as_ref().and_then(|e| e.date).map(|d| d.to_string()),
        next_kind_zh: next.as_ref().map(|e| e.kind.label_zh().to_string()),
        next_kind_en: next.as_ref().map(|e| e.kind.label_en().to_string()),
        error: None,
    })
}
