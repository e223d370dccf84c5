import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus, { ElMessage, ElMessageBox } from 'element-plus'
import DossierView from '../src/views/DossierView.vue'
import { makeI18n } from '../src/i18n'
import { session } from '../src/state'
import { isSafeSvg, formatSize, fileNamePart } from '../src/components/dossier/helpers'
import type { AssessmentDto } from '../src/bindings/AssessmentDto'
import type { AttachmentDto } from '../src/bindings/AttachmentDto'
import type { DossierRequestDto } from '../src/bindings/DossierRequestDto'
import type { OutcomeDto } from '../src/bindings/OutcomeDto'

const backend = vi.hoisted(() => ({
  assess: vi.fn(),
  attachments: vi.fn(),
  attachFile: vi.fn(),
  removeAttachment: vi.fn(),
  dossierPreview: vi.fn(),
  saveDossier: vi.fn(),
  firmView: vi.fn(),
  setDossierSelection: vi.fn(),
}))
vi.mock('../src/ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/ipc')>()),
  ipc: backend,
}))

// The native file dialogs, answered by the spec.
const dialogs = vi.hoisted(() => ({ pickFile: vi.fn() }))
vi.mock('../src/dialogs', () => dialogs)

const EQUIPMENT = '设备购置合同、发票及付款凭证'

function outcome(measure: string, status: string, extra: Partial<OutcomeDto> = {}): OutcomeDto {
  return {
    measure,
    document: 'jinan-2020',
    documentTitle: '济南工业强市20条',
    clause: measure.split('/')[1],
    title: `措施 ${measure}`,
    titleEn: null,
    status,
    amountClass: 'exact',
    amount: status === 'eligible' ? '100000.00' : null,
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

function assessment(outcomes: OutcomeDto[]): AssessmentDto {
  return {
    firmId: 1,
    firmName: '济南示例科技有限公司',
    asOf: '2025-06-30',
    catalogVersion: 'abc',
    year: 2025,
    overrides: [],
    totals: { exact: '0.00', upperBound: '0.00', eligible: 0, eligibleUnquantified: 0, undecided: 0, notEligible: 0, expired: 0, outOfScope: 0, accruing: '0.00', accruingCount: 0, wouldHavePaid: '0.00', received: '0.00', alreadyReceived: 0, otherYear: 0 },
    byDocument: [],
    outcomes,
  }
}

const OUTCOMES = [
  outcome('jinan-2020/7', 'eligible', { title: '设备投资补助', evidence: [EQUIPMENT, '项目备案证明'] }),
  outcome('jinan-2020/8', 'eligible', { title: '研发费用奖励', evidence: ['研发费用专项审计报告'] }),
  outcome('jinan-2020/9', 'eligible', { title: '较低的重复奖励', dropped: '依“就高不重复”，按较高者计' }),
  outcome('jinan-2020/10', 'undecided', { title: '还没答完的措施' }),
]

const FILES: AttachmentDto[] = [
  { id: 11, measure: 'jinan-2020/7', evidence: EQUIPMENT, fileName: '购置合同.pdf', size: 2_411_724, addedAt: '2025-06-01T08:00:00Z' },
  { id: 12, measure: 'jinan-2020/7', evidence: null, fileName: '情况说明.docx', size: 20_480, addedAt: '2025-06-01T08:00:00Z' },
]

const svg = (n: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 595.276 841.89" width="210mm" height="297mm"><text x="1" y="2">第${n}页 &amp; 甲</text></svg>`

function mountView(locale: 'zh-CN' | 'en' = 'zh-CN') {
  return mount(DossierView, { global: { plugins: [makeI18n(locale), ElementPlus] } })
}

function checked(wrapper: ReturnType<typeof mountView>): string[] {
  return wrapper
    .findAll('[data-testid="dossier-measure"]')
    .filter((c) => (c.find('input').element as HTMLInputElement).checked)
    .map((c) => c.attributes('data-measure')!)
}


beforeEach(() => {
  vi.clearAllMocks()
  backend.assess.mockResolvedValue(assessment(OUTCOMES))
  backend.attachments.mockResolvedValue(FILES)
  backend.firmView.mockResolvedValue({ measureFilter: [], dossierSelection: null })
  backend.setDossierSelection.mockResolvedValue(undefined)
  session.firmId = 1
  session.firmName = '济南示例科技有限公司'
  session.asOf = '2025-06-30'
  session.screen = 'dossier'
  session.measures = []
  session.dossierAsk = null
})

afterEach(() => {
  session.firmId = null
})

describe('DossierView: measures', () => {
  it('offers the eligible measures and preselects the ones that count', async () => {
    const wrapper = mountView()
    await flushPromises()
    const offered = wrapper.findAll('[data-testid="dossier-measure"]').map((c) => c.attributes('data-measure'))
    expect(offered).toEqual(['jinan-2020/7', 'jinan-2020/8', 'jinan-2020/9'])
    expect(checked(wrapper)).toEqual(['jinan-2020/7', 'jinan-2020/8'])
    expect(wrapper.find('[data-testid="dossier-measure"][data-measure="jinan-2020/7"]').text()).toContain('可获 100,000.00 元')
  })

  it('preselects the measures the results screen asked for, and says which it could not', async () => {
    session.dossierAsk = ['jinan-2020/8', 'jinan-2020/10']
    const wrapper = mountView()
    await flushPromises()
    expect(checked(wrapper)).toEqual(['jinan-2020/8'])
    expect(wrapper.find('[data-testid="dossier-not-offered"]').text()).toContain('还没答完的措施')
    // Taken once, and kept as this firm's selection.
    expect(session.dossierAsk).toBeNull()
    expect(backend.setDossierSelection).toHaveBeenLastCalledWith(1, ['jinan-2020/8'])
  })

  it('ticks only measures with money by default', async () => {
    backend.assess.mockResolvedValue(
      assessment([
        ...OUTCOMES,
        outcome('jinan-2020/11', 'eligible', { title: '荣誉称号', amountClass: 'non_monetary', amount: null }),
      ]),
    )
    const wrapper = mountView()
    await flushPromises()
    const offered = wrapper.findAll('[data-testid="dossier-measure"]').map((c) => c.attributes('data-measure'))
    expect(offered).toContain('jinan-2020/11')
    expect(checked(wrapper)).toEqual(['jinan-2020/7', 'jinan-2020/8'])
  })

  it('lists the measures paying money first, the largest amount first', async () => {
    backend.assess.mockResolvedValue(
      assessment([
        outcome('jinan-2020/11', 'eligible', { amountClass: 'non_monetary', amount: null }),
        outcome('jinan-2020/7', 'eligible'),
        outcome('jinan-2020/8', 'eligible', { amount: '500000.00' }),
      ]),
    )
    const wrapper = mountView()
    await flushPromises()
    const offered = wrapper.findAll('[data-testid="dossier-measure"]').map((c) => c.attributes('data-measure'))
    expect(offered).toEqual(['jinan-2020/8', 'jinan-2020/7', 'jinan-2020/11'])
  })

  it("ticks the firm's stored selection and saves every change of it", async () => {
    backend.firmView.mockResolvedValue({ measureFilter: [], dossierSelection: ['jinan-2020/8'] })
    const wrapper = mountView()
    await flushPromises()
    expect(backend.firmView).toHaveBeenCalledWith(1)
    expect(checked(wrapper)).toEqual(['jinan-2020/8'])
    await wrapper.find('[data-testid="dossier-measure"][data-measure="jinan-2020/9"] input').setValue(true)
    await flushPromises()
    expect(backend.setDossierSelection).toHaveBeenLastCalledWith(1, ['jinan-2020/8', 'jinan-2020/9'])
    // Back to exactly the default (the measures with money): stored as no choice.
    await wrapper.find('[data-testid="dossier-measure"][data-measure="jinan-2020/9"] input').setValue(false)
    await wrapper.find('[data-testid="dossier-measure"][data-measure="jinan-2020/7"] input').setValue(true)
    await flushPromises()
    expect(backend.setDossierSelection).toHaveBeenLastCalledWith(1, null)
  })

  it('keeps an empty stored selection empty rather than ticking the default again', async () => {
    backend.firmView.mockResolvedValue({ measureFilter: [], dossierSelection: [] })
    const wrapper = mountView()
    await flushPromises()
    expect(checked(wrapper)).toEqual([])
  })

  it('says so when nothing is eligible and leads to the questionnaire', async () => {
    backend.assess.mockResolvedValue(assessment([outcome('jinan-2020/10', 'undecided')]))
    const wrapper = mountView()
    await flushPromises()
    expect(wrapper.find('[data-testid="dossier-none"]').text()).toContain('还没有可以申报的措施')
    expect(wrapper.find('[data-testid="dossier-preview"]').exists()).toBe(false)
    await wrapper.find('[data-testid="dossier-go-questionnaire"]').trigger('click')
    expect(session.screen).toBe('questionnaire')
  })
})

describe('DossierView: evidence', () => {
  it('lists the evidence lines of the selected measures with their files', async () => {
    const wrapper = mountView()
    await flushPromises()
    const evidence = wrapper.find('[data-testid="dossier-evidence"]')
    const line = evidence.find(`[data-testid="evidence-line"][data-evidence="${EQUIPMENT}"]`)
    expect(line.text()).toContain('购置合同.pdf')
    expect(line.text()).toContain('2.3 MB')
    const other = evidence.find('.evidence-measure[data-measure="jinan-2020/7"] [data-testid="evidence-line"][data-evidence=""]')
    expect(other.text()).toContain('其他证明材料')
    expect(other.text()).toContain('情况说明.docx')
    expect(other.text()).toContain('20.0 KB')
    // Unselecting a measure removes its evidence block.
    expect(evidence.find('.evidence-measure[data-measure="jinan-2020/8"]').exists()).toBe(true)
    await wrapper.find('[data-testid="dossier-measure"][data-measure="jinan-2020/8"] input').setValue(false)
    expect(wrapper.find('.evidence-measure[data-measure="jinan-2020/8"]').exists()).toBe(false)
  })

  it('attaches the picked file to the measure and evidence line', async () => {
    dialogs.pickFile.mockResolvedValue({ handle: 11, name: '备案证明.pdf' })
    backend.attachFile.mockResolvedValue({
      id: 13,
      measure: 'jinan-2020/7',
      evidence: '项目备案证明',
      fileName: '备案证明.pdf',
      size: 1536,
      addedAt: 'now',
    })
    const wrapper = mountView()
    await flushPromises()
    await wrapper
      .find('[data-testid="evidence-attach"][data-measure="jinan-2020/7"][data-evidence="项目备案证明"]')
      .trigger('click')
    await flushPromises()
    // Rust decides the file types from the purpose; the page sends no path.
    expect(dialogs.pickFile.mock.calls[0][0]).toBe('evidence')
    expect(backend.attachFile).toHaveBeenCalledWith(1, 'jinan-2020/7', '项目备案证明', 11)
    const line = wrapper.find('[data-testid="evidence-line"][data-evidence="项目备案证明"]')
    expect(line.text()).toContain('备案证明.pdf')
    expect(line.text()).toContain('1.5 KB')
  })

  it('attaches to the measure as a whole from 其他证明材料, and shows a refusal', async () => {
    dialogs.pickFile.mockResolvedValue({ handle: 12, name: 'big.pdf' })
    backend.attachFile.mockRejectedValue({ messageZh: '文件超过 20 MiB', messageEn: 'File over 20 MiB' })
    const error = vi.spyOn(ElMessage, 'error')
    const wrapper = mountView()
    await flushPromises()
    await wrapper.find('[data-testid="evidence-attach"][data-measure="jinan-2020/8"][data-evidence=""]').trigger('click')
    await flushPromises()
    expect(backend.attachFile).toHaveBeenCalledWith(1, 'jinan-2020/8', null, 12)
    expect(error).toHaveBeenCalledWith('文件超过 20 MiB')
  })

  it('does nothing when the file dialog is cancelled', async () => {
    dialogs.pickFile.mockResolvedValue(null)
    const wrapper = mountView()
    await flushPromises()
    await wrapper.find('[data-testid="evidence-attach"]').trigger('click')
    await flushPromises()
    expect(backend.attachFile).not.toHaveBeenCalled()
  })

  it('removes a file only after confirmation', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm')
    backend.removeAttachment.mockResolvedValue(undefined)
    const wrapper = mountView()
    await flushPromises()
    const removeButton = () => wrapper.find('[data-testid="evidence-file"][data-id="11"] [data-testid="evidence-remove"]')

    confirm.mockRejectedValueOnce('cancel')
    await removeButton().trigger('click')
    await flushPromises()
    expect(confirm.mock.calls[0][0]).toContain('购置合同.pdf')
    expect(backend.removeAttachment).not.toHaveBeenCalled()

    confirm.mockResolvedValueOnce('confirm' as never)
    await removeButton().trigger('click')
    await flushPromises()
    expect(backend.removeAttachment).toHaveBeenCalledWith(1, 11)
    expect(wrapper.find('[data-testid="evidence-file"][data-id="11"]').exists()).toBe(false)
  })
})

describe('DossierView: preview and save', () => {
  it('renders one inline page card per SVG page and asks for the chosen measures', async () => {
    backend.dossierPreview.mockResolvedValue({ pages: [svg(1), svg(2), svg(3)], measureCount: 2, inputHash: 'h' })
    const wrapper = mountView()
    await flushPromises()
    await wrapper.find('[data-testid="dossier-appendix"] input').setValue(true)
    await wrapper.find('[data-testid="dossier-preview-button"]').trigger('click')
    await flushPromises()
    expect(backend.dossierPreview).toHaveBeenCalledWith({
      firmId: 1,
      asOf: '2025-06-30',
      year: null,
      measures: ['jinan-2020/7', 'jinan-2020/8'],
      appendix: true,
    } satisfies DossierRequestDto)
    const cards = wrapper.findAll('[data-testid="dossier-page"]')
    expect(cards).toHaveLength(3)
    expect(cards[1].find('svg').exists()).toBe(true)
    expect(cards[1].find('svg text').text()).toBe('第2页 & 甲')
    expect(cards[1].find('img').exists()).toBe(false)
    expect(cards[2].text()).toContain('第 3 页 / 共 3 页')
    expect(wrapper.find('[data-testid="dossier-page-count"]').text()).toBe('共 3 页')
  })

  it('refuses a page with a script, an event handler or foreignObject', async () => {
    const bad = [
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="alert(1)"/></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div>x</div></foreignObject></svg>',
      '<div><svg/></div>',
    ]
    backend.dossierPreview.mockResolvedValue({ pages: [svg(1), ...bad], measureCount: 2, inputHash: 'h' })
    const wrapper = mountView()
    await flushPromises()
    await wrapper.find('[data-testid="dossier-preview-button"]').trigger('click')
    await flushPromises()
    const cards = wrapper.findAll('[data-testid="dossier-page"]')
    expect(cards).toHaveLength(5)
    expect(cards[0].find('[data-testid="dossier-page-refused"]').exists()).toBe(false)
    for (const card of cards.slice(1)) {
      expect(card.find('[data-testid="dossier-page-refused"]').exists()).toBe(true)
      expect(card.find('.preview-sheet > svg').exists()).toBe(false)
      expect(card.find('script, rect, foreignObject').exists()).toBe(false)
      expect(card.html()).not.toContain('alert(1)')
    }
  })

  it('drops the preview when the selection changes', async () => {
    backend.dossierPreview.mockResolvedValue({ pages: [svg(1)], measureCount: 1, inputHash: 'h' })
    const wrapper = mountView()
    await flushPromises()
    await wrapper.find('[data-testid="dossier-preview-button"]').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('[data-testid="dossier-page"]')).toHaveLength(1)
    await wrapper.find('[data-testid="dossier-measure"][data-measure="jinan-2020/9"] input').setValue(true)
    expect(wrapper.findAll('[data-testid="dossier-page"]')).toHaveLength(0)
  })

  it('shows a backend refusal of the preview', async () => {
    backend.dossierPreview.mockRejectedValue({ messageZh: '没有可申报的措施', messageEn: 'No measure to apply for' })
    const wrapper = mountView()
    await flushPromises()
    await wrapper.find('[data-testid="dossier-preview-button"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="dossier-action-error"]').text()).toContain('没有可申报的措施')
  })

  it('saves a Word file with its own name and filter, and reports its size', async () => {
    dialogs.pickFile.mockResolvedValue({ handle: 22, name: '申报.docx' })
    backend.saveDossier.mockResolvedValue({ path: '/home/a/申报.docx', bytes: 52_000, pageCount: 0 })
    const wrapper = mountView()
    await flushPromises()
    await wrapper.find('[data-testid="dossier-save-word"]').trigger('click')
    await flushPromises()
    const [purpose, , filterName, suggested] = dialogs.pickFile.mock.calls[0]
    expect(purpose).toBe('dossier_word')
    expect(suggested).toBe('济南示例科技有限公司-申报材料-2025-06-30.docx')
    expect(filterName).toBe('Word 文件')
    expect(backend.saveDossier.mock.calls[0][1]).toBe(22)
    expect(backend.saveDossier.mock.calls[0][2]).toBe('docx')
    const saved = wrapper.find('[data-testid="dossier-saved"]').text()
    expect(saved).toContain('Word 文件，大小')
    expect(saved).toContain('已保存 Word 文件')
    expect(saved).not.toContain('共 0 页')
    expect(saved).not.toContain('PDF 阅读器')
  })

  it('saves the PDF where the user picked and reports it with the print hint', async () => {
    dialogs.pickFile.mockResolvedValue({ handle: 21, name: '申报.pdf' })
    backend.saveDossier.mockResolvedValue({ path: '/home/a/申报.pdf', bytes: 1_258_291, pageCount: 12 })
    const wrapper = mountView()
    await flushPromises()
    await wrapper.find('[data-testid="dossier-measure"][data-measure="jinan-2020/7"] input').setValue(false)
    await wrapper.find('[data-testid="dossier-save"]').trigger('click')
    await flushPromises()
    const [purpose, , filterName, suggested] = dialogs.pickFile.mock.calls[0]
    expect(purpose).toBe('dossier')
    expect(suggested).toBe('济南示例科技有限公司-申报材料-2025-06-30.pdf')
    expect(filterName).toBe('PDF 文件')
    expect(backend.saveDossier).toHaveBeenCalledWith(
      { firmId: 1, asOf: '2025-06-30', year: null, measures: ['jinan-2020/8'], appendix: false },
      21,
      'pdf',
    )
    const saved = wrapper.find('[data-testid="dossier-saved"]').text()
    expect(saved).toContain('/home/a/申报.pdf')
    expect(saved).toContain('共 12 页，文件大小 1.2 MB')
    expect(saved).toContain('A4 纸、黑白打印')
  })

  it('saves nothing when the save dialog is cancelled or nothing is selected', async () => {
    dialogs.pickFile.mockResolvedValue(null)
    const wrapper = mountView()
    await flushPromises()
    await wrapper.find('[data-testid="dossier-save"]').trigger('click')
    await flushPromises()
    expect(backend.saveDossier).not.toHaveBeenCalled()
    await wrapper.find('[data-testid="dossier-select-none"]').trigger('click')
    expect(wrapper.find('[data-testid="dossier-nothing-selected"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="dossier-save"]').attributes('disabled')).toBeDefined()
    expect(wrapper.find('[data-testid="dossier-preview-button"]').attributes('disabled')).toBeDefined()
  })
})

describe('dossier helpers', () => {
  it('accept only plain SVG documents', () => {
    expect(isSafeSvg(svg(1))).toBe(true)
    expect(isSafeSvg('<svg><SCRIPT src="x"/></svg>')).toBe(false)
    expect(isSafeSvg('<svg><a href="javascript:alert(1)">x</a></svg>')).toBe(false)
    expect(isSafeSvg('<svg><image\nonload = "x"/></svg>')).toBe(false)
    expect(isSafeSvg(' <svg/>')).toBe(false)
  })

  it('format sizes and file names', () => {
    expect(formatSize(812)).toBe('812 B')
    expect(formatSize(46_387)).toBe('45.3 KB')
    expect(formatSize(20 * 1024 * 1024)).toBe('20.0 MB')
    expect(fileNamePart('A/B:公司*')).toBe('A_B_公司_')
  })
})
