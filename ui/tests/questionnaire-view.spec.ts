import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import QuestionnaireView from '../src/views/QuestionnaireView.vue'
import { drafts } from '../src/components/questionnaire/drafts'
import { makeI18n } from '../src/i18n'
import { session } from '../src/state'
import type { DocumentDetailDto } from '../src/bindings/DocumentDetailDto'
import type { DocumentSummaryDto } from '../src/bindings/DocumentSummaryDto'
import type { ItemGroupDto } from '../src/bindings/ItemGroupDto'
import type { MeasureSummaryDto } from '../src/bindings/MeasureSummaryDto'
import type { QuestionDto } from '../src/bindings/QuestionDto'
import type { QuestionnaireDto } from '../src/bindings/QuestionnaireDto'
import type { RevisionDto } from '../src/bindings/RevisionDto'

const ipc = vi.hoisted(() => ({
  questionnaire: vi.fn(),
  previewAnswer: vi.fn(),
  saveAnswer: vi.fn(),
  answerHistory: vi.fn(),
  undoAnswer: vi.fn(),
  addItem: vi.fn(),
  renameItem: vi.fn(),
  removeItem: vi.fn(),
  documents: vi.fn(),
  document: vi.fn(),
  setMeasureFilter: vi.fn(),
  firmView: vi.fn(),
}))
vi.mock('../src/ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/ipc')>()),
  ipc,
}))

const FIRM = 3
const AS_OF = '2026-03-01'
const PROJECT = 'jinan-gyqs-2020.project'

function question(over: Partial<QuestionDto> = {}): QuestionDto {
  return {
    key: { fact: 'firm.revenue_last_year', itemKind: null, itemId: null },
    label: '上一年度营业收入',
    labelEn: 'Operating revenue, last year',
    help: null,
    helpEn: null,
    answerDisplayEn: null,
    quote: null,
    measures: [],
    kind: 'money',
    unit: '万元',
    choices: [],
    min: null,
    max: null,
    pastOnly: false,
    answer: null,
    answerDisplay: null,
    dontKnow: false,
    open: true,
    ...over,
  }
}

function projects(over: Partial<ItemGroupDto> = {}): ItemGroupDto {
  return {
    kind: PROJECT,
    label: '技术改造项目',
    labelEn: 'Technical upgrading project',
    measures: ['jinan-gyqs-2020.7'],
    items: [],
    needsItem: true,
    ...over,
  }
}

function sheet(over: Partial<QuestionnaireDto> = {}): QuestionnaireDto {
  return {
    firmId: FIRM,
    asOf: AS_OF,
    measures: ['jinan-gyqs-2020.7'],
    firmQuestions: [question()],
    itemGroups: [],
    answered: 0,
    open: 1,
    ...over,
  }
}

function measure(id: string, clause: string, title: string): MeasureSummaryDto {
  return {
    id,
    document: 'jinan-gyqs-2020',
    clause,
    title,
    titleEn: null,
    amountRuleEn: '',
    conditionsEn: null,
    perItemEn: null,
    amountClass: 'capped',
    amountRule: '',
    conditions: null,
    perItem: null,
    quotes: [],
    evidence: [],
    departments: [],
    notes: [],
  }
}

const SUMMARY: DocumentSummaryDto = {
  key: 'jinan-gyqs-2020',
  title: '济南市人民政府关于加快工业强市建设的若干政策措施',
  titleEn: null,
  shortTitle: '济南工业强市',
  shortTitleEn: null,
  issuer: null,
  issuerEn: null,
  validityNoteEn: null,
  number: null,
  regionCodes: [],
  regionNames: [],
  issued: null,
  effective: null,
  expires: null,
  claimsUntil: null,
  validityNote: null,
  status: 'in_force',
  measureCount: 2,
  monetaryCount: 2,
  nonEnterpriseCount: 0,
  pendingCount: 0,
  pack: null,
  replaces: [],
}

const DETAIL: DocumentDetailDto = {
  summary: SUMMARY,
  regionNote: null,
  source: [],
  measures: [
    measure('jinan-gyqs-2020.7', '7', '普通技术改造项目设备投资奖补'),
    measure('jinan-gyqs-2020.8', '8', '智能化技术改造奖补'),
  ],
  nonEnterprise: [],
  pending: [],
  defects: [],
  stacking: [],
}

function mountView(locale: 'zh-CN' | 'en' = 'zh-CN') {
  return mount(QuestionnaireView, { global: { plugins: [makeI18n(locale), ElementPlus] }, attachTo: document.body })
}

let wrapper: ReturnType<typeof mountView> | null = null

beforeEach(() => {
  for (const f of Object.values(ipc)) f.mockReset()
  drafts.clear()
  session.firmId = FIRM
  session.asOf = AS_OF
  session.measures = []
  session.screen = 'questionnaire'
  ipc.documents.mockResolvedValue([SUMMARY])
  ipc.document.mockResolvedValue(DETAIL)
  ipc.previewAnswer.mockResolvedValue({ ok: true, dontKnow: false, display: 'x', messageZh: null, messageEn: null })
  ipc.setMeasureFilter.mockResolvedValue(undefined)
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

describe('QuestionnaireView', () => {
  it('shows a skeleton, then the questions of the firm', async () => {
    let answer: (q: QuestionnaireDto) => void = () => {}
    ipc.questionnaire.mockReturnValue(new Promise((resolve) => (answer = resolve)))
    wrapper = mountView()
    await flushPromises()
    expect(wrapper.find('[data-testid="q-loading"]').exists()).toBe(true)
    answer(sheet())
    await flushPromises()
    expect(wrapper.find('[data-testid="q-loading"]').exists()).toBe(false)
    expect(ipc.questionnaire).toHaveBeenCalledWith(FIRM, [], AS_OF, null, false)
    const q = wrapper.find('[data-testid="question"]')
    expect(q.attributes('data-fact')).toBe('firm.revenue_last_year')
    expect(q.attributes('data-item-id')).toBe('')
    expect(wrapper.find('[data-testid="firm-section"]').text()).toContain('企业基本情况')
  })

  it('says how many questions are answered and how many are still open', async () => {
    ipc.questionnaire.mockResolvedValue(sheet({ answered: 5, open: 3 }))
    wrapper = mountView()
    await flushPromises()
    expect(wrapper.find('[data-testid="q-progress-text"]').text()).toBe('已答 5 项，还有 3 项待答')
    expect(wrapper.find('[data-testid="q-progress"] .el-progress').attributes('aria-valuenow')).toBe('63')
    expect(wrapper.find('[data-testid="q-to-results"]').exists()).toBe(false)
  })

  it('offers the results once nothing is open', async () => {
    ipc.questionnaire.mockResolvedValue(sheet({ answered: 4, open: 0 }))
    wrapper = mountView()
    await flushPromises()
    expect(wrapper.find('[data-testid="q-progress-text"]').text()).toBe('已答 4 项，还有 0 项待答')
    await wrapper.find('[data-testid="q-to-results"]').trigger('click')
    expect(session.screen).toBe('results')
  })

  it('shows the backend message when the questionnaire cannot be built', async () => {
    ipc.questionnaire.mockRejectedValue({
      messageZh: '已保存的答案“十二”无法识别',
      messageEn: 'The stored answer "十二" cannot be read',
    })
    wrapper = mountView('en')
    await flushPromises()
    expect(wrapper.find('[data-testid="q-load-error"]').text()).toContain('The stored answer "十二" cannot be read')
    expect(wrapper.find('[data-testid="q-loading"]').exists()).toBe(false)
  })

  it('reloads the questionnaire after a save and keeps the field in place', async () => {
    ipc.questionnaire
      .mockResolvedValueOnce(sheet({ answered: 0, open: 1 }))
      .mockResolvedValueOnce(
        sheet({
          firmQuestions: [question({ answer: '1200', answerDisplay: '12,000,000.00 元', open: false })],
          answered: 1,
          open: 0,
        }),
      )
    ipc.saveAnswer.mockResolvedValue({} as RevisionDto)
    wrapper = mountView()
    await flushPromises()
    const input = wrapper.find('input[data-testid="q-input"]')
    await input.setValue('1200')
    await input.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(ipc.saveAnswer).toHaveBeenCalledWith(
      FIRM,
      { fact: 'firm.revenue_last_year', itemKind: null, itemId: null },
      '1200',
      AS_OF,
    )
    expect(ipc.questionnaire).toHaveBeenCalledTimes(2)
    expect(wrapper.find('[data-testid="q-progress-text"]').text()).toBe('已答 1 项，还有 0 项待答')
    // Same element: updated in place rather than rebuilt.
    expect(wrapper.find('input[data-testid="q-input"]').element).toBe(input.element)
    expect(wrapper.find('[data-testid="q-saved"]').exists()).toBe(true)
  })

  it('asks again when the assessment date changes', async () => {
    ipc.questionnaire.mockResolvedValue(sheet())
    wrapper = mountView()
    await flushPromises()
    session.asOf = '2026-06-30'
    await flushPromises()
    expect(ipc.questionnaire).toHaveBeenLastCalledWith(FIRM, [], '2026-06-30', null, false)
    expect(ipc.documents).toHaveBeenLastCalledWith('2026-06-30')
  })

  it('does not reload when a save is refused', async () => {
    ipc.questionnaire.mockResolvedValue(sheet())
    ipc.saveAnswer.mockRejectedValue({ messageZh: '金额不能为负数', messageEn: 'Must not be negative' })
    wrapper = mountView()
    await flushPromises()
    await wrapper.find('input[data-testid="q-input"]').setValue('-1')
    await wrapper.find('input[data-testid="q-input"]').trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(wrapper.find('[data-testid="q-error"]').text()).toBe('金额不能为负数')
    expect(ipc.questionnaire).toHaveBeenCalledTimes(1)
  })

  it('asks for the facts of expired measures too when the box is ticked', async () => {
    ipc.questionnaire.mockResolvedValue(sheet())
    wrapper = mountView()
    await flushPromises()
    await wrapper.find('[data-testid="q-include-expired"] input').setValue(true)
    await flushPromises()
    expect(ipc.questionnaire).toHaveBeenLastCalledWith(FIRM, [], AS_OF, null, true)
  })

  it('没有 answers that the firm has none of the group kind, and asks again', async () => {
    ipc.questionnaire
      .mockResolvedValueOnce(sheet({ itemGroups: [projects()] }))
      .mockResolvedValueOnce(sheet({ itemGroups: [] }))
    ipc.saveAnswer.mockResolvedValue({} as RevisionDto)
    wrapper = mountView()
    await flushPromises()
    const none = wrapper.find('[data-testid="no-items"]')
    expect(none.text()).toBe('没有技术改造项目')
    await none.trigger('click')
    await flushPromises()
    expect(ipc.saveAnswer).toHaveBeenCalledWith(FIRM, { fact: `${PROJECT}.any`, itemKind: null, itemId: null }, '否', AS_OF)
    expect(ipc.questionnaire).toHaveBeenCalledTimes(2)
    expect(wrapper.find('[data-testid="no-items"]').exists()).toBe(false)
  })

  it('adds an item of the group kind, reloads and names it by position', async () => {
    ipc.questionnaire
      .mockResolvedValueOnce(sheet({ itemGroups: [projects()] }))
      .mockResolvedValueOnce(
        sheet({
          itemGroups: [
            projects({
              needsItem: false,
              items: [
                {
                  kind: PROJECT,
                  id: 'a1',
                  label: null,
                  questions: [
                    question({
                      key: { fact: `${PROJECT}.equipment_investment`, itemKind: PROJECT, itemId: 'a1' },
                      label: '设备投资额',
                    }),
                  ],
                },
              ],
            }),
          ],
        }),
      )
    ipc.addItem.mockResolvedValue('a1')
    wrapper = mountView()
    await flushPromises()
    const add = wrapper.find('[data-testid="add-item"]')
    expect(add.attributes('data-kind')).toBe(PROJECT)
    expect(add.text()).toBe('添加技术改造项目')
    expect(add.classes()).toContain('el-button--primary')
    expect(wrapper.find('[data-testid="item-card"]').exists()).toBe(false)

    await add.trigger('click')
    await flushPromises()
    expect(ipc.addItem).toHaveBeenCalledWith(FIRM, PROJECT, null)
    expect(ipc.questionnaire).toHaveBeenCalledTimes(2)
    const card = wrapper.find('[data-testid="item-card"]')
    expect(card.attributes('data-item-id')).toBe('a1')
    const name = card.find('input[data-testid="item-name"]')
    expect((name.element as HTMLInputElement).value).toBe('技术改造项目 1')
    expect(document.activeElement).toBe(name.element)
    const q = card.find('[data-testid="question"]')
    expect(q.attributes('data-item-id')).toBe('a1')
    expect(q.attributes('data-fact')).toBe(`${PROJECT}.equipment_investment`)
  })

  it('renames an item, and clears the name back to the default', async () => {
    const item = { kind: PROJECT, id: 'a1', label: null, questions: [] }
    const named = { ...item, label: '一号车间产线改造' }
    ipc.questionnaire
      .mockResolvedValueOnce(sheet({ itemGroups: [projects({ needsItem: false, items: [item] })] }))
      .mockResolvedValue(sheet({ itemGroups: [projects({ needsItem: false, items: [named] })] }))
    ipc.renameItem.mockResolvedValue(undefined)
    wrapper = mountView()
    await flushPromises()
    const name = wrapper.find('input[data-testid="item-name"]')
    await name.setValue('一号车间产线改造')
    await name.trigger('keydown', { key: 'Enter' })
    await name.trigger('blur')
    await flushPromises()
    expect(ipc.renameItem).toHaveBeenCalledTimes(1)
    expect(ipc.renameItem).toHaveBeenCalledWith(FIRM, PROJECT, 'a1', '一号车间产线改造')
    expect(ipc.questionnaire).toHaveBeenCalledTimes(2)
    expect((name.element as HTMLInputElement).value).toBe('一号车间产线改造')

    await name.setValue('')
    await name.trigger('blur')
    await flushPromises()
    expect(ipc.renameItem).toHaveBeenLastCalledWith(FIRM, PROJECT, 'a1', null)
  })

  it('asks before removing an item and removes nothing when cancelled', async () => {
    const item = { kind: PROJECT, id: 'a1', label: '一号线', questions: [] }
    ipc.questionnaire.mockResolvedValue(sheet({ itemGroups: [projects({ needsItem: false, items: [item] })] }))
    ipc.removeItem.mockResolvedValue(undefined)
    wrapper = mountView()
    await flushPromises()

    await wrapper.find('[data-testid="item-remove"]').trigger('click')
    await flushPromises()
    expect(document.body.textContent).toContain('确定删除“一号线”吗？')
    ;(document.querySelector('.el-message-box__btns .el-button:not(.el-button--primary)') as HTMLElement).click()
    await flushPromises()
    expect(ipc.removeItem).not.toHaveBeenCalled()

    await wrapper.find('[data-testid="item-remove"]').trigger('click')
    await flushPromises()
    const buttons = [...document.querySelectorAll<HTMLElement>('.el-message-box__btns .el-button--primary')]
    buttons.at(-1)!.click()
    await flushPromises()
    expect(ipc.removeItem).toHaveBeenCalledWith(FIRM, PROJECT, 'a1')
    expect(ipc.questionnaire).toHaveBeenCalledTimes(2)
  })

  it('lists the history of an answer and undoes the last change', async () => {
    ipc.questionnaire.mockResolvedValue(
      sheet({ firmQuestions: [question({ answer: '1500', answerDisplay: '15,000,000.00 元', open: false })] }),
    )
    const key = { fact: 'firm.revenue_last_year', itemKind: null, itemId: null }
    ipc.answerHistory.mockResolvedValue([
      { seq: 1, key, value: '1200', source: 'imported', at: '2026-02-01T08:00:00.000Z', unset: false, undoes: null },
      { seq: 2, key, value: null, source: 'typed', at: '2026-02-02T08:00:00.000Z', unset: false, undoes: null },
      { seq: 3, key, value: '1500', source: 'typed', at: '2026-02-03T08:00:00.000Z', unset: false, undoes: null },
    ] satisfies RevisionDto[])
    ipc.undoAnswer.mockResolvedValue({
      seq: 4, key, value: null, source: 'undo', at: '2026-02-04T08:00:00.000Z', unset: false, undoes: 3,
    } satisfies RevisionDto)
    wrapper = mountView()
    await flushPromises()
    await wrapper.find('[data-testid="q-history"]').trigger('click')
    await flushPromises()
    expect(ipc.answerHistory).toHaveBeenCalledWith(FIRM, key)
    const rows = [...document.querySelectorAll('[data-testid="q-history-table"] tbody tr')].map((r) => r.textContent)
    expect(rows).toHaveLength(3)
    expect(rows[0]).toContain('1500')
    expect(rows[0]).toContain('填写')
    expect(rows[1]).toContain('不清楚')
    expect(rows[2]).toContain('导入')

    ;(document.querySelector('[data-testid="q-undo"]') as HTMLElement).click()
    await flushPromises()
    expect(ipc.undoAnswer).toHaveBeenCalledWith(FIRM, key)
    expect(ipc.questionnaire).toHaveBeenCalledTimes(2)
    expect(ipc.answerHistory).toHaveBeenCalledTimes(2)
  })

  it('names the chosen measures and asks only about them', async () => {
    ipc.questionnaire.mockResolvedValue(sheet())
    wrapper = mountView()
    await flushPromises()
    expect(wrapper.find('[data-testid="measure-line"]').text()).toBe('涵盖政策库中全部 2 项措施。')
    expect(ipc.document).toHaveBeenCalledWith('jinan-gyqs-2020', AS_OF)

    // Open the list and pick a measure the way a user does.
    await wrapper.find('[data-testid="measure-picker"] .el-select__wrapper').trigger('click')
    await flushPromises()
    const option = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find(
      (o) => o.textContent?.trim() === '第7条 普通技术改造项目设备投资奖补',
    )
    expect(document.querySelector('.el-select-group__title')?.textContent).toBe('济南工业强市')
    option!.click()
    await flushPromises()
    expect(session.measures).toEqual(['jinan-gyqs-2020.7'])
    expect(ipc.setMeasureFilter).toHaveBeenCalledWith(FIRM, ['jinan-gyqs-2020.7'])
    expect(ipc.questionnaire).toHaveBeenLastCalledWith(FIRM, ['jinan-gyqs-2020.7'], AS_OF, null, false)
    expect(wrapper.find('[data-testid="measure-line"]').text()).toBe(
      '只问与以下措施有关的问题：《济南工业强市》第7条 普通技术改造项目设备投资奖补',
    )
    // The tag shows the title, never the id.
    expect(wrapper.find('[data-testid="measure-picker"]').text()).toContain('第7条 普通技术改造项目设备投资奖补')
    expect(wrapper.find('[data-testid="measure-picker"]').text()).not.toContain('jinan-gyqs-2020.7')
  })

  it('shows a filter as a filter, with one click back to every question', async () => {
    session.measures = ['jinan-gyqs-2020.7']
    ipc.questionnaire.mockResolvedValue(sheet({ answered: 0, open: 0, firmQuestions: [] }))
    wrapper = mountView()
    await flushPromises()
    const filter = wrapper.find('[data-testid="q-filter"]')
    expect(filter.text()).toContain('仅所选措施（1 项）')
    // All answered for the chosen measures is not the questionnaire being complete.
    expect(wrapper.find('[data-testid="q-done"]').text()).toContain('所选措施的问题都已回答')
    await filter.find('[data-testid="q-filter-clear"]').trigger('click')
    await flushPromises()
    expect(ipc.setMeasureFilter).toHaveBeenCalledWith(FIRM, [])
    expect(session.measures).toEqual([])
    expect(ipc.questionnaire).toHaveBeenLastCalledWith(FIRM, [], AS_OF, null, false)
    expect(wrapper.find('[data-testid="q-filter"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="q-done"]').text()).toContain('可能影响结果的问题都已回答')
  })

  it('groups the questions by policy document with a count each, the firm first', async () => {
    ipc.questionnaire.mockResolvedValue(
      sheet({
        firmQuestions: [
          question({ key: { fact: 'jinan-gyqs-2020.innovation_platform', itemKind: null, itemId: null }, kind: 'bool', label: '是否牵头组建创新联合体' }),
          question({ answer: '500', answerDisplay: '5,000,000.00 元', open: false }),
          question({ key: { fact: 'firm.is_sme', itemKind: null, itemId: null }, kind: 'bool', label: '是否为中小企业' }),
        ],
        answered: 1,
        open: 2,
      }),
    )
    wrapper = mountView()
    await flushPromises()
    const firm = wrapper.find('[data-testid="firm-section"]')
    expect(firm.text()).toContain('企业基本情况')
    expect(firm.find('[data-testid="section-count"]').text()).toBe('已答 1/2')
    expect(firm.findAll('[data-testid="question"]').map((q) => q.attributes('data-fact'))).toEqual([
      'firm.revenue_last_year',
      'firm.is_sme',
    ])
    const doc = wrapper.find('[data-testid="doc-section"][data-document="jinan-gyqs-2020"]')
    expect(doc.find('.q-section-title').text()).toContain('济南工业强市')
    expect(doc.find('[data-testid="section-count"]').text()).toBe('已答 0/1')
  })

  it('下一个待答 brings the first open question into view and focuses it', async () => {
    ipc.questionnaire.mockResolvedValue(
      sheet({
        firmQuestions: [
          question({ answer: '500', answerDisplay: '5,000,000.00 元', open: false }),
          question({ key: { fact: 'firm.employees', itemKind: null, itemId: null }, kind: 'count', label: '从业人员数' }),
        ],
        answered: 1,
        open: 1,
      }),
    )
    const scrolled: string[] = []
    HTMLElement.prototype.scrollIntoView = function (this: HTMLElement) {
      scrolled.push(this.getAttribute('data-fact') ?? '')
    }
    wrapper = mountView()
    await flushPromises()
    await wrapper.find('[data-testid="q-next-open"]').trigger('click')
    expect(scrolled).toEqual(['firm.employees'])
    const focused = document.activeElement as HTMLElement
    expect(focused.closest('[data-testid="question"]')?.getAttribute('data-fact')).toBe('firm.employees')
  })

  it('offers no 下一个待答 once nothing is open', async () => {
    ipc.questionnaire.mockResolvedValue(sheet({ answered: 1, open: 0, firmQuestions: [question({ answer: '5', open: false })] }))
    wrapper = mountView()
    await flushPromises()
    expect(wrapper.find('[data-testid="q-next-open"]').exists()).toBe(false)
  })
})
