// State per firm: opening a firm shows its own stored filter, never the one of the firm
// shown before; a filter chosen is saved for the firm it was chosen for.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { goTo, selectFirm, session, setMeasureFilter } from '../src/state'

const ipc = vi.hoisted(() => ({ firmView: vi.fn(), setMeasureFilter: vi.fn() }))
vi.mock('../src/ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/ipc')>()),
  ipc,
}))

const views: Record<number, string[]> = { 1: ['jinan-gyqs-2020/7a'], 2: [] }

beforeEach(() => {
  vi.clearAllMocks()
  ipc.firmView.mockImplementation(async (firm: number) => ({ measureFilter: views[firm] ?? [], dossierSelection: null }))
  ipc.setMeasureFilter.mockResolvedValue(undefined)
  selectFirm(null)
  session.screen = 'firms'
})

describe('per-firm state', () => {
  it("opens each firm with its own filter and never the previous firm's", async () => {
    selectFirm(1, '济南甲公司')
    await flushPromises()
    expect(session.measures).toEqual(['jinan-gyqs-2020/7a'])
    selectFirm(2, '青岛乙公司')
    // Cleared at once, before the stored view arrives.
    expect(session.measures).toEqual([])
    await flushPromises()
    expect(ipc.firmView).toHaveBeenLastCalledWith(2)
    expect(session.measures).toEqual([])
  })

  it('saves a filter for the firm it was chosen for', async () => {
    selectFirm(2, '青岛乙公司')
    await flushPromises()
    await setMeasureFilter(['qingdao-marine-2025/1'])
    expect(ipc.setMeasureFilter).toHaveBeenCalledWith(2, ['qingdao-marine-2025/1'])
  })

  it('a stored view arriving late does not overwrite a filter just chosen', async () => {
    let answer: (v: unknown) => void = () => {}
    ipc.firmView.mockReturnValue(new Promise((r) => (answer = r)))
    selectFirm(1, '济南甲公司')
    await setMeasureFilter([])
    answer({ measureFilter: ['jinan-gyqs-2020/7a'], dossierSelection: null })
    await flushPromises()
    expect(session.measures).toEqual([])
  })

  it('去回答 filters the questionnaire; 准备申报材料 asks the dossier without filtering', async () => {
    selectFirm(2, '青岛乙公司')
    await flushPromises()
    await goTo('dossier', ['qingdao-marine-2025/1'])
    expect(session.dossierAsk).toEqual(['qingdao-marine-2025/1'])
    expect(session.measures).toEqual([])
    expect(ipc.setMeasureFilter).not.toHaveBeenCalled()
    await goTo('questionnaire', ['qingdao-marine-2025/2'])
    expect(session.measures).toEqual(['qingdao-marine-2025/2'])
    expect(ipc.setMeasureFilter).toHaveBeenCalledWith(2, ['qingdao-marine-2025/2'])
  })
})
