// What the screens share: the firm being worked on, the assessment date and the screen shown.
// The core never reads the clock; the UI proposes today's date and the user may change it.
import { reactive } from 'vue'
import { ipc } from './ipc'

export type Screen =
  | 'firms'
  | 'profile'
  | 'policies'
  | 'questionnaire'
  | 'results'
  | 'dossier'
  | 'claims'
  | 'calendar'

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
  /** The current firm's questionnaire filter (stored per firm with the data file); empty
   *  means all measures. */
  measures: [] as string[],
  /** Measures the results screen asked the dossier for (准备申报材料); the dossier takes them
   *  as its selection once. */
  dossierAsk: null as string[] | null,
})

/** The support year in force: the one chosen, else the year of the assessment date. */
export function supportYear(): number {
  return session.year ?? Number(session.asOf.slice(0, 4))
}

let viewSeq = 0

/** Opens a firm with its own filter: never the one of the firm shown before. */
export function selectFirm(id: number | null, name = '') {
  const changed = id !== session.firmId
  session.firmId = id
  session.firmName = name
  if (changed) {
    session.measures = []
    session.dossierAsk = null
  }
  if (id === null) globalThis.localStorage?.removeItem(FIRM_KEY)
  else globalThis.localStorage?.setItem(FIRM_KEY, String(id))
  if (id !== null) void loadFirmView(id)
}

async function loadFirmView(id: number) {
  const seq = ++viewSeq
  try {
    const view = await ipc.firmView(id)
    if (seq === viewSeq && session.firmId === id) session.measures = view.measureFilter
  } catch {
    // Without its stored filter the firm shows every question, which is never wrong.
  }
}

/** Limits the current firm's questionnaire to `measures` (empty: all) and remembers it. */
export async function setMeasureFilter(measures: string[]): Promise<void> {
  session.measures = [...measures]
  viewSeq++ // a view still loading must not overwrite the choice just made
  const firm = session.firmId
  if (firm !== null) await ipc.setMeasureFilter(firm, session.measures)
}

/** Asked before the screen changes; resolves false to stay (the user chose to keep editing). */
export type LeaveGuard = () => Promise<boolean>
let leaveGuard: LeaveGuard | null = null

/** A screen with edits that are not saved yet sets a guard while it is shown, so that no way
 *  of leaving it (sidebar, buttons on the screen) drops them silently. */
export function setLeaveGuard(guard: LeaveGuard | null) {
  leaveGuard = guard
}

/** Shows `screen`; resolves false when the current screen's guard kept the user there.
 *  `measures` focus the questionnaire (its filter) or are what the dossier is asked for. */
export async function goTo(screen: Screen, measures?: string[]): Promise<boolean> {
  if (screen !== session.screen && leaveGuard && !(await leaveGuard())) return false
  if (measures && screen === 'dossier') session.dossierAsk = [...measures]
  else if (measures) await setMeasureFilter(measures).catch(() => undefined)
  session.screen = screen
  return true
}
