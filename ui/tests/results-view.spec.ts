import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import ResultsView from '../src/views/ResultsView.vue'
import { makeI18n } from '../src/i18n'
import { session } from '../src/state'
import type { AssessmentDto } from '../src/bindings/AssessmentDto'
import type { OutcomeDto } from '../src/bindings/OutcomeDto'
import { makeHumanizer } from '../src/components/results/amountText'

// ECharts needs a real canvas/layout; the spec only checks what the view hands to it.
const chart = vi.hoisted(() => ({ setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn(), init: vi.fn() }))
vi.mock('echarts/core', () => ({
  use: () => {},
  init: (...args: unknown[]) => {
    chart.init(...args)
    return chart
  },
}))
vi.mock('echarts/charts', () => ({ BarChart: {} }))
vi.mock('echarts/components', () => ({ GridComponent: {}, TooltipComponent: {}, LegendComponent: {} }))
vi.mock('echarts/renderers', () => ({ SVGRenderer: {} }))

const calls: { firm: number; asOf: string }[] = []
let result: () => AssessmentDto
vi.mock('../src/ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/ipc')>()),
  ipc: {
    assess: async (firm: number, asOf: string) => {
      calls.push({ firm, asOf })
      return result()
    },
  },
}))

function outcome(measure: string, status: string, amountClass: string, amount: string | null, extra: Partial<OutcomeDto> = {}): OutcomeDto {
  return {
    measure,
    document: 'jinan-2020',
    documentTitle: '济南工业强市20条',
    clause: '7',
    title: `措施 ${measure}`,
    titleEn: null,
    status,
    amountClass,
    amount,
    wouldHavePaid: null,
    year: null,
    claimableFrom: null,
    lateClaimUntil: null,
    validityNote: null,
    received: [],
    items: [],
    missing: [],
    missingItems: [],
    failed: [],
    calculation: [],
    trace: [],
    hints: [],
    dropped: null,
    supersededBy: [],
    quotes: [],
    evidence: [],
    ...extra,
  }
}

const OUTCOMES: OutcomeDto[] = [
  outcome('jinan-2020/7a', 'eligible', 'exact', '1200000.00', {
    title: '设备投资补助',
    titleEn: 'Equipment subsidy',
    calculation: ['设备投资 12,000,000.00 元 × 10% = 1,200,000.00 元'],
    trace: [{ step: '适用地区', detail: '企业所在地 历下区 属于 济南市', result: 'true', facts: [['注册地', '济南市历下区']] }],
    quotes: ['按设备投资的10%给予补助'],
    items: [
      { kind: 'equipment', id: 'e1', label: null, status: 'eligible', amount: '1200000.00', calculation: [], missing: [], failed: [], droppedBy: null, year: null },
    ],
  }),
  outcome('jinan-2020/8', 'eligible', 'maximum', '500000.00'),
  outcome('jinan-2020/9', 'eligible', 'cap_only', '300000.00'),
  outcome('jinan-2020/10', 'eligible', 'unquantified', null),
  outcome('jinan-2020/11', 'eligible', 'non_monetary', null),
  outcome('jinan-2020/12', 'eligible', 'exact', '200000.00', {
    dropped: '依“就高不重复”，与“设备投资补助”（jinan-2020/7a）不重复享受，按较高者计',
  }),
  outcome('jinan-2020/13', 'undecided', 'exact', null, {
    missing: ['近三年研发投入'],
    missingItems: ['设备购置项目'],
  }),
  outcome('jinan-2020/14', 'not_eligible', 'maximum', null, { failed: ['营业收入 ≥ 2000万元'] }),
  outcome('jinan-2020/15', 'expired', 'exact', null, { wouldHavePaid: '100000.00' }),
  outcome('beijing-2021/1', 'out_of_scope', 'exact', null, {
    documentTitle: '北京市支持政策',
    trace: [{ step: '适用地区', detail: '企业不在北京市', result: 'false', facts: [] }],
  }),
  outcome('beijing-2021/2', 'out_of_scope', 'unquantified', null, { documentTitle: '北京市支持政策' }),
  outcome('hubei-2026/1', 'not_yet_effective', 'exact', null, { documentTitle: '湖北省新政' }),
]

const ASSESSMENT: AssessmentDto = {
  firmId: 1,
  firmName: '济南示例科技有限公司',
  asOf: '2025-06-30',
  catalogVersion: 'abc',
  year: 2025,
  overrides: [],
  totals: {
    exact: '1200000.00',
    upperBound: '2000000.00',
    eligible: 6,
    eligibleUnquantified: 2,
    undecided: 1,
    notEligible: 1,
    expired: 1,
    outOfScope: 3,
    accruing: '0.00',
    accruingCount: 0,
    wouldHavePaid: '0.00',
    received: '0.00',
    alreadyReceived: 0,
    otherYear: 0,
  },
  byDocument: [
    { document: 'jinan-2020', title: '济南工业强市20条', exact: '1200000.00', upperBound: '2000000.00' },
    { document: 'shandong-2021', title: '山东省技改政策', exact: '0.00', upperBound: '123456.78' },
  ],
  outcomes: OUTCOMES,
}

function mountView(locale: 'zh-CN' | 'en' = 'zh-CN') {
  return mount(ResultsView, { global: { plugins: [makeI18n(locale), ElementPlus] } })
}

function byMeasure(wrapper: ReturnType<typeof mountView>, measure: string) {
  return wrapper.find(`[data-testid="outcome"][data-measure="${measure}"]`)
}

function amountOf(wrapper: ReturnType<typeof mountView>, measure: string): string {
  return byMeasure(wrapper, measure).find('[data-testid="outcome-amount"]').text()
}

beforeEach(() => {
  calls.length = 0
  result = () => ASSESSMENT
  session.firmId = 1
  session.asOf = '2025-06-30'
  session.screen = 'results'
  session.measures = []
  chart.setOption.mockClear()
  chart.dispose.mockClear()
  chart.resize.mockClear()
  chart.init.mockClear()
})

afterEach(() => {
  session.firmId = null
})

describe('ResultsView', () => {
  it('shows both totals in 元 with separators and in 万元, and the counts', async () => {
    const wrapper = mountView()
    await flushPromises()
    expect(calls).toEqual([{ firm: 1, asOf: '2025-06-30' }])
    const exact = wrapper.find('[data-testid="results-total-exact"]')
    expect(exact.text()).toBe('1,200,000.00 元')
    expect(exact.element.parentElement!.textContent).toContain('合 120 万元')
    expect(wrapper.find('[data-testid="results-total-upper"]').text()).toBe('2,000,000.00 元')
    const counts = wrapper.find('[data-testid="results-counts"]').text()
    expect(counts).toContain('可申请 6 项')
    expect(counts).toContain('其中 2 项未规定金额')
    expect(counts).toContain('不适用 3 项')
  })

  it('groups outcomes by status in the agreed order with their counts', async () => {
    const wrapper = mountView()
    await flushPromises()
    const order = wrapper.findAll('[data-testid^="group-"]').map((g) => g.attributes('data-testid'))
    expect(order).toEqual(['group-eligible', 'group-accruing', 'group-undecided', 'group-not_eligible', 'group-received', 'group-expired', 'group-out_of_scope'])
    const eligible = wrapper.find('[data-testid="group-eligible"]')
    expect(eligible.findAll('[data-testid="outcome"]').map((o) => o.attributes('data-measure'))).toEqual([
      'jinan-2020/7a',
      'jinan-2020/8',
      'jinan-2020/9',
      'jinan-2020/12',
    ])
    expect(eligible.find('[data-testid="section-count"]').text()).toBe('6 项')
    expect(wrapper.find('[data-testid="group-undecided"] [data-testid="outcome"]').attributes('data-measure')).toBe('jinan-2020/13')
    expect(wrapper.find('[data-testid="group-out_of_scope"] [data-testid="section-count"]').text()).toBe('3 项')
  })

  it('words each amount by its class', async () => {
    const wrapper = mountView()
    await flushPromises()
    expect(amountOf(wrapper, 'jinan-2020/7a')).toBe('可获 1,200,000.00 元')
    expect(amountOf(wrapper, 'jinan-2020/8')).toBe('最高可获 500,000.00 元')
    expect(amountOf(wrapper, 'jinan-2020/9')).toBe('不超过 300,000.00 元（原文仅规定上限）')
    await wrapper.find('[data-testid="non-cash"] .el-collapse-item__header').trigger('click')
    await flushPromises()
    expect(amountOf(wrapper, 'jinan-2020/10')).toBe('原文未规定金额')
    expect(amountOf(wrapper, 'jinan-2020/11')).toBe('非资金支持')
    expect(amountOf(wrapper, 'jinan-2020/13')).toBe('补充信息后才能算出金额')
    const expired = byMeasure(wrapper, 'jinan-2020/15')
    expect(expired.find('[data-testid="outcome-would-have-paid"]').text()).toBe('如在有效期内可获 100,000.00 元')
  })

  it('explains a measure dropped by a non-stacking rule, naming the kept measure by title', async () => {
    const wrapper = mountView()
    await flushPromises()
    const dropped = byMeasure(wrapper, 'jinan-2020/12').find('[data-testid="dropped"]')
    expect(dropped.text()).toContain('不计入合计金额')
    expect(dropped.text()).toContain('“设备投资补助”（第7条）')
    expect(dropped.text()).not.toContain('jinan-2020/7a')
    expect(dropped.text()).not.toContain('”（“')
    expect(byMeasure(wrapper, 'jinan-2020/7a').find('[data-testid="dropped"]').exists()).toBe(false)
  })

  it('shows the calculation, trace facts, quotes and per-item results', async () => {
    const wrapper = mountView()
    await flushPromises()
    const card = byMeasure(wrapper, 'jinan-2020/7a')
    expect(card.find('[data-testid="outcome-calculation"]').text()).toContain('× 10% = 1,200,000.00 元')
    const trace = card.find('[data-testid="outcome-trace"]').text()
    expect(trace).toContain('✓ 满足')
    expect(trace).toContain('注册地：济南市历下区')
    expect(card.text()).toContain('按设备投资的10%给予补助')
    const items = card.find('[data-testid="outcome-items"]').text()
    expect(items).toContain('项目 1')
    expect(items).toContain('1,200,000.00')
  })

  it('sends 去回答 to the questionnaire for that measure', async () => {
    const wrapper = mountView()
    await flushPromises()
    const card = byMeasure(wrapper, 'jinan-2020/13')
    expect(card.text()).toContain('近三年研发投入')
    expect(card.text()).toContain('还需添加：设备购置项目')
    await card.find('[data-testid="outcome-answer"]').trigger('click')
    expect(session.screen).toBe('questionnaire')
    expect(session.measures).toEqual(['jinan-2020/13'])
  })

  it('offers the dossier only for eligible measures', async () => {
    const wrapper = mountView()
    await flushPromises()
    expect(byMeasure(wrapper, 'jinan-2020/14').find('[data-testid="outcome-dossier"]').exists()).toBe(false)
    await byMeasure(wrapper, 'jinan-2020/8').find('[data-testid="outcome-dossier"]').trigger('click')
    expect(session.screen).toBe('dossier')
    // What the dossier is asked for, not a questionnaire filter (that would follow the user).
    expect(session.dossierAsk).toEqual(['jinan-2020/8'])
    expect(session.measures).toEqual([])
  })

  it('keeps the not-applicable group closed and builds its rows only when opened', async () => {
    const wrapper = mountView()
    await flushPromises()
    const group = wrapper.find('[data-testid="group-out_of_scope"]')
    expect(group.findAll('[data-testid="outcome"]')).toHaveLength(0)
    await group.find('.el-collapse-item__header').trigger('click')
    await flushPromises()
    const rows = group.findAll('[data-testid="outcome"]')
    expect(rows.map((r) => r.attributes('data-measure'))).toEqual(['beijing-2021/1', 'beijing-2021/2', 'hubei-2026/1'])
    expect(rows[0].text()).toContain('适用地区：企业不在北京市')
    expect(rows[2].text()).toContain('尚未生效')
  })

  it('filters the outcomes by title or document', async () => {
    const wrapper = mountView()
    await flushPromises()
    await wrapper.find('input[data-testid="results-search"]').setValue('设备')
    expect(wrapper.findAll('[data-testid="group-eligible"] [data-testid="outcome"]')).toHaveLength(1)
    expect(wrapper.find('[data-testid="group-undecided"] [data-testid="section-count"]').text()).toBe('0 项')
    await wrapper.find('input[data-testid="results-search"]').setValue('北京')
    expect(wrapper.find('[data-testid="group-out_of_scope"] [data-testid="section-count"]').text()).toBe('2 项')
    await wrapper.find('input[data-testid="results-search"]').setValue('没有这个')
    expect(wrapper.find('[data-testid="results-no-match"]').exists()).toBe(true)
  })

  it('assesses again when the assessment date changes', async () => {
    mountView()
    await flushPromises()
    session.asOf = '2026-01-01'
    await flushPromises()
    expect(calls.map((c) => c.asOf)).toEqual(['2025-06-30', '2026-01-01'])
  })

  it('charts the amounts per document in 万元 and disposes the chart on unmount', async () => {
    const wrapper = mountView()
    await flushPromises()
    expect(chart.init).toHaveBeenCalledTimes(1)
    const option = chart.setOption.mock.calls[0][0]
    expect(option.xAxis.data).toEqual(['济南工业强市20条', '山东省技改政策'])
    expect(option.series.map((s: { name: string }) => s.name)).toEqual(['确定金额', '最高金额'])
    expect(option.series[0].data).toEqual([120, 0])
    expect(option.series[1].data).toEqual([200, 12.345678])
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toContain('最高金额：123,456.78 元')
    window.dispatchEvent(new Event('resize'))
    expect(chart.resize).toHaveBeenCalled()
    wrapper.unmount()
    expect(chart.dispose).toHaveBeenCalledTimes(1)
  })

  it('shows the backend error in the current language', async () => {
    result = () => {
      throw { messageZh: '未找到企业 1', messageEn: 'No firm 1' }
    }
    const wrapper = mountView('en')
    await flushPromises()
    expect(wrapper.find('[data-testid="results-error"]').text()).toContain('No firm 1')
  })

  it('uses the English wording and titles in English', async () => {
    const wrapper = mountView('en')
    await flushPromises()
    expect(amountOf(wrapper, 'jinan-2020/8')).toBe('Up to 500,000.00 yuan')
    expect(byMeasure(wrapper, 'jinan-2020/7a').find('.outcome-title').text()).toBe('Equipment subsidy')
  })
})

describe('makeHumanizer', () => {
  const humanize = makeHumanizer(
    new Map([
      ['jinan-2020/7a', '“设备投资补助”（第7条）'],
      ['jinan-2020/7', '“总则”（第7条）'],
    ]),
  )

  it('replaces the backend’s “title”（id） form and bare ids, longest id first', () => {
    expect(humanize('与“设备投资补助”（jinan-2020/7a）不重复享受')).toBe('与“设备投资补助”（第7条）不重复享受')
    expect(humanize('扣除与 jinan-2020/7a 重复的项目后')).toBe('扣除与 “设备投资补助”（第7条） 重复的项目后')
    expect(humanize('见 jinan-2020/7 与 jinan-2020/7a')).toBe('见 “总则”（第7条） 与 “设备投资补助”（第7条）')
    expect(humanize('与本市其他政策不重复')).toBe('与本市其他政策不重复')
  })

})

describe('ResultsView: money first', () => {
  it('lists money first, the largest amount first, and folds support without money', async () => {
    const wrapper = mountView()
    await flushPromises()
    const group = wrapper.find('[data-testid="group-eligible"]')
    const shown = group.findAll('[data-testid="outcome"]').map((c) => c.attributes('data-measure'))
    expect(shown).toEqual(['jinan-2020/7a', 'jinan-2020/8', 'jinan-2020/9', 'jinan-2020/12'])
    const folded = group.find('[data-testid="non-cash"]')
    expect(folded.text()).toContain('不涉及资金的支持（2 项）')
    await folded.find('.el-collapse-item__header').trigger('click')
    await flushPromises()
    const inside = folded.findAll('[data-testid="outcome"]').map((c) => c.attributes('data-measure'))
    expect(inside).toEqual(['jinan-2020/10', 'jinan-2020/11'])
  })
})

describe('ResultsView: no advice that makes no sense', () => {
  it('offers no 去回答 or how-to-qualify on an expired measure', async () => {
    result = () => ({
      ...ASSESSMENT,
      outcomes: [
        outcome('jinan-2020/15', 'expired', 'exact', null, {
          missing: ['近三年研发投入'],
          hints: ['若研发投入达到 500 万元即可申请'],
        }),
      ],
    })
    const wrapper = mountView()
    await flushPromises()
    const card = byMeasure(wrapper, 'jinan-2020/15')
    expect(card.find('[data-testid="outcome-answer"]').exists()).toBe(false)
    expect(card.text()).not.toContain('若研发投入达到')
  })

  it('names the higher tier that already pays the item, without advice', async () => {
    result = () => ({
      ...ASSESSMENT,
      outcomes: [
        outcome('jinan-2020/7b', 'eligible', 'exact', '1200000.00', { title: '整线智能化改造奖补' }),
        outcome('jinan-2020/7a', 'not_eligible', 'exact', null, {
          title: '普通技术改造奖补',
          supersededBy: ['jinan-2020/7b'],
          missing: [],
          hints: [],
        }),
      ],
    })
    const wrapper = mountView()
    await flushPromises()
    const card = byMeasure(wrapper, 'jinan-2020/7a')
    expect(card.find('[data-testid="outcome-superseded"]').text()).toBe(
      '该项目已按“整线智能化改造奖补”（第7条）计入，本项不再重复奖补。',
    )
    expect(card.find('[data-testid="outcome-answer"]').exists()).toBe(false)
  })
})
