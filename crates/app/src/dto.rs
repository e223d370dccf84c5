//! Transport types (DTOs) that cross the IPC boundary to the web UI.
//!
//! Only the facade and the CLI know these shapes; domain types convert here.
//! The TypeScript side is generated from these definitions with ts-rs into
//! `ui/src/bindings/` and committed; `tests/bindings.rs` fails when the
//! committed files are stale. Money (Decimal) crosses as a string.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the "about" panel shows; also the cheapest IPC round trip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub app_version: String,
    /// Content hash of the built-in policy catalogue.
    pub catalog_version: String,
    pub document_count: u32,
    pub measure_count: u32,
}

/// A policy pack loaded beside the built-in catalogue (or about to be).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PackDto {
    pub id: String,
    pub title: String,
    pub version: String,
    /// Content hash of the pack's files.
    pub hash: String,
    /// Keys of built-in documents the pack replaces.
    pub replaces: Vec<String>,
    pub publisher: Option<String>,
    pub note: Option<String>,
    /// A demonstration (a built-in document re-encoded), not a policy to apply.
    pub demonstration: bool,
    /// Keys of the pack's documents.
    pub documents: Vec<String>,
}

/// One measure whose decision differs between two catalogues; a side is `None` when the
/// measure does not exist there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeasureChangeDto {
    pub measure: String,
    pub title: String,
    pub before_status: Option<String>,
    /// 元 as a decimal string.
    pub before_amount: Option<String>,
    pub after_status: Option<String>,
    pub after_amount: Option<String>,
}

/// A saved firm and the measures a pack change would change for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FirmChangeDto {
    #[ts(type = "number")]
    pub firm_id: i64,
    pub firm_name: String,
    pub changes: Vec<MeasureChangeDto>,
}

/// A checked pack before it is installed, with what it would change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PackPreviewDto {
    pub pack: PackDto,
    pub changes: Vec<FirmChangeDto>,
}

/// The create-firm form. Empty optional fields may be sent as `null`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewFirmDto {
    pub name: String,
    pub credit_code: Option<String>,
    pub legal_rep: Option<String>,
    pub contact: Option<String>,
    pub phone: Option<String>,
    /// GB/T 2260 division code.
    pub region: Option<String>,
    /// GB/T 4754 industry code.
    pub industry: Option<String>,
}

/// One row of the firm list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FirmSummaryDto {
    // Row ids stay far below 2^53, so a JS number is exact.
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub credit_code: Option<String>,
    pub region: Option<String>,
    /// The region's full name (山东省济南市历下区), so a list of firms needs no code table.
    pub region_name: Option<String>,
    pub updated_at: String,
}

/// A firm with its whole profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FirmDto {
    #[ts(type = "number")]
    pub id: i64,
    pub profile: NewFirmDto,
    pub created_at: String,
    pub updated_at: String,
}

/// Result of checking a 统一社会信用代码 while the user types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreditCodeCheck {
    pub valid: bool,
    /// Why it is invalid, in Chinese; `null` when valid.
    pub message_zh: Option<String>,
    pub message_en: Option<String>,
}

/// An error as the UI shows it: a stable code the UI switches on (docs/errors.md), the
/// message in both languages (the UI picks one) and technical detail, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDto {
    pub code: String,
    pub message_zh: String,
    pub message_en: String,
    pub detail: Option<String>,
}

/// A firm's profile with the names of its region and industry codes resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FirmDetailDto {
    pub firm: FirmDto,
    /// e.g. "山东省济南市历下区"; `null` when no region or an unknown code.
    pub region_name: Option<String>,
    pub industry_name: Option<String>,
    pub answer_count: u32,
    pub item_count: u32,
    pub attachment_count: u32,
}

// ---------------------------------------------------------------- pickers

/// A node of the region (GB/T 2260) or industry (GB/T 4754) tree, for cascading pickers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CodeNodeDto {
    pub code: String,
    pub name: String,
    /// Full name for display after picking, e.g. "山东省济南市历下区".
    pub full_name: String,
    pub children: Vec<CodeNodeDto>,
}

// ---------------------------------------------------------------- policy library

/// A document's standing on the chosen date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    InForce,
    /// In force, and the document states no end date.
    InForceNoEnd,
    Expired,
    NotYetEffective,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocumentSummaryDto {
    pub key: String,
    pub title: String,
    /// Unofficial English translations of `title`, `short_title` and `issuer`.
    pub title_en: Option<String>,
    pub short_title: Option<String>,
    pub short_title_en: Option<String>,
    pub issuer: Option<String>,
    pub issuer_en: Option<String>,
    /// 文号, e.g. "济政发〔2020〕5号".
    pub number: Option<String>,
    pub region_codes: Vec<String>,
    pub region_names: Vec<String>,
    pub issued: Option<String>,
    pub effective: Option<String>,
    /// Last day in force, after the user's override.
    pub expires: Option<String>,
    /// After expiry, the last day events inside the validity can be claimed.
    pub claims_until: Option<String>,
    /// The user's override in words, or that the end date must be verified.
    pub validity_note: Option<String>,
    pub validity_note_en: Option<String>,
    pub status: DocumentStatus,
    pub measure_count: u32,
    /// Measures that state a sum of money (exact, maximum or cap).
    pub monetary_count: u32,
    pub non_enterprise_count: u32,
    /// Clauses not encoded yet (未编码).
    pub pending_count: u32,
    /// The policy pack the document comes from; none for the built-in catalogue.
    pub pack: Option<String>,
    /// Built-in documents the document's pack replaces.
    pub replaces: Vec<String>,
}

/// One interpretation note on an ambiguous clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoteDto {
    pub topic: String,
    pub reading: String,
    pub alternatives: Vec<String>,
    pub why: String,
}

/// How a measure's amount is stated: `exact`, `maximum`, `cap_only`, `unquantified`,
/// `non_monetary`.
pub type AmountClassName = String;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeasureSummaryDto {
    pub id: String,
    pub document: String,
    /// Clause label as numbered in the document, e.g. "7".
    pub clause: String,
    pub title: String,
    pub title_en: Option<String>,
    pub amount_class: AmountClassName,
    /// The amount rule in Chinese, e.g. "按设备投资的10%，单户最高1000万元".
    pub amount_rule: String,
    pub amount_rule_en: String,
    pub conditions: Option<String>,
    pub conditions_en: Option<String>,
    pub per_item: Option<String>,
    pub per_item_en: Option<String>,
    pub quotes: Vec<String>,
    pub evidence: Vec<String>,
    pub departments: Vec<String>,
    pub notes: Vec<NoteDto>,
}

/// A run of the source text; `measures` lists the measures quoting it (empty: plain text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SourceSegmentDto {
    pub text: String,
    pub measures: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NonEnterpriseDto {
    pub clause: String,
    pub reason: String,
    /// The clause's words the entry quotes.
    pub quote: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocumentDetailDto {
    pub summary: DocumentSummaryDto,
    pub region_note: Option<String>,
    pub source: Vec<SourceSegmentDto>,
    pub measures: Vec<MeasureSummaryDto>,
    pub non_enterprise: Vec<NonEnterpriseDto>,
    /// Labels of clauses not encoded yet (shown as 未编码).
    pub pending: Vec<String>,
    /// Defects of the source text (typos, missing headers) recorded by the encoders.
    pub defects: Vec<String>,
    /// 就高不重复 and similar groups, in words.
    pub stacking: Vec<String>,
}

// ---------------------------------------------------------------- questionnaire

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChoiceDto {
    pub value: String,
    pub label: String,
    pub label_en: Option<String>,
}

/// Where an answer belongs: a firm-level fact (`itemKind`/`itemId` null) or an item's fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AnswerKeyDto {
    pub fact: String,
    pub item_kind: Option<String>,
    pub item_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuestionDto {
    pub key: AnswerKeyDto,
    pub label: String,
    pub label_en: Option<String>,
    pub help: Option<String>,
    pub help_en: Option<String>,
    /// The clause the question comes from.
    pub quote: Option<String>,
    /// Measures whose outcome depends on the answer.
    pub measures: Vec<String>,
    /// `bool`, `money`, `count`, `percent`, `date`, `year`, `choice`, `region`, `industry`,
    /// `text`.
    pub kind: String,
    /// Default unit of a money answer ("万元"…): a bare number is read in it.
    pub unit: Option<String>,
    pub choices: Vec<ChoiceDto>,
    pub min: Option<String>,
    pub max: Option<String>,
    /// A date that must not be after the assessment date.
    pub past_only: bool,
    /// The saved answer as typed; `null` when never answered.
    pub answer: Option<String>,
    /// The saved answer as the engine reads it, e.g. "12,000,000.00 元".
    pub answer_display: Option<String>,
    /// The same in English, e.g. "12,000,000.00 yuan".
    pub answer_display_en: Option<String>,
    /// Answered "不清楚".
    pub dont_know: bool,
    /// Still open: an answer could change an outcome.
    pub open: bool,
}

/// One repeatable item (a project, a fair…) with its questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemDto {
    pub kind: String,
    pub id: String,
    pub label: Option<String>,
    pub questions: Vec<QuestionDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemGroupDto {
    pub kind: String,
    pub label: String,
    pub label_en: Option<String>,
    /// Measures paying per item of this kind, among those asked about.
    pub measures: Vec<String>,
    pub items: Vec<ItemDto>,
    /// No item yet, and a measure needs at least one.
    pub needs_item: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuestionnaireDto {
    #[ts(type = "number")]
    pub firm_id: i64,
    pub as_of: String,
    /// The measures asked about (all measures when the request named none).
    pub measures: Vec<String>,
    pub firm_questions: Vec<QuestionDto>,
    pub item_groups: Vec<ItemGroupDto>,
    pub answered: u32,
    pub open: u32,
}

/// The live preview of an answer while it is typed: how it will be read, or why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AnswerPreviewDto {
    pub ok: bool,
    pub dont_know: bool,
    /// e.g. "12,000,000.00 元" for "1,200万".
    pub display: Option<String>,
    /// e.g. "12,000,000.00 yuan".
    pub display_en: Option<String>,
    pub message_zh: Option<String>,
    pub message_en: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RevisionDto {
    #[ts(type = "number")]
    pub seq: i64,
    pub key: AnswerKeyDto,
    /// `null` for "不清楚" or a removed answer (see `unset`).
    pub value: Option<String>,
    /// `typed`, `imported` or `undo`.
    pub source: String,
    pub at: String,
    pub unset: bool,
    #[ts(type = "number | null")]
    pub undoes: Option<i64>,
}

// ---------------------------------------------------------------- results

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TraceStepDto {
    pub step: String,
    pub detail: String,
    /// `true`, `false` or `unknown`.
    pub result: String,
    /// (question, answer as read) pairs the step used.
    pub facts: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemOutcomeDto {
    pub kind: String,
    pub id: String,
    pub label: Option<String>,
    pub status: String,
    /// 元, as a decimal string with two places.
    pub amount: Option<String>,
    pub calculation: Vec<String>,
    pub missing: Vec<String>,
    pub failed: Vec<String>,
    pub dropped_by: Option<String>,
    /// The support year the item's event places it in, when known.
    pub year: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeDto {
    pub measure: String,
    pub document: String,
    pub document_title: String,
    pub clause: String,
    pub title: String,
    pub title_en: Option<String>,
    /// `eligible`, `not_eligible`, `undecided`, `expired`, `not_yet_effective`, `out_of_scope`,
    /// `accruing`, `already_received`, `other_year`.
    pub status: String,
    pub amount_class: AmountClassName,
    /// 元, two decimal places; `null` when the measure states no amount. For `accruing`, the
    /// amount so far.
    pub amount: Option<String>,
    /// For an expired measure: what it would have paid.
    pub would_have_paid: Option<String>,
    /// `other_year`: the support year the event belongs to.
    pub year: Option<i32>,
    /// `accruing`: the first day the amount can be claimed (YYYY-MM-DD).
    pub claimable_from: Option<String>,
    /// Eligible after the document expired: the last day it can still be claimed.
    pub late_claim_until: Option<String>,
    /// The user's validity override, or that the document's end date must be verified.
    pub validity_note: Option<String>,
    /// Claims of this measure already made or received that bind this year, in words.
    pub received: Vec<String>,
    pub items: Vec<ItemOutcomeDto>,
    /// Questions still to answer (labels).
    pub missing: Vec<String>,
    /// Item kinds to add (labels).
    pub missing_items: Vec<String>,
    pub failed: Vec<String>,
    pub calculation: Vec<String>,
    pub trace: Vec<TraceStepDto>,
    /// What would make the firm eligible.
    pub hints: Vec<String>,
    /// Set when a non-stacking rule dropped this measure in favour of another.
    pub dropped: Option<String>,
    /// Measures that already count every item of this one (a higher tier the item gets):
    /// why it pays nothing, with no advice on how to qualify.
    pub superseded_by: Vec<String>,
    pub quotes: Vec<String>,
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TotalsDto {
    /// Sum of exact amounts, 元.
    pub exact: String,
    /// Exact amounts plus every maximum and cap, 元.
    pub upper_bound: String,
    pub eligible: u32,
    pub eligible_unquantified: u32,
    pub undecided: u32,
    pub not_eligible: u32,
    pub expired: u32,
    pub out_of_scope: u32,
    /// Amounts so far of measures whose support year has not ended (in neither total), 元.
    pub accruing: String,
    pub accruing_count: u32,
    /// What expired measures would have paid, 元.
    pub would_have_paid: String,
    /// Claims of the support year already made or received, 元.
    pub received: String,
    pub already_received: u32,
    pub other_year: u32,
}

/// Amounts per document, for the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocumentAmountDto {
    pub document: String,
    pub title: String,
    pub exact: String,
    pub upper_bound: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssessmentDto {
    #[ts(type = "number")]
    pub firm_id: i64,
    pub firm_name: String,
    pub as_of: String,
    /// The support year (申报年度) assessed.
    pub year: i32,
    /// The validity overrides applied, in words.
    pub overrides: Vec<String>,
    pub catalog_version: String,
    pub totals: TotalsDto,
    pub by_document: Vec<DocumentAmountDto>,
    pub outcomes: Vec<OutcomeDto>,
}

// ---------------------------------------------------------------- evidence

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentDto {
    #[ts(type = "number")]
    pub id: i64,
    pub measure: String,
    /// The evidence line of the measure it proves; `null` for the measure as a whole.
    pub evidence: Option<String>,
    pub file_name: String,
    #[ts(type = "number")]
    pub size: u64,
    pub added_at: String,
}

// ---------------------------------------------------------------- dossier

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DossierRequestDto {
    #[ts(type = "number")]
    pub firm_id: i64,
    pub as_of: String,
    /// The support year; `null` for the year of `as_of`.
    pub year: Option<i32>,
    /// Measures to apply for; empty means every eligible measure.
    pub measures: Vec<String>,
    pub appendix: bool,
}

/// The dossier's pages as SVG, laid out exactly as the PDF will print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DossierPreviewDto {
    pub pages: Vec<String>,
    pub measure_count: u32,
    pub input_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedFileDto {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub page_count: u32,
}

// ---------------------------------------------------------------- claims ledger

/// Where a claim stands: `draft` → `submitted` → `approved` / `paid` / `rejected`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStateDto {
    Draft,
    Submitted,
    Approved,
    Paid,
    Rejected,
}

/// One claim of a firm's ledger (申报记录) as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClaimDto {
    #[ts(type = "number")]
    pub id: i64,
    pub measure: String,
    /// The measure's title; `null` when the catalogue no longer has the measure.
    pub measure_title: Option<String>,
    pub measure_title_en: Option<String>,
    pub item: Option<String>,
    /// The item's name (as typed, else 技术改造项目 N) for the screen; absent without an item
    /// or where names are not known (the CLI).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub item_name: Option<String>,
    /// The support year (申报年度).
    pub year: i32,
    /// 元 as a decimal string (`3000000`); `null` when not known.
    pub amount: Option<String>,
    /// e.g. `3,000,000.00 元`.
    pub amount_display: Option<String>,
    pub state: ClaimStateDto,
    /// The states it may move to next.
    pub next_states: Vec<ClaimStateDto>,
    /// `YYYY-MM-DD` as entered.
    pub submitted_on: Option<String>,
    pub decided_on: Option<String>,
    pub paid_on: Option<String>,
    /// 文号 / 受理编号.
    pub reference: Option<String>,
    pub note: Option<String>,
    pub updated_at: String,
}

/// The add / edit claim form. `amount` is as typed (`300万`, `3,000,000元`); dates as typed
/// (`2026-03-01`, `2026年3月1日`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClaimInputDto {
    pub measure: String,
    pub item: Option<String>,
    pub year: i32,
    pub amount: Option<String>,
    /// `null` means `submitted`.
    pub state: Option<ClaimStateDto>,
    pub submitted_on: Option<String>,
    pub decided_on: Option<String>,
    pub paid_on: Option<String>,
    pub reference: Option<String>,
    pub note: Option<String>,
}

/// One entry of a claim's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClaimRevisionDto {
    #[ts(type = "number")]
    pub seq: i64,
    pub state: ClaimStateDto,
    pub year: i32,
    pub amount_display: Option<String>,
    pub reference: Option<String>,
    pub note: Option<String>,
    /// The claim was taken off the ledger by this change.
    pub removed: bool,
    /// `typed`, `imported`, `dossier` or `undo`.
    pub source: String,
    pub at: String,
}

/// What a file chosen in a native dialog is for: decides open or save, the file types
/// offered, and which commands accept it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FilePurposeDto {
    /// Save: a firm export (.json).
    FirmExport,
    /// Open: a firm export to import (.json).
    FirmImport,
    /// Open: a table of firms (.csv).
    CsvImport,
    /// Open: an evidence file (PDF, image, office document).
    Evidence,
    /// Save: the dossier PDF.
    Dossier,
    /// Save: the dossier as a Word file (.docx).
    DossierWord,
    /// Open: a policy pack (.zip, or the pack.toml of a pack folder).
    PackImport,
    /// Save: the calendar of one firm or all firms (.ics).
    CalendarExport,
    /// Save: batch results as an Excel workbook (.xlsx).
    BatchExcel,
    /// Save: batch results as CSV.
    BatchCsv,
}

/// A file the user chose in a native dialog opened by Rust. The webview only ever gets this
/// handle and the name to show, never a path, and no command accepts a path from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PickedFileDto {
    pub handle: u32,
    /// The file name (no folders), for display.
    pub name: String,
}

/// What recovering a damaged data file did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryDto {
    /// Where the damaged file was kept (renamed, never deleted).
    pub moved_to: Option<String>,
    /// The backup restored; `null` when an empty file was started.
    pub restored_from: Option<String>,
}

// ---------------------------------------------------------------- import / export, batch

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreviewDto {
    pub name: String,
    pub credit_code: Option<String>,
    pub exported_at: String,
    pub answers: u32,
    pub items: u32,
    pub attachments: u32,
    /// The firm already in the store that the file matches.
    #[ts(type = "number | null")]
    pub existing: Option<i64>,
    /// Answers typing would refuse: the import is refused unless the user chooses to leave
    /// them unset.
    pub bad_answers: Vec<BadAnswerDto>,
}

/// One value of an import file that the questionnaire would refuse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BadAnswerDto {
    /// Where in the file: `history[3]`, `firm.profile.region`.
    pub field: String,
    pub fact: String,
    pub value: String,
    pub message_zh: String,
    pub message_en: String,
}

/// How an import treats a firm that already exists: `merge` or `keep_both`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportModeDto {
    Merge,
    KeepBoth,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CsvRowErrorDto {
    pub line: u32,
    pub column: Option<String>,
    pub message_zh: String,
    pub message_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CsvImportReportDto {
    /// False for the preview: nothing was written.
    pub written: bool,
    /// "UTF-8" or "GB18030" for a CSV, "Excel" for a workbook.
    pub encoding: String,
    /// The sheet read, for a workbook (its first).
    pub sheet: Option<String>,
    pub good_rows: u32,
    pub imported_names: Vec<String>,
    pub errors: Vec<CsvRowErrorDto>,
    pub ignored_columns: Vec<String>,
}

/// Progress of long work, sent over a channel while it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProgressDto {
    pub done: u32,
    pub total: u32,
    /// What is being worked on, in Chinese (e.g. the firm's name).
    pub label: String,
}

/// One firm's line in a batch assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BatchRowDto {
    #[ts(type = "number")]
    pub firm_id: i64,
    pub name: String,
    pub eligible: u32,
    pub undecided: u32,
    pub exact: String,
    pub upper_bound: String,
    /// Amounts so far of measures whose support year has not ended, 元.
    pub accruing: String,
    /// What expired measures would have paid, 元.
    pub would_have_paid: String,
    /// Why the firm could not be assessed (its answers no longer parse).
    pub error: Option<String>,
}

// ---------------------------------------------------------------- validity overrides

/// A user's correction of a document's validity, stored with the data file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ValidityOverrideDto {
    pub document: String,
    /// `repealed` (from `date` on), `extended` (to `date`) or `as_written`.
    pub kind: String,
    /// YYYY-MM-DD; `null` for `as_written`.
    pub date: Option<String>,
    pub reason: String,
    /// The override in words (filled in by the backend).
    pub description: Option<String>,
}

// ---------------------------------------------------------------- per-firm view state

/// What the screens remember for one firm, stored with the data file: the measures the
/// questionnaire is limited to (empty: all) and the measures ticked for the dossier (`null`:
/// none chosen yet, so the dossier ticks the measures that pay money).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FirmViewDto {
    pub measure_filter: Vec<String>,
    pub dossier_selection: Option<Vec<String>>,
}

/// Writes every DTO's TypeScript definition into `dir` (one file per type).
pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    let cfg = ts_rs::Config::new().with_out_dir(dir);
    AppInfo::export_all(&cfg)?;
    NewFirmDto::export_all(&cfg)?;
    FirmSummaryDto::export_all(&cfg)?;
    FirmDto::export_all(&cfg)?;
    FirmDetailDto::export_all(&cfg)?;
    CreditCodeCheck::export_all(&cfg)?;
    ErrorDto::export_all(&cfg)?;
    CodeNodeDto::export_all(&cfg)?;
    DocumentSummaryDto::export_all(&cfg)?;
    DocumentDetailDto::export_all(&cfg)?;
    QuestionnaireDto::export_all(&cfg)?;
    AnswerPreviewDto::export_all(&cfg)?;
    RevisionDto::export_all(&cfg)?;
    AssessmentDto::export_all(&cfg)?;
    AttachmentDto::export_all(&cfg)?;
    DossierRequestDto::export_all(&cfg)?;
    DossierPreviewDto::export_all(&cfg)?;
    SavedFileDto::export_all(&cfg)?;
    FilePurposeDto::export_all(&cfg)?;
    PickedFileDto::export_all(&cfg)?;
    RecoveryDto::export_all(&cfg)?;
    ImportPreviewDto::export_all(&cfg)?;
    BadAnswerDto::export_all(&cfg)?;
    ImportModeDto::export_all(&cfg)?;
    CsvImportReportDto::export_all(&cfg)?;
    ProgressDto::export_all(&cfg)?;
    BatchRowDto::export_all(&cfg)?;
    ValidityOverrideDto::export_all(&cfg)?;
    ClaimDto::export_all(&cfg)?;
    ClaimInputDto::export_all(&cfg)?;
    ClaimRevisionDto::export_all(&cfg)?;
    crate::calendar::CalendarEntryDto::export_all(&cfg)?;
    crate::overview::FirmOverviewDto::export_all(&cfg)?;
    PackDto::export_all(&cfg)?;
    PackPreviewDto::export_all(&cfg)?;
    FirmViewDto::export_all(&cfg)?;
    Ok(())
}
