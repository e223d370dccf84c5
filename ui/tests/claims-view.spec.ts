import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus, { ElMessage, ElMessageBox } from 'element-plus'
import ClaimsView from '../src/views/ClaimsView.vue'
import { makeI18n } from '../src/i18n'
import { selectFirm, session } from '../src/state'
import type { ClaimDto } from '../src/bindings/ClaimDto'
import type { AssessmentDto } from '../src/bindings/AssessmentDto'

const ipc = vi.hoisted(() => ({
  claims: vi.fn(),
  addClaim: vi.fn(),
  setClaimState: vi.fn(),
  removeClaim: vi.fn(),
  undoClaim: vi.fn(),
  claimHistory: vi.fn(),
  assess: vi.fn(),
}))
vi.mock('../src/ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/ipc')>()),
  ipc,
}))

const M = 'jinan-gyqs-2020/7a'
// The add dialog with its teleported select takes a few seconds to mount on a loaded machine.
const DIALOG_TIMEOUT = 15000

function claim(over: Partial<ClaimDto> = {}): ClaimDto {
  return {
    id: 11,
    measure: M,
    measureTitle: '普通技术改造项目设备投资奖补',
    measureTitleEn: null,
    item: null,
    year: 2026,
    amount: '3000000',
    amountDisplay: '3,000,000.00 元',
    state: 'submitted',
    nextStates: ['approved', 'paid', 'rejected'],
    submittedOn: '2026-03-01',
    decidedOn: null,
    paidOn: null,
    reference: '济工信〔2026〕12号',
    note: null,
    updatedAt: '2026-03-01T08:00:00.000Z',
    ...over,
  }
}

const ASSESSMENT = {
  outcomes: [
    { measure: 'x/1', title: '其他措施', titleEn: null, status: 'not_eligible' },
    { measure: M, title: '普通技术改造项目设备投资奖补', titleEn: 'Ordinary renovation', status: 'eligible' },
  ],
} as unknown as AssessmentDto

function mountView(locale: 'zh-CN' | 'en' = 'zh-CN') {
  return mount(ClaimsView, { global: { plugins: [makeI18n(locale), ElementPlus] } })
}

type Wrapper = ReturnType<typeof mountView>

async function click(wrapper: Wrapper, testid: string) {
  await wrapper.get(`[data-testid="${testid}"]`).trigger('click')
  await flushPromises()
}

beforeEach(() => {
  vi.clearAllMocks()
  selectFirm(5, '济南示例科技有限公司')
  session.asOf = '2026-11-30'
  ipc.claims.mockResolvedValue([claim()])
  ipc.assess.mockResolvedValue(ASSESSMENT)
  vi.spyOn(ElMessage, 'success').mockImplementation(() => ({ close() {} }) as never)
  vi.spyOn(ElMessage, 'error').mockImplementation(() => ({ close() {} }) as never)
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('ClaimsView', () => {
  it("lists the firm's claims with state, amount and reference", async () => {
    const wrapper = mountView()
    await flushPromises()
    expect(ipc.claims).toHaveBeenCalledWith(5)
    expect(wrapper.get('[data-testid="claim-measure"]').text()).toBe('普通技术改造项目设备投资奖补')
    const state = wrapper.get('[data-testid="claim-state"]')
    expect(state.text()).toBe('已申报')
    expect(state.attributes('data-state')).toBe('submitted')
    expect(wrapper.get('[data-testid="claim-amount"]').text()).toBe('3,000,000.00 元')
    expect(wrapper.text()).toContain('济工信〔2026〕12号')
    expect(wrapper.text()).toContain('申报 2026-03-01')
  })

  it('names the item of a claim, not its id', async () => {
    ipc.claims.mockResolvedValue([claim({ item: '9e2a44e2ced84d7813275eadfb74c867', itemName: '数控车间改造' })])
    const wrapper = mountView()
    await flushPromises()
    expect(wrapper.text()).toContain('数控车间改造')
    expect(wrapper.text()).not.toContain('9e2a44e2')
  })

  it('speaks English too', async () => {
    const wrapper = mountView('en')
    await flushPromises()
    expect(wrapper.get('[data-testid="claim-state"]').text()).toBe('Submitted')
    expect(wrapper.text()).toContain('submitted 2026-03-01')
  })

  it('shows why the ledger could not be read', async () => {
    ipc.claims.mockRejectedValue({ messageZh: '未找到企业（编号 5）', messageEn: 'Firm not found (id 5)' })
    const wrapper = mountView('en')
    await flushPromises()
    expect(wrapper.get('[data-testid="claims-load-error"]').text()).toContain('Firm not found')
  })

  it('records a received award: the measure picked, the date filed under its state', async () => {
    const wrapper = mountView()
    await flushPromises()
    await click(wrapper, 'claims-add')
    // The measures are offered in the UI's language.
    expect(ipc.assess).toHaveBeenCalledWith(5, '2026-11-30', null, 'zh-CN')
    // Saving without a measure is refused here, before any call.
    await click(wrapper, 'claim-form-save')
    expect(wrapper.get('[data-testid="claim-form-error"]').text()).toBe('请选择政策措施')
    expect(ipc.addClaim).not.toHaveBeenCalled()

    // Eligible measures come first in the picker (it is teleported to the body).
    const options = [...document.body.querySelectorAll('.el-select-dropdown__item')].map((o) => o.textContent)
    expect(options.slice(0, 2)).toEqual([`普通技术改造项目设备投资奖补（${M}）`, '其他措施（x/1）'])
    ;(document.body.querySelector('.el-select-dropdown__item') as HTMLElement).click()
    await flushPromises()
    await wrapper.get('input[data-testid="claim-form-amount"]').setValue('300万')
    await wrapper.get('input[data-testid="claim-form-reference"]').setValue('济财拨〔2026〕8号')
    ipc.addClaim.mockResolvedValue(claim({ state: 'paid' }))
    ipc.claims.mockResolvedValue([claim({ state: 'paid', nextStates: [] })])
    await click(wrapper, 'claim-form-save')
    expect(ipc.addClaim).toHaveBeenCalledWith(5, {
      measure: M,
      item: null,
      year: 2026,
      amount: '300万',
      state: 'paid',
      submittedOn: null,
      decidedOn: null,
      paidOn: null,
      reference: '济财拨〔2026〕8号',
      note: null,
    })
    expect(wrapper.get('[data-testid="claim-state"]').attributes('data-state')).toBe('paid')
  }, DIALOG_TIMEOUT)

  it('shows the message when the store refuses the form', async () => {
    const wrapper = mountView('en')
    await flushPromises()
    await click(wrapper, 'claims-add')
    ;(document.body.querySelector('.el-select-dropdown__item') as HTMLElement).click()
    await flushPromises()
    ipc.addClaim.mockRejectedValue({ messageZh: '金额：缺少单位', messageEn: 'amount: a unit is required' })
    await click(wrapper, 'claim-form-save')
    expect(wrapper.get('[data-testid="claim-form-error"]').text()).toBe('amount: a unit is required')
  }, DIALOG_TIMEOUT)

  it('moves a claim on to a state it may take, and undoes', async () => {
    const wrapper = mountView()
    await flushPromises()
    await click(wrapper, 'claim-move')
    ipc.setClaimState.mockResolvedValue(claim({ state: 'approved' }))
    ipc.claims.mockResolvedValue([claim({ state: 'approved', nextStates: ['paid'] })])
    await click(wrapper, 'claim-move-save')
    expect(ipc.setClaimState).toHaveBeenCalledWith(5, 11, 'approved', null, null)
    expect(wrapper.get('[data-testid="claim-state"]').text()).toBe('已批准')

    ipc.undoClaim.mockResolvedValue([claim()])
    await click(wrapper, 'claim-undo')
    expect(ipc.undoClaim).toHaveBeenCalledWith(5, 11)
    expect(wrapper.get('[data-testid="claim-state"]').text()).toBe('已申报')
  })

  it('cannot move a claim in a final state', async () => {
    ipc.claims.mockResolvedValue([claim({ state: 'paid', nextStates: [] })])
    const wrapper = mountView()
    await flushPromises()
    expect(wrapper.get('[data-testid="claim-move"]').attributes('disabled')).toBeDefined()
  })

  it('removes after asking, and the removal can be undone', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
    const wrapper = mountView()
    await flushPromises()
    ipc.removeClaim.mockResolvedValue(undefined)
    ipc.claims.mockResolvedValue([])
    await click(wrapper, 'claim-remove')
    expect(ipc.removeClaim).toHaveBeenCalledWith(5, 11)
    expect(wrapper.text()).toContain('还没有申报记录')
    ipc.undoClaim.mockResolvedValue([claim()])
    await click(wrapper, 'claims-undo-remove')
    expect(ipc.undoClaim).toHaveBeenCalledWith(5, 11)
    expect(wrapper.find('[data-testid="claims-undo-remove"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="claim-state"]').text()).toBe('已申报')
  })

  it('lists the history of a claim with where each change came from', async () => {
    ipc.claimHistory.mockResolvedValue([
      { seq: 1, state: 'submitted', year: 2026, amountDisplay: null, reference: null, note: null, removed: false, source: 'dossier', at: '2026-03-01T08:00:00Z' },
      { seq: 2, state: 'paid', year: 2026, amountDisplay: '1,200,000.00 元', reference: null, note: null, removed: false, source: 'typed', at: '2026-07-01T08:00:00Z' },
    ])
    const wrapper = mountView()
    await flushPromises()
    await click(wrapper, 'claim-history')
    const text = wrapper.get('[data-testid="claim-history-table"]').text()
    expect(text).toContain('保存申报材料')
    expect(text).toContain('已拨付')
    expect(text).toContain('1,200,000.00 元')
  })
})
