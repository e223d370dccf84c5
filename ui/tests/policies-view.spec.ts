import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import PoliciesView from '../src/views/PoliciesView.vue'
import { makeI18n } from '../src/i18n'
import { session } from '../src/state'
import type { DocumentDetailDto } from '../src/bindings/DocumentDetailDto'
import type { DocumentSummaryDto } from '../src/bindings/DocumentSummaryDto'
import type { MeasureSummaryDto } from '../src/bindings/MeasureSummaryDto'

const backend = vi.hoisted(() => ({
  appInfo: vi.fn(),
  documents: vi.fn(),
  document: vi.fn(),
  validityOverrides: vi.fn(),
  setValidityOverride: vi.fn(),
  removeValidityOverride: vi.fn(),
}))
vi.mock('../src/ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/ipc')>()),
  ipc: backend,
}))

function doc(key: string, extra: Partial<DocumentSummaryDto>): DocumentSummaryDto {
  return {
    key,
    title: `${key} 全称`,
    titleEn: null,
    shortTitle: null,
    shortTitleEn: null,
    issuer: null,
    issuerEn: null,
    validityNoteEn: null,
    number: null,
    regionCodes: [],
    regionNames: [],
    issued: null,
    effective: '2020-01-01',
    expires: null,
    claimsUntil: null,
    validityNote: null,
    status: 'in_force',
    measureCount: 1,
    monetaryCount: 0,
    nonEnterpriseCount: 0,
    pendingCount: 0,
    pack: null,
    replaces: [],
    ...extra,
  }
}

const DOCS: DocumentSummaryDto[] = [
  doc('jinan', {
    title: '济南市人民政府关于推进工业强市建设的若干政策措施',
    shortTitle: '济南工业强市20条',
    number: '济政发〔2020〕5号',
    issuer: '济南市人民政府',
    regionCodes: ['370100'],
    regionNames: ['山东省济南市'],
    expires: '2025-12-31',
    measureCount: 20,
    monetaryCount: 8,
  }),
  doc('beijing', {
    title: '北京市中小企业纾困措施',
    issuer: '北京市经济和信息化局',
    regionCodes: ['110000'],
    regionNames: ['北京市'],
    status: 'expired',
    measureCount: 6,
  }),
  doc('shandong', {
    title: '山东省制造业技术改造支持政策',
    shortTitle: '山东技改政策',
    issuer: '山东省工业和信息化厅',
    regionCodes: ['370000'],
    regionNames: ['山东省'],
    status: 'not_yet_effective',
    monetaryCount: 1,
  }),
]

function measure(id: string, clause: string, extra: Partial<MeasureSummaryDto> = {}): MeasureSummaryDto {
  return {
    id,
    document: 'jinan',
    clause,
    title: `措施 ${clause}`,
    amountRuleEn: '',
    conditionsEn: null,
    perItemEn: null,
    titleEn: null,
    amountClass: 'non_monetary',
    amountRule: '',
    conditions: null,
    perItem: null,
    quotes: [],
    evidence: [],
    departments: [],
    notes: [],
    ...extra,
  }
}

const DETAIL: DocumentDetailDto = {
  summary: DOCS[0],
  regionNote: null,
  source: [
    { text: '一、总则\n', measures: [] },
    { text: '对设备投资给予补助，', measures: ['jinan/7'] },
    { text: '按投资额的10%', measures: ['jinan/7', 'jinan/8'] },
    { text: '。\n二、研发\n', measures: [] },
    { text: '研发费用奖励', measures: ['jinan/8'] },
  ],
  measures: [
    measure('jinan/7', '7', {
      title: '设备投资补助',
      amountClass: 'maximum',
      amountRule: '按设备投资的10%，单户最高1000万元',
      conditions: '设备投资 ≥ 500万元',
      perItem: '设备购置项目',
      evidence: ['设备购置合同、发票及付款凭证'],
      departments: ['市工业和信息化局'],
      notes: [{ topic: '“投资额”的范围', reading: '按不含税设备价款', alternatives: ['含税价款'], why: '与财政部口径一致' }],
    }),
    measure('jinan/8', '8', { title: '研发奖励' }),
  ],
  nonEnterprise: [{ clause: '1', reason: '总体要求，无企业可申请的支持', quote: '1. 总体要求。' }],
  pending: [],
  defects: [],
  stacking: ['设备投资补助（第7条）、研发奖励（第8条）：“就高不重复”'],
}

function mountView(locale: 'zh-CN' | 'en' = 'zh-CN') {
  return mount(PoliciesView, { global: { plugins: [makeI18n(locale), ElementPlus] } })
}

function rows(wrapper: VueWrapper): string[] {
  return wrapper.findAll('[data-testid="policies-table"] tbody tr').map((r) => r.find('[data-testid="policy-open"]').text())
}

function select(wrapper: VueWrapper, testId: string) {
  const found = wrapper.findAllComponents({ name: 'ElSelect' }).find((c) => c.vm.$attrs['data-testid'] === testId)
  if (!found) throw new Error(`no select ${testId}`)
  return found
}


beforeEach(() => {
  vi.clearAllMocks()
  backend.appInfo.mockResolvedValue({ appVersion: '0.1.0', catalogVersion: 'abc', documentCount: 3, measureCount: 27 })
  backend.documents.mockResolvedValue(DOCS)
  backend.document.mockResolvedValue(DETAIL)
  backend.validityOverrides.mockResolvedValue([])
  backend.setValidityOverride.mockResolvedValue([])
  backend.removeValidityOverride.mockResolvedValue([])
  session.asOf = '2025-06-30'
  session.screen = 'policies'
  session.measures = []
})

describe('PoliciesView: table', () => {
  it('lists the documents with their standing, dates and counts, and the catalogue summary', async () => {
    const wrapper = mountView()
    await flushPromises()
    expect(backend.documents).toHaveBeenCalledWith('2025-06-30')
    expect(wrapper.find('[data-testid="policies-summary"]').text()).toBe('内置政策库收录 3 份政策文件、27 项措施。')
    expect(rows(wrapper)).toEqual(['济南工业强市20条', '北京市中小企业纾困措施', '山东技改政策'])
    const first = wrapper.find('[data-testid="policies-table"] tbody tr')
    expect(first.find('[data-testid="policy-open"]').attributes('title')).toBe('济南市人民政府关于推进工业强市建设的若干政策措施')
    expect(first.text()).toContain('济政发〔2020〕5号')
    expect(first.text()).toContain('有效')
    expect(first.text()).toContain('2025-12-31')
    const statuses = wrapper.findAll('[data-testid="doc-status"]').map((s) => s.text())
    expect(statuses).toEqual(['有效', '已失效', '尚未生效'])
    expect(wrapper.findAll('[data-testid="policies-table"] tbody tr')[1].text()).toContain('未规定')
  })

  it('marks a document from a policy pack, what it replaces, and its clauses not yet encoded', async () => {
    backend.documents.mockResolvedValue([
      ...DOCS,
      doc('demo', { shortTitle: '演示文件', pack: 'demo-champion', pendingCount: 12, replaces: ['jinan'] }),
    ])
    const wrapper = mountView()
    await flushPromises()
    const row = wrapper.findAll('[data-testid="policies-table"] tbody tr')[3]
    expect(row.find('[data-testid="policy-pack-tag"]').text()).toBe('政策包 demo-champion')
    expect(row.find('[data-testid="policy-pending-tag"]').text()).toBe('未编码 12 条')
    expect(row.text()).toContain('替代内置文件 jinan')
    expect(wrapper.findAll('[data-testid="policy-pack-tag"]')).toHaveLength(1)
    // The heading no longer calls every document built in.
    expect(wrapper.find('[data-testid="policies-summary"]').text()).toBe(
      '政策库收录 3 份政策文件（其中 1 份来自已安装的政策包）、27 项措施。',
    )
  })

  it('filters by region, offering the distinct region names in code order', async () => {
    const wrapper = mountView()
    await flushPromises()
    const region = select(wrapper, 'policies-filter-region')
    const options = region.findAllComponents({ name: 'ElOption' }).map((o) => o.props('value'))
    expect(options).toEqual(['北京市', '山东省', '山东省济南市'])
    region.vm.$emit('update:modelValue', '山东省济南市')
    await flushPromises()
    expect(rows(wrapper)).toEqual(['济南工业强市20条'])
    expect(wrapper.find('[data-testid="policies-count"]').text()).toBe('显示 1 份，共 3 份')
  })

  it('filters by standing and by having amounts', async () => {
    const wrapper = mountView()
    await flushPromises()
    select(wrapper, 'policies-filter-status').vm.$emit('update:modelValue', 'expired')
    await flushPromises()
    expect(rows(wrapper)).toEqual(['北京市中小企业纾困措施'])
    select(wrapper, 'policies-filter-status').vm.$emit('update:modelValue', '')
    await wrapper.find('[data-testid="policies-filter-amount"] input').setValue(true)
    await flushPromises()
    expect(rows(wrapper)).toEqual(['济南工业强市20条', '山东技改政策'])
  })

  it('searches title, number and issuer', async () => {
    const wrapper = mountView()
    await flushPromises()
    const search = wrapper.find('input[data-testid="policies-search"]')
    await search.setValue('济政发')
    expect(rows(wrapper)).toEqual(['济南工业强市20条'])
    await search.setValue('信息化')
    expect(rows(wrapper)).toEqual(['北京市中小企业纾困措施', '山东技改政策'])
    await search.setValue('技术改造')
    expect(rows(wrapper)).toEqual(['山东技改政策'])
  })

  it('asks again when the assessment date changes', async () => {
    mountView()
    await flushPromises()
    session.asOf = '2026-03-01'
    await flushPromises()
    expect(backend.documents.mock.calls.map((c) => c[0])).toEqual(['2025-06-30', '2026-03-01'])
  })
})

/** Mounts the view and opens the first document in the reader. */
async function openReader() {
  const wrapper = mountView()
  await flushPromises()
  await wrapper.find('[data-testid="policy-open"]').trigger('click')
  await flushPromises()
  return wrapper
}

describe('PoliciesView: reader', () => {
  it('opens the document with its text, keeping line breaks, and highlights what measures quote', async () => {
    const wrapper = await openReader()
    expect(backend.document).toHaveBeenCalledWith('jinan', '2025-06-30')
    const reader = wrapper.find('[data-testid="policy-reader"]')
    expect(reader.exists()).toBe(true)
    const source = reader.find('[data-testid="policy-source"]')
    expect(source.element.textContent).toBe('一、总则\n对设备投资给予补助，按投资额的10%。\n二、研发\n研发费用奖励')
    const marks = source.findAll('[data-testid="policy-highlight"]')
    expect(marks.map((m) => m.attributes('data-measures'))).toEqual(['jinan/7', 'jinan/7 jinan/8', 'jinan/8'])
    expect(marks.map((m) => m.text())).toEqual(['对设备投资给予补助，', '按投资额的10%', '研发费用奖励'])
    expect(reader.text()).toContain('第1条：总体要求，无企业可申请的支持')
    expect(reader.find('[data-testid="policy-stacking"]').text()).toContain('就高不重复')
  })

  it('shows each measure with its rule, conditions, evidence and reading notes', async () => {
    const wrapper = await openReader()
    const card = wrapper.find('[data-testid="policy-measure"][data-measure="jinan/7"]')
    const text = card.text()
    expect(text).toContain('第7条　设备投资补助')
    expect(text).toContain('规定了最高金额')
    expect(text).toContain('按设备投资的10%，单户最高1000万元')
    expect(text).toContain('设备投资 ≥ 500万元')
    expect(text).toContain('按每个设备购置项目分别计算')
    expect(text).toContain('设备购置合同、发票及付款凭证')
    expect(text).toContain('市工业和信息化局')
    expect(text).toContain('口径：按不含税设备价款')
    expect(text).toContain('其他理解：含税价款')
    expect(text).toContain('理由：与财政部口径一致')
  })

  it('links measures and highlighted text both ways', async () => {
    const wrapper = await openReader()
    const active = () =>
      wrapper.findAll('.policy-highlight--active').map((m) => m.attributes('data-measures'))
    await wrapper.find('[data-testid="policy-measure"][data-measure="jinan/8"] [data-testid="policy-locate"]').trigger('click')
    await flushPromises()
    expect(active()).toEqual(['jinan/7 jinan/8', 'jinan/8'])

    await wrapper.findAll('[data-testid="policy-highlight"]')[0].trigger('click')
    await flushPromises()
    expect(active()).toEqual(['jinan/7', 'jinan/7 jinan/8'])
    expect(wrapper.find('.policy-measure--active').attributes('data-measure')).toBe('jinan/7')

    // Text quoted by two measures: Enter on it moves to the other one.
    await wrapper.findAll('[data-testid="policy-highlight"]')[1].trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(wrapper.find('.policy-measure--active').attributes('data-measure')).toBe('jinan/8')
  })

  it('sends 按本措施答题 to the questionnaire for that measure', async () => {
    const wrapper = await openReader()
    await wrapper.find('[data-testid="policy-measure"][data-measure="jinan/7"] [data-testid="policy-answer"]').trigger('click')
    expect(session.screen).toBe('questionnaire')
    expect(session.measures).toEqual(['jinan/7'])
  })
})

describe('PoliciesView: validity override', () => {
  it('records a repeal with its date and reason, and reloads the document', async () => {
    const wrapper = await openReader()
    const reader = wrapper.find('[data-testid="policy-reader"]')
    await reader.find('[data-testid="validity-edit"]').trigger('click')
    await flushPromises()
    const kinds = wrapper.findAllComponents({ name: 'ElRadioGroup' }).find((c) => c.vm.$attrs['data-testid'] === 'validity-kind')
    kinds!.vm.$emit('update:modelValue', 'repealed')
    await flushPromises()
    const picker = wrapper.findAllComponents({ name: 'ElDatePicker' }).find((c) => c.vm.$attrs['data-testid'] === 'validity-date')
    picker!.vm.$emit('update:modelValue', '2025-01-01')
    await reader.find('input[data-testid="validity-reason"], [data-testid="validity-reason"] input').setValue('济政发〔2024〕9号 废止')
    await flushPromises()
    const calls = backend.document.mock.calls.length
    await reader.find('[data-testid="validity-save"]').trigger('click')
    await flushPromises()
    expect(backend.setValidityOverride).toHaveBeenCalledWith({
      document: 'jinan',
      kind: 'repealed',
      date: '2025-01-01',
      reason: '济政发〔2024〕9号 废止',
      description: null,
    })
    expect(backend.document.mock.calls.length).toBeGreaterThan(calls)
  })

  it('cannot save without a reason', async () => {
    const wrapper = await openReader()
    const reader = wrapper.find('[data-testid="policy-reader"]')
    await reader.find('[data-testid="validity-edit"]').trigger('click')
    await flushPromises()
    await reader.find('[data-testid="validity-save"]').trigger('click')
    await flushPromises()
    expect(backend.setValidityOverride).not.toHaveBeenCalled()
  })
})
