import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import CalendarView from '../src/views/CalendarView.vue'
import { makeI18n } from '../src/i18n'
import { selectFirm, session } from '../src/state'
import type { CalendarEntryDto } from '../src/bindings/CalendarEntryDto'

const ipc = vi.hoisted(() => ({
  calendar: vi.fn(),
  saveCalendar: vi.fn(),
  firmView: vi.fn(),
}))
vi.mock('../src/ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/ipc')>()),
  ipc,
}))
const dialogs = vi.hoisted(() => ({ pickFile: vi.fn() }))
vi.mock('../src/dialogs', () => dialogs)

function entry(over: Partial<CalendarEntryDto> = {}): CalendarEntryDto {
  return {
    firmId: 3,
    firmName: '沧州甲航空有限公司',
    documentTitleEn: null,
    titleEn: null,
    date: '2027-01-01',
    kind: 'becomes_claimable',
    kindZh: '可开始申报',
    kindEn: 'Claimable from',
    document: 'cangzhou-lowalt-2025',
    documentTitle: '沧州 低空经济若干措施',
    measure: 'cangzhou-lowalt-2025/1.3',
    title: '低空载客航线运营补贴',
    amount: '170000.00',
    ...over,
  }
}

function mountView(locale: 'zh-CN' | 'en' = 'zh-CN') {
  return mount(CalendarView, { global: { plugins: [makeI18n(locale), ElementPlus] } })
}

describe('CalendarView', () => {
  beforeEach(() => {
    vi.resetAllMocks()
    ipc.firmView.mockResolvedValue({ measureFilter: [], dossierSelection: null })
    session.asOf = '2026-11-30'
    session.year = 2026
    selectFirm(3, '沧州甲航空有限公司')
  })

  it("shows the current firm's dates with their kind and amount", async () => {
    ipc.calendar.mockResolvedValue([entry(), entry({ date: '2027-12-31', kind: 'claim_window_closes', kindZh: '申报截止', measure: null, amount: null })])
    const w = mountView()
    await flushPromises()
    expect(ipc.calendar).toHaveBeenCalledWith(3, '2026-11-30', 2026)
    const dates = w.findAll('[data-testid="calendar-date"]').map((d) => d.text())
    expect(dates).toEqual(['2027-01-01', '2027-12-31'])
    expect(w.findAll('[data-testid="calendar-kind"]')[0].text()).toBe('可开始申报')
    expect(w.findAll('[data-testid="calendar-amount"]').map((a) => a.text())).toEqual(['170,000.00', '—'])
    expect(w.find('[data-testid="calendar-firm"]').exists()).toBe(false)
  })

  it('switches to every firm and names each firm; English labels in English', async () => {
    ipc.calendar.mockResolvedValue([entry()])
    const w = mountView('en')
    await flushPromises()
    await w.find('[data-testid="calendar-scope-all"] input').setValue(true)
    await flushPromises()
    expect(ipc.calendar).toHaveBeenLastCalledWith(null, '2026-11-30', 2026)
    expect(w.find('[data-testid="calendar-firm"]').text()).toBe('沧州甲航空有限公司')
    expect(w.find('[data-testid="calendar-kind"]').text()).toBe('Claimable from')
  })

  it('exports through a save dialog for the calendar purpose', async () => {
    ipc.calendar.mockResolvedValue([entry()])
    dialogs.pickFile.mockResolvedValue({ handle: 7, name: 'x.ics' })
    ipc.saveCalendar.mockResolvedValue({ path: 'x.ics', bytes: 10, pageCount: 0 })
    const w = mountView()
    await flushPromises()
    await w.find('[data-testid="calendar-export"]').trigger('click')
    await flushPromises()
    expect(dialogs.pickFile.mock.calls[0][0]).toBe('calendar_export')
    expect(ipc.saveCalendar).toHaveBeenCalledWith(3, '2026-11-30', 2026, 7)
  })
})
