// Typed calls to the Rust commands in src-tauri/commands.rs. The types are generated from
// crates/app/src/dto.rs (see src/bindings); nothing here decides anything.
import { Channel, invoke as tauriInvoke } from '@tauri-apps/api/core'
import type { AnswerKeyDto } from './bindings/AnswerKeyDto'
import type { AnswerPreviewDto } from './bindings/AnswerPreviewDto'
import type { AppInfo } from './bindings/AppInfo'
import type { AssessmentDto } from './bindings/AssessmentDto'
import type { AttachmentDto } from './bindings/AttachmentDto'
import type { ValidityOverrideDto } from './bindings/ValidityOverrideDto'
import type { BatchRowDto } from './bindings/BatchRowDto'
import type { CalendarEntryDto } from './bindings/CalendarEntryDto'
import type { FirmOverviewDto } from './bindings/FirmOverviewDto'
import type { ClaimDto } from './bindings/ClaimDto'
import type { ClaimInputDto } from './bindings/ClaimInputDto'
import type { ClaimRevisionDto } from './bindings/ClaimRevisionDto'
import type { ClaimStateDto } from './bindings/ClaimStateDto'
import type { CodeNodeDto } from './bindings/CodeNodeDto'
import type { CreditCodeCheck } from './bindings/CreditCodeCheck'
import type { CsvImportReportDto } from './bindings/CsvImportReportDto'
import type { DocumentDetailDto } from './bindings/DocumentDetailDto'
import type { DocumentSummaryDto } from './bindings/DocumentSummaryDto'
import type { DossierPreviewDto } from './bindings/DossierPreviewDto'
import type { DossierRequestDto } from './bindings/DossierRequestDto'
import type { FirmChangeDto } from './bindings/FirmChangeDto'
import type { ErrorDto } from './bindings/ErrorDto'
import type { FirmDetailDto } from './bindings/FirmDetailDto'
import type { FirmDto } from './bindings/FirmDto'
import type { FirmSummaryDto } from './bindings/FirmSummaryDto'
import type { FirmViewDto } from './bindings/FirmViewDto'
import type { ImportModeDto } from './bindings/ImportModeDto'
import type { ImportPreviewDto } from './bindings/ImportPreviewDto'
import type { NewFirmDto } from './bindings/NewFirmDto'
import type { PackDto } from './bindings/PackDto'
import type { PackPreviewDto } from './bindings/PackPreviewDto'
import type { ProgressDto } from './bindings/ProgressDto'
import type { QuestionnaireDto } from './bindings/QuestionnaireDto'
import type { RecoveryDto } from './bindings/RecoveryDto'
import type { RevisionDto } from './bindings/RevisionDto'
import type { SavedFileDto } from './bindings/SavedFileDto'

let onStoreDamaged: ((e: ErrorDto) => void) | null = null

/** Called whenever a call fails because the data file is damaged, so the app can offer recovery. */
export function whenStoreDamaged(handler: (e: ErrorDto) => void) {
  onStoreDamaged = handler
}

async function invoke<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await tauriInvoke<T>(command, args)
  } catch (e) {
    if (isErrorDto(e) && e.code === 'store_damaged' && command !== 'recover_store') onStoreDamaged?.(e)
    throw e
  }
}

export const ipc = {
  appInfo: () => invoke<AppInfo>('app_info'),
  checkCreditCode: (code: string) => invoke<CreditCodeCheck>('check_credit_code', { code }),
  language: () => invoke<string | null>('language'),
  setLanguage: (lang: string) => invoke<void>('set_language', { lang }),

  // firms
  listFirms: () => invoke<FirmSummaryDto[]>('list_firms'),
  /** Progress, amounts and next date of the firms shown (`ids`), after the list is drawn. */
  firmOverviews: (ids: number[], asOf: string, year: number | null) =>
    invoke<FirmOverviewDto[]>('firm_overviews', { ids, asOf, year }),
  createFirm: (firm: NewFirmDto) => invoke<FirmDto>('create_firm', { firm }),
  getFirm: (id: number) => invoke<FirmDto>('get_firm', { id }),
  firmDetail: (id: number) => invoke<FirmDetailDto>('firm_detail', { id }),
  updateFirm: (id: number, firm: NewFirmDto) => invoke<FirmDetailDto>('update_firm', { id, firm }),
  duplicateFirm: (id: number) => invoke<FirmDto>('duplicate_firm', { id }),
  deleteFirm: (id: number) => invoke<void>('delete_firm', { id }),
  // `file` is a handle from pickFile (dialogs.ts), never a path.
  exportFirm: (id: number, file: number) => invoke<SavedFileDto>('export_firm', { id, file }),
  inspectImport: (file: number) => invoke<ImportPreviewDto>('inspect_import', { file }),
  importFirm: (file: number, mode: ImportModeDto | null, leaveBadUnset: boolean) =>
    invoke<FirmDto>('import_firm', { file, mode, leaveBadUnset }),
  importFirmsCsv: (file: number, write: boolean) =>
    invoke<CsvImportReportDto>('import_firms_csv', { file, write }),
  /** After `store_damaged`: keep the damaged file aside and restore the newest backup (or start empty). */
  recoverStore: (startNew: boolean) => invoke<RecoveryDto>('recover_store', { startNew }),

  // policy library
  documents: (asOf: string) => invoke<DocumentSummaryDto[]>('documents', { asOf }),
  document: (key: string, asOf: string) => invoke<DocumentDetailDto>('document', { key, asOf }),
  regionTree: () => invoke<CodeNodeDto[]>('region_tree'),
  industryTree: () => invoke<CodeNodeDto[]>('industry_tree'),

  // questionnaire
  questionnaire: (firm: number, measures: string[], asOf: string, year: number | null, includeExpired = false) =>
    invoke<QuestionnaireDto>('questionnaire', { firm, measures, asOf, year, includeExpired }),
  previewAnswer: (fact: string, text: string, asOf: string) =>
    invoke<AnswerPreviewDto>('preview_answer', { fact, text, asOf }),
  saveAnswer: (firm: number, key: AnswerKeyDto, text: string, asOf: string) =>
    invoke<RevisionDto>('save_answer', { firm, key, text, asOf }),
  answerHistory: (firm: number, key: AnswerKeyDto) => invoke<RevisionDto[]>('answer_history', { firm, key }),
  undoAnswer: (firm: number, key: AnswerKeyDto) => invoke<RevisionDto | null>('undo_answer', { firm, key }),
  // per-firm view state: the questionnaire's measure filter and the dossier's selection
  firmView: (firm: number) => invoke<FirmViewDto>('firm_view', { firm }),
  setMeasureFilter: (firm: number, measures: string[]) => invoke<void>('set_measure_filter', { firm, measures }),
  setDossierSelection: (firm: number, measures: string[] | null) =>
    invoke<void>('set_dossier_selection', { firm, measures }),
  addItem: (firm: number, kind: string, label: string | null) => invoke<string>('add_item', { firm, kind, label }),
  renameItem: (firm: number, kind: string, id: string, label: string | null) =>
    invoke<void>('rename_item', { firm, kind, id, label }),
  removeItem: (firm: number, kind: string, id: string) => invoke<void>('remove_item', { firm, kind, id }),

  // results
  /** `year` is the support year (申报年度); null follows the year of `asOf`. `lang` is the
   *  language of the explanation (the UI's locale; Chinese when absent). */
  assess: (firm: number, asOf: string, year: number | null, lang: string = 'zh-CN') =>
    invoke<AssessmentDto>('assess', { firm, asOf, year, lang }),
  /** Assesses many firms (all when `ids` is empty); `onProgress` is called after each one. */
  assessFirms: (ids: number[], asOf: string, year: number | null, onProgress: (p: ProgressDto) => void) => {
    const channel = new Channel<ProgressDto>()
    channel.onmessage = onProgress
    return invoke<BatchRowDto[]>('assess_firms', { ids, asOf, year, onProgress: channel })
  },
  validityOverrides: () => invoke<ValidityOverrideDto[]>('validity_overrides'),
  setValidityOverride: (value: ValidityOverrideDto) =>
    invoke<ValidityOverrideDto[]>('set_validity_override', { value }),
  removeValidityOverride: (document: string) =>
    invoke<ValidityOverrideDto[]>('remove_validity_override', { document }),
  cancelJob: () => invoke<void>('cancel_job'),
  /** Batch results of `ids` (all firms when empty) saved to a file picked for batch_excel/batch_csv. */
  exportBatch: (ids: number[], asOf: string, year: number | null, file: number, format: 'xlsx' | 'csv') =>
    invoke<SavedFileDto>('export_batch', { ids, asOf, year, file, format }),

  // evidence
  attachments: (firm: number) => invoke<AttachmentDto[]>('attachments', { firm }),
  attachFile: (firm: number, measure: string, evidence: string | null, file: number) =>
    invoke<AttachmentDto>('attach_file', { firm, measure, evidence, file }),
  removeAttachment: (firm: number, id: number) => invoke<void>('remove_attachment', { firm, id }),

  // dossier
  dossierPreview: (request: DossierRequestDto) => invoke<DossierPreviewDto>('dossier_preview', { request }),
  saveDossier: (request: DossierRequestDto, file: number, format: 'pdf' | 'docx' = 'pdf') =>
    invoke<SavedFileDto>('save_dossier', { request, file, format }),

  // calendar: one firm's dates (`firm`), or every firm's (null)
  calendar: (firm: number | null, asOf: string, year: number | null) =>
    invoke<CalendarEntryDto[]>('calendar', { firm, asOf, year }),
  saveCalendar: (firm: number | null, asOf: string, year: number | null, file: number) =>
    invoke<SavedFileDto>('save_calendar', { firm, asOf, year, file }),

  // claims ledger
  claims: (firm: number) => invoke<ClaimDto[]>('claims', { firm }),
  addClaim: (firm: number, claim: ClaimInputDto) => invoke<ClaimDto>('add_claim', { firm, claim }),
  updateClaim: (firm: number, id: number, claim: ClaimInputDto) =>
    invoke<ClaimDto>('update_claim', { firm, id, claim }),
  setClaimState: (firm: number, id: number, next: ClaimStateDto, on: string | null, reference: string | null) =>
    invoke<ClaimDto>('set_claim_state', { firm, id, next, on, reference }),
  removeClaim: (firm: number, id: number) => invoke<void>('remove_claim', { firm, id }),
  undoClaim: (firm: number, id: number) => invoke<ClaimDto[]>('undo_claim', { firm, id }),
  claimHistory: (firm: number, id: number) => invoke<ClaimRevisionDto[]>('claim_history', { firm, id }),
}

/** Policy packs (政策库 → 政策包). A pack is named by the handle of a dialog Rust opened. */
export const packIpc = {
  listPacks: () => invoke<PackDto[]>('list_packs'),
  packWarnings: () => invoke<string[]>('pack_warnings'),
  previewPack: (file: number, asOf: string, year: number | null) =>
    invoke<PackPreviewDto>('preview_pack', { file, asOf, year }),
  installPack: (file: number) => invoke<PackDto>('install_pack', { file }),
  previewPackRemoval: (id: string, asOf: string, year: number | null) =>
    invoke<FirmChangeDto[]>('preview_pack_removal', { id, asOf, year }),
  removePack: (id: string) => invoke<void>('remove_pack', { id }),
}

function isErrorDto(e: unknown): e is ErrorDto {
  return typeof e === 'object' && e !== null && 'messageZh' in e && 'messageEn' in e
}

/**
 * The stable code of a failed call (docs/errors.md), e.g. `cancelled`, `store_damaged`,
 * `import_invalid`; `unknown` for anything that is not one of our errors.
 */
export function errorCode(e: unknown): string {
  return isErrorDto(e) && typeof e.code === 'string' ? e.code : 'unknown'
}

/** The message of a failed call in the current UI language. */
export function errorMessage(e: unknown, locale: string): string {
  if (isErrorDto(e)) {
    return locale === 'en' ? e.messageEn : e.messageZh
  }
  return String(e)
}
