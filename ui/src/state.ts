// What the screens share: the firm being worked on, the assessment date and the screen shown.
// The core never reads the clock; the UI proposes today's date and the user may change it.
import { reactive } from 'vue'

export type Screen = 'firms' | 'profile' | 'policies' | 'questionnaire' | 'results' | 'dossier' | 'claims'

const FIRM_KEY = 'huiqi.firm'

function today(): string {
  const d = new Date()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

function savedFirm(): number | null {
  const v = Number(globalThis.localStorage?.getItem(FIRM_KEY))
  return Number.isInteger(v) && v > 0 ? v : null
}

export const session = reactive({
  screen: 'firms' as Screen,
  /** The firm the questionnaire, results and dossier are about. */
  firmId: savedFirm(),
  firmName: '',
  /** Assessment date, YYYY-MM-DD. */
  asOf: today(),
  /** Support year (申报年度) claimed for; null follows the year of the assessment date. */
  year: null as number | null,
  /** Measures the questionnaire and dossier focus on; empty means all. */
  measures: [] as string[],
})

/** The support year in force: the one chosen, else the year of the assessment date. */
export function supportYear(): number {
  return session.year ?? Number(session.asOf.slice(0, 4))
}

export function selectFirm(id: number | null, name = '') {
  session.firmId = id
  session.firmName = name
  if (id === null) globalThis.localStorage?.removeItem(FIRM_KEY)
  else globalThis.localStorage?.setItem(FIRM_KEY, String(id))
}

/** Asked before the screen changes; resolves false to stay (the user chose to keep editing). */
export type LeaveGuard = () => Promise<boolean>
let leaveGuard: LeaveGuard | null = null

/** A screen with edits that are not saved yet sets a guard while it is shown, so that no way
 *  of leaving it (sidebar, buttons on the screen) drops them silently. */
export function setLeaveGuard(guard: LeaveGuard | null) {
  leaveGuard = guard
}

/** Shows `screen`; resolves false when the current screen's guard kept the user there. */
export async function goTo(screen: Screen, measures?: string[]): Promise<boolean> {
  if (screen !== session.screen && leaveGuard && !(await leaveGuard())) return false
  if (measures) session.measures = measures
  session.screen = screen
  return true
}
