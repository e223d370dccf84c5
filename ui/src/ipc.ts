// Typed calls to the Rust commands in src-tauri/commands.rs. The types are generated from
// crates/app/src/dto.rs (see src/bindings); nothing here decides anything.
import { invoke } from '@tauri-apps/api/core'
import type { AppInfo } from './bindings/AppInfo'
import type { CreditCodeCheck } from './bindings/CreditCodeCheck'
import type { ErrorDto } from './bindings/ErrorDto'
import type { FirmDto } from './bindings/FirmDto'
import type { FirmSummaryDto } from './bindings/FirmSummaryDto'
import type { NewFirmDto } from './bindings/NewFirmDto'

export const ipc = {
  appInfo: () => invoke<AppInfo>('app_info'),
  listFirms: () => invoke<FirmSummaryDto[]>('list_firms'),
  createFirm: (firm: NewFirmDto) => invoke<FirmDto>('create_firm', { firm }),
  getFirm: (id: number) => invoke<FirmDto>('get_firm', { id }),
  checkCreditCode: (code: string) => invoke<CreditCodeCheck>('check_credit_code', { code }),
}

function isErrorDto(e: unknown): e is ErrorDto {
  return typeof e === 'object' && e !== null && 'messageZh' in e && 'messageEn' in e
}

/** The message of a failed call in the current UI language. */
export function errorMessage(e: unknown, locale: string): string {
  if (isErrorDto(e)) {
    return locale === 'en' ? e.messageEn : e.messageZh
  }
  return String(e)
}
