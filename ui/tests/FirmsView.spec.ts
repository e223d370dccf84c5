import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { DOMWrapper, flushPromises, mount } from '@vue/test-utils'
import ElementPlus, { ElMessage, ElMessageBox } from 'element-plus'
import FirmsView from '../src/views/FirmsView.vue'
import CreateFirmDialog from '../src/components/CreateFirmDialog.vue'
import { makeI18n } from '../src/i18n'
import { selectFirm, session } from '../src/state'
import { forgetCodeTrees } from '../src/components/firms/codeTrees'
import type { FirmSummaryDto } from '../src/bindings/FirmSummaryDto'
import type { CodeNodeDto } from '../src/bindings/CodeNodeDto'
import type { FirmDto } from '../src/bindings/FirmDto'
import type { BadAnswerDto } from '../src/bindings/BadAnswerDto'

// The component talks to Rust only through src/ipc.ts and to the file choosers only through
// src/dialogs.ts; here both are replaced.
const ipc = vi.hoisted(() => ({
  listFirms: vi.fn(),
  firmOverviews: vi.fn(),
  regionTree: vi.fn(),
  duplicateFirm: vi.fn(),
  exportFirm: vi.fn(),
  deleteFirm: vi.fn(),
  inspectImport: vi.fn(),
  importFirm: vi.fn(),
  importFirmsCsv: vi.fn(),
  assessFirms: vi.fn(),
  cancelJob: vi.fn(),
  exportBatch: vi.fn(),
  checkCreditCode: vi.fn(),
  createFirm: vi.fn(),
}))
vi.mock('../src/ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/ipc')>()),
  ipc,
}))
const dialogs = vi.hoisted(() => ({ pickFile: vi.fn() }))
vi.mock('../src/dialogs', () => dialogs)

const FIRMS: FirmSummaryDto[] = [
  { id: 1, name: '济南示例科技有限公司', creditCode: '91350100M000100Y43', region: '370102', regionName: '山东省济南市历下区', updatedAt: '2025-03-01T08:00:00.000Z' },
  { id: 2, name: '历城精密制造有限公司', creditCode: null, region: null, regionName: null, updatedAt: '2025-02-01T08:00:00.000Z' },
]

const REGIONS: CodeNodeDto[] = [
  {
    code: '370000',
    name: '山东省',
    fullName: '山东省',
    children: [
      {
        code: '370100',
        name: '济南市',
        fullName: '山东省济南市',
        children: [{ code: '370102', name: '历下区', fullName: '山东省济南市历下区', children: [] }],
      },
    ],
  },
]

// Told by its code: the text may change (and is never compared).
const CANCELLED = { code: 'cancelled', messageZh: '任务已停止', messageEn: 'Stopped', detail: null }

function firmDto(id: number, name: string): FirmDto {
  return {
    id,
    profile: { name, creditCode: null, legalRep: null, contact: null, phone: null, region: null, industry: null },
    createdAt: '2025-03-02T08:00:00.000Z',
    updatedAt: '2025-03-02T08:00:00.000Z',
  }
}

function mountView(locale: 'zh-CN' | 'en' = 'zh-CN') {
  const i18n = makeI18n(locale)
  return { i18n, wrapper: mount(FirmsView, { global: { plugins: [i18n, ElementPlus] } }) }
}

type Wrapper = ReturnType<typeof mountView>['wrapper']

function button(wrapper: Wrapper, testid: string, firmId?: number) {
  const selector = firmId === undefined ? `[data-testid="${testid}"]` : `[data-testid="${testid}"][data-firm-id="${firmId}"]`
  // Copy, export and delete sit in the row's "more" menu, which Element Plus puts in <body>.
  const inMenu = wrapper.find(selector).exists() ? null : document.body.querySelector(selector)
  return inMenu ? new DOMWrapper(inMenu) : wrapper.get(selector)
}

async function click(wrapper: Wrapper, testid: string, firmId?: number) {
  const selector = `[data-testid="${testid}"][data-firm-id="${firmId}"]`
  if (firmId !== undefined && !wrapper.find(selector).exists() && !document.body.querySelector(selector)) {
    // The row's "more" menu is only built when opened (a hundred closed menus slowed the list).
    await button(wrapper, 'firm-more', firmId).trigger('click')
    await new Promise((resolve) => setTimeout(resolve, 0))
    await flushPromises()
  }
  await button(wrapper, testid, firmId).trigger('click')
  await flushPromises()
}

function rows(wrapper: Wrapper) {
  return wrapper.findAll('[data-testid="firms-table"] tbody tr')
}

let success: MockInstance<typeof ElMessage.success>
let error: MockInstance<typeof ElMessage.error>

beforeEach(() => {
  vi.clearAllMocks()
  forgetCodeTrees()
  selectFirm(null)
  session.screen = 'firms'
  session.asOf = '2025-06-30'
  ipc.listFirms.mockResolvedValue(FIRMS)
  ipc.firmOverviews.mockResolvedValue([])
  ipc.regionTree.mockResolvedValue(REGIONS)
  success = vi.spyOn(ElMessage, 'success').mockImplementation(() => ({ close() {} }) as never)
  error = vi.spyOn(ElMessage, 'error').mockImplementation(() => ({ close() {} }) as never)
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('FirmsView list', () => {
  it('shows each firm on the page with its open questions, amounts and next date', async () => {
    ipc.firmOverviews.mockResolvedValue([
      { firmId: 1, openQuestions: 3, exact: '1200000.00', upperBound: '1500000.00', nextDate: '2026-12-31', nextKindZh: '政策到期', nextKindEn: 'Document expires', error: null },
      { firmId: 2, openQuestions: 0, exact: '0.00', upperBound: '0.00', nextDate: null, nextKindZh: null, nextKindEn: null, error: null },
    ])
    session.year = 2025
    const { wrapper } = mountView()
    await flushPromises()
    expect(ipc.firmOverviews).toHaveBeenCalledWith([1, 2], '2025-06-30', 2025)
    const cell = (id: number) => wrapper.get(`[data-testid="firm-overview"][data-firm-id="${id}"]`).text()
    expect(cell(1)).toContain('确定 1,200,000.00 元 · 最高 1,500,000.00 元')
    expect(cell(1)).toContain('待答 3 项')
    expect(cell(1)).toContain('2026-12-31 政策到期')
    expect(cell(2)).toContain('问卷已答完')
    expect(cell(2)).toContain('暂无待办日期')
    session.year = null
  })

  it('lists the firms with region names, not codes', async () => {
    const { wrapper } = mountView()
    await flushPromises()
    const r = rows(wrapper)
    expect(r).toHaveLength(2)
    expect(r[0].text()).toContain('济南示例科技有限公司')
    expect(r[0].text()).toContain('91350100M000100Y43')
    expect(r[0].text()).toContain('山东省济南市历下区')
    expect(r[0].text()).not.toContain('370102')
    expect(r[0].text()).toContain('2025-03-01')
    expect(r[1].text()).toContain('未填写')
    expect(wrapper.find('[data-testid="firms-count"]').text()).toBe('共 2 家企业')
    expect(wrapper.find('[data-testid="firms-empty"]').exists()).toBe(false)
  })

  it('shows the empty state when there are no firms', async () => {
    ipc.listFirms.mockResolvedValue([])
    const { wrapper } = mountView()
    await flushPromises()
    expect(wrapper.find('[data-testid="firms-empty"]').text()).toContain('还没有企业')
    expect(wrapper.find('[data-testid="firms-table"]').exists()).toBe(false)
  })

  it('shows the backend error in the current language', async () => {
    ipc.listFirms.mockRejectedValue({ messageZh: '数据文件已损坏', messageEn: 'The data file is damaged' })
    const { wrapper } = mountView('en')
    await flushPromises()
    expect(wrapper.text()).toContain('The data file is damaged')
    expect(wrapper.text()).not.toContain('数据文件已损坏')
  })

  it('relabels itself when the language changes', async () => {
    const { wrapper, i18n } = mountView()
    await flushPromises()
    expect(wrapper.find('[data-testid="page-title"]').text()).toBe('企业列表')
    i18n.global.locale.value = 'en'
    await flushPromises()
    expect(wrapper.find('[data-testid="page-title"]').text()).toBe('Firms')
    expect(wrapper.find('[data-testid="firms-table"]').text()).toContain('Unified social credit code')
    expect(wrapper.find('[data-testid="open-firm"]').text()).toBe('Open')
  })

  it('marks the current firm', async () => {
    selectFirm(2, '历城精密制造有限公司')
    const { wrapper } = mountView()
    await flushPromises()
    const r = rows(wrapper)
    expect(r[1].classes()).toContain('is-current-firm')
    expect(r[1].find('[data-testid="current-firm-tag"]').text()).toBe('当前')
    expect(r[0].classes()).not.toContain('is-current-firm')
    expect(r[0].find('[data-testid="current-firm-tag"]').exists()).toBe(false)
  })

  it.each([
    ['精密', '历城精密制造有限公司'],
    ['m000100', '济南示例科技有限公司'],
    ['历下', '济南示例科技有限公司'],
  ])('filters by name, credit code or region name: %s', async (query, expected) => {
    const { wrapper } = mountView()
    await flushPromises()
    await wrapper.get('input[data-testid="firm-search"]').setValue(query)
    const r = rows(wrapper)
    expect(r).toHaveLength(1)
    expect(r[0].text()).toContain(expected)
    expect(wrapper.get('[data-testid="firms-count"]').text()).toBe('找到 1 家，共 2 家企业')
  })

  it('says so when the search finds nothing', async () => {
    const { wrapper } = mountView()
    await flushPromises()
    await wrapper.get('input[data-testid="firm-search"]').setValue('不存在的公司')
    expect(wrapper.get('[data-testid="firms-table"]').text()).toContain('没有找到符合条件的企业')
  })
})

describe('FirmsView pages', () => {
  /** 45 firms, 客户企业01 … 客户企业45, newest first as the backend lists them. */
  const many = (): FirmSummaryDto[] =>
    Array.from({ length: 45 }, (_, i) => ({
      id: i + 1,
      name: `客户企业${String(i + 1).padStart(2, '0')}有限公司`,
      creditCode: null,
      region: i % 2 === 0 ? '370102' : null,
      regionName: i % 2 === 0 ? '山东省济南市历下区' : null,
      updatedAt: '2025-03-01T08:00:00.000Z',
    }))

  it('shows 20 firms a page, the rest on the next pages', async () => {
    ipc.listFirms.mockResolvedValue(many())
    const { wrapper } = mountView()
    await flushPromises()
    expect(rows(wrapper)).toHaveLength(20)
    expect(rows(wrapper)[0].text()).toContain('客户企业01')
    expect(wrapper.get('[data-testid="firms-count"]').text()).toBe('共 45 家企业')
    await wrapper.get('[data-testid="firms-pages"] .btn-next').trigger('click')
    expect(rows(wrapper)[0].text()).toContain('客户企业21')
    await wrapper.get('[data-testid="firms-pages"] .btn-next').trigger('click')
    expect(rows(wrapper)).toHaveLength(5)
    expect(rows(wrapper)[4].text()).toContain('客户企业45')
  })

  it('goes back to the first page when searching', async () => {
    ipc.listFirms.mockResolvedValue(many())
    const { wrapper } = mountView()
    await flushPromises()
    await wrapper.get('[data-testid="firms-pages"] .btn-next').trigger('click')
    await wrapper.get('input[data-testid="firm-search"]').setValue('历下')
    // 23 of the 45 are in 历下区: a first page of 20, starting with the first of them.
    expect(rows(wrapper)).toHaveLength(20)
    expect(rows(wrapper)[0].text()).toContain('客户企业01')
    expect(wrapper.get('[data-testid="firms-count"]').text()).toBe('找到 23 家，共 45 家企业')
  })

  it('opens on the page of the current firm', async () => {
    ipc.listFirms.mockResolvedValue(many())
    selectFirm(33, '客户企业33有限公司')
    const { wrapper } = mountView()
    await flushPromises()
    expect(rows(wrapper)[0].text()).toContain('客户企业21')
    expect(wrapper.get('[data-testid="current-firm-tag"]').element.closest('tr')?.textContent).toContain('客户企业33')
  })

  it('has no pager for a short list', async () => {
    const { wrapper } = mountView()
    await flushPromises()
    expect(wrapper.find('[data-testid="firms-pages"]').exists()).toBe(false)
  })
})

describe('FirmsView row actions', () => {
  it('opens a firm in the questionnaire, by button or by name', async () => {
    const { wrapper } = mountView()
    await flushPromises()
    await click(wrapper, 'open-firm', 2)
    expect(session.firmId).toBe(2)
    expect(session.firmName).toBe('历城精密制造有限公司')
    expect(session.screen).toBe('questionnaire')

    session.screen = 'firms'
    await click(wrapper, 'firm-open-name', 1)
    expect(session.firmId).toBe(1)
    expect(session.screen).toBe('questionnaire')
  })

  it('opens the profile of a firm', async () => {
    const { wrapper } = mountView()
    await flushPromises()
    await click(wrapper, 'edit-firm', 1)
    expect(session.firmId).toBe(1)
    expect(session.firmName).toBe('济南示例科技有限公司')
    expect(session.screen).toBe('profile')
  })

  it('duplicates a firm, reloads and names the copy', async () => {
    ipc.duplicateFirm.mockResolvedValue(firmDto(3, '济南示例科技有限公司（副本）'))
    const { wrapper } = mountView()
    await flushPromises()
    ipc.listFirms.mockResolvedValue([...FIRMS, { ...FIRMS[0], id: 3, name: '济南示例科技有限公司（副本）', creditCode: null }])
    await click(wrapper, 'duplicate-firm', 1)
    expect(ipc.duplicateFirm).toHaveBeenCalledWith(1)
    expect(rows(wrapper)).toHaveLength(3)
    expect(success).toHaveBeenCalledWith('已复制，新企业为：济南示例科技有限公司（副本）')
  })

  it('shows why a duplicate failed', async () => {
    ipc.duplicateFirm.mockRejectedValue({ messageZh: '磁盘已满', messageEn: 'Disk full' })
    const { wrapper } = mountView()
    await flushPromises()
    await click(wrapper, 'duplicate-firm', 1)
    expect(error).toHaveBeenCalledWith('磁盘已满')
    expect(success).not.toHaveBeenCalled()
  })

  it('exports a firm to the chosen file', async () => {
    dialogs.pickFile.mockResolvedValue({ handle: 7, name: '济南示例科技有限公司.huiqi.json' })
    ipc.exportFirm.mockResolvedValue({ path: '/home/u/济南示例科技有限公司.huiqi.json', bytes: 100, pageCount: 0 })
    const { wrapper } = mountView()
    await flushPromises()
    await click(wrapper, 'export-firm', 1)
    expect(dialogs.pickFile).toHaveBeenCalledWith('firm_export', '导出企业数据', '惠企企业数据', '济南示例科技有限公司.huiqi.json')
    expect(ipc.exportFirm).toHaveBeenCalledWith(1, 7)
    expect(success).toHaveBeenCalledWith('已导出到 /home/u/济南示例科技有限公司.huiqi.json')
  })

  it('exports nothing when the save dialog is cancelled', async () => {
    dialogs.pickFile.mockResolvedValue(null)
    const { wrapper } = mountView()
    await flushPromises()
    await click(wrapper, 'export-firm', 2)
    expect(dialogs.pickFile).toHaveBeenCalled()
    expect(ipc.exportFirm).not.toHaveBeenCalled()
  })

  it('deletes a firm after confirmation and forgets it as the current firm', async () => {
    selectFirm(1, '济南示例科技有限公司')
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
    ipc.deleteFirm.mockResolvedValue(undefined)
    const { wrapper } = mountView()
    await flushPromises()
    ipc.listFirms.mockResolvedValue([FIRMS[1]])
    await click(wrapper, 'delete-firm', 1)
    const message = String(confirm.mock.calls[0][0])
    expect(message).toContain('济南示例科技有限公司')
    expect(message).toContain('问卷答案、项目和附件')
    expect(message).toContain('无法恢复')
    expect(ipc.deleteFirm).toHaveBeenCalledWith(1)
    expect(session.firmId).toBeNull()
    expect(rows(wrapper)).toHaveLength(1)
  })

  it('keeps the current firm when another one is deleted', async () => {
    selectFirm(2, '历城精密制造有限公司')
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
    ipc.deleteFirm.mockResolvedValue(undefined)
    const { wrapper } = mountView()
    await flushPromises()
    await click(wrapper, 'delete-firm', 1)
    expect(ipc.deleteFirm).toHaveBeenCalledWith(1)
    expect(session.firmId).toBe(2)
  })

  it('deletes nothing when the confirmation is cancelled', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockRejectedValue('cancel')
    const { wrapper } = mountView()
    await flushPromises()
    await click(wrapper, 'delete-firm', 1)
    expect(ipc.deleteFirm).not.toHaveBeenCalled()
  })

  it('selects a newly created firm and goes to its profile', async () => {
    const { wrapper } = mountView()
    await flushPromises()
    wrapper.findComponent(CreateFirmDialog).vm.$emit('created', firmDto(9, '新建测试有限公司'))
    await flushPromises()
    expect(session.firmId).toBe(9)
    expect(session.firmName).toBe('新建测试有限公司')
    expect(session.screen).toBe('profile')
  })
})

describe('FirmsView import of a firm file', () => {
  const PREVIEW = {
    name: '济南示例科技有限公司',
    creditCode: '91350100M000100Y43',
    exportedAt: '2025-03-05T02:00:00.000Z',
    answers: 12,
    items: 2,
    attachments: 3,
    existing: null as number | null,
    badAnswers: [] as BadAnswerDto[],
  }

  it('imports a new firm without asking how', async () => {
    dialogs.pickFile.mockResolvedValue({ handle: 3, name: 'a.huiqi.json' })
    ipc.inspectImport.mockResolvedValue(PREVIEW)
    ipc.importFirm.mockResolvedValue(firmDto(4, '济南示例科技有限公司'))
    const { wrapper } = mountView()
    await flushPromises()
    await click(wrapper, 'import-firm')
    expect(dialogs.pickFile).toHaveBeenCalledWith('firm_import', '选择要导入的企业数据文件', '惠企企业数据')
    expect(ipc.inspectImport).toHaveBeenCalledWith(3)
    const preview = wrapper.get('[data-testid="import-preview"]')
    expect(preview.get('[data-testid="import-name"]').text()).toBe('济南示例科技有限公司')
    expect(preview.get('[data-testid="import-answers"]').text()).toBe('12')
    expect(preview.text()).toContain('2025-03-05')
    expect(preview.find('[data-testid="import-existing"]').exists()).toBe(false)
    expect(preview.find('[data-testid="import-merge"]').exists()).toBe(false)
    const loadsBefore = ipc.listFirms.mock.calls.length
    await click(wrapper, 'import-confirm')
    expect(ipc.importFirm).toHaveBeenCalledWith(3, null, false)
    expect(ipc.listFirms.mock.calls.length).toBe(loadsBefore + 1)
    expect(success).toHaveBeenCalledWith('已导入：济南示例科技有限公司')
  })

  it.each([
    ['import-merge', 'merge'],
    ['import-keep-both', 'keep_both'],
  ])('asks how to import a firm that is already here (%s)', async (testid, mode) => {
    dialogs.pickFile.mockResolvedValue({ handle: 3, name: 'a.huiqi.json' })
    ipc.inspectImport.mockResolvedValue({ ...PREVIEW, existing: 1 })
    ipc.importFirm.mockResolvedValue(firmDto(1, '济南示例科技有限公司'))
    const { wrapper } = mountView()
    await flushPromises()
    await click(wrapper, 'import-firm')
    const existing = wrapper.get('[data-testid="import-existing"]')
    expect(existing.text()).toContain('本机已有这家企业：济南示例科技有限公司')
    expect(wrapper.find('[data-testid="import-confirm"]').exists()).toBe(false)
    await click(wrapper, testid)
    expect(ipc.importFirm).toHaveBeenCalledWith(3, mode, false)
  })

  it('imports nothing when the user cancels the choice', async () => {
    dialogs.pickFile.mockResolvedValue({ handle: 3, name: 'a.huiqi.json' })
    ipc.inspectImport.mockResolvedValue({ ...PREVIEW, existing: 1 })
    const { wrapper } = mountView()
    await flushPromises()
    await click(wrapper, 'import-firm')
    await click(wrapper, 'import-cancel')
    expect(ipc.importFirm).not.toHaveBeenCalled()
  })

  it('lists refused answers and imports only when the user leaves them unset', async () => {
    dialogs.pickFile.mockResolvedValue({ handle: 3, name: 'a.huiqi.json' })
    const bad: BadAnswerDto = {
      field: 'history[2]',
      fact: 'firm.is_industrial',
      value: 'abc',
      messageZh: '「是否工业企业」：请回答“是”或“否”',
      messageEn: 'firm.is_industrial: answer yes or no',
    }
    ipc.inspectImport.mockResolvedValue({ ...PREVIEW, badAnswers: [bad] })
    ipc.importFirm.mockResolvedValue(firmDto(4, '济南示例科技有限公司'))
    const { wrapper } = mountView()
    await flushPromises()
    await click(wrapper, 'import-firm')
    const list = wrapper.get('[data-testid="import-bad-answers"]')
    expect(list.text()).toContain('history[2]')
    expect(list.text()).toContain('请回答“是”或“否”')
    const confirm = wrapper.get('[data-testid="import-confirm"]')
    expect(confirm.attributes('disabled')).toBeDefined()
    await confirm.trigger('click')
    await flushPromises()
    expect(ipc.importFirm).not.toHaveBeenCalled()
    await wrapper.get('[data-testid="import-leave-bad-unset"] input').setValue(true)
    await click(wrapper, 'import-confirm')
    expect(ipc.importFirm).toHaveBeenCalledWith(3, null, true)
  })

  it('shows why a file is not ours and goes no further', async () => {
    const alert = vi.spyOn(ElMessageBox, 'alert').mockResolvedValue('confirm' as never)
    dialogs.pickFile.mockResolvedValue({ handle: 4, name: 'other.json' })
    ipc.inspectImport.mockRejectedValue({ messageZh: '这不是惠企导出的文件', messageEn: 'Not a Huiqi export file' })
    const { wrapper } = mountView('en')
    await flushPromises()
    await click(wrapper, 'import-firm')
    expect(alert).toHaveBeenCalledTimes(1)
    expect(alert.mock.calls[0][0]).toBe('Not a Huiqi export file')
    expect(alert.mock.calls[0][2]).toMatchObject({ type: 'error' })
    expect(wrapper.find('[data-testid="import-name"]').exists()).toBe(false)
    expect(ipc.importFirm).not.toHaveBeenCalled()
  })

  it('keeps the dialog open with the message when the import fails', async () => {
    dialogs.pickFile.mockResolvedValue({ handle: 3, name: 'a.huiqi.json' })
    ipc.inspectImport.mockResolvedValue(PREVIEW)
    ipc.importFirm.mockRejectedValue({ messageZh: '文件已损坏', messageEn: 'The file is damaged' })
    const { wrapper } = mountView()
    await flushPromises()
    await click(wrapper, 'import-firm')
    await click(wrapper, 'import-confirm')
    expect(wrapper.get('[data-testid="import-error"]').text()).toContain('文件已损坏')
    expect(success).not.toHaveBeenCalled()
  })
})

describe('FirmsView import from a spreadsheet', () => {
  const PREVIEW = {
    written: false,
    encoding: 'GB18030',
    sheet: null,
    goodRows: 2,
    importedNames: [],
    errors: [
      { line: 4, column: '统一社会信用代码', messageZh: '第 18 位校验码应为“3”', messageEn: "check character 18 should be '3'" },
      { line: 6, column: null, messageZh: '列数不对', messageEn: 'Wrong number of fields' },
    ],
    ignoredColumns: ['备注'],
  }

  it('previews the rows, then imports the good ones', async () => {
    dialogs.pickFile.mockResolvedValue({ handle: 5, name: 'firms.csv' })
    ipc.importFirmsCsv.mockImplementation(async (_file: number, write: boolean) =>
      write ? { ...PREVIEW, written: true, importedNames: ['甲公司', '乙公司'] } : PREVIEW,
    )
    const { wrapper } = mountView()
    await flushPromises()
    await click(wrapper, 'import-csv')
    expect(dialogs.pickFile).toHaveBeenCalledWith('csv_import', '选择表格文件（Excel 或 CSV）', '表格文件（Excel、CSV）')
    expect(ipc.importFirmsCsv).toHaveBeenCalledWith(5, false)
    const report = wrapper.get('[data-testid="csv-report"]')
    expect(report.get('[data-testid="csv-good-rows"]').text()).toContain('可以导入 2 家企业')
    expect(report.get('[data-testid="csv-encoding"]').text()).toContain('GB18030')
    expect(report.get('[data-testid="csv-ignored"]').text()).toContain('备注')
    const errorRows = report.findAll('[data-testid="csv-errors"] tbody tr')
    expect(errorRows).toHaveLength(2)
    expect(errorRows[0].text()).toContain('4')
    expect(errorRows[0].text()).toContain('统一社会信用代码')
    expect(errorRows[0].text()).toContain('第 18 位校验码应为“3”')
    expect(errorRows[1].text()).toContain('整行')
    const confirm = report.get('[data-testid="csv-confirm"]')
    expect(confirm.text()).toBe('导入 2 家')
    expect(confirm.attributes('disabled')).toBeUndefined()

    const loadsBefore = ipc.listFirms.mock.calls.length
    await click(wrapper, 'csv-confirm')
    expect(ipc.importFirmsCsv).toHaveBeenLastCalledWith(5, true)
    const imported = wrapper.get('[data-testid="csv-imported"]')
    expect(imported.text()).toContain('甲公司')
    expect(imported.text()).toContain('乙公司')
    expect(ipc.listFirms.mock.calls.length).toBe(loadsBefore + 1)
    expect(success).toHaveBeenCalledWith('已导入 2 家企业')
  })

  it('names the sheet read from an Excel workbook instead of an encoding', async () => {
    dialogs.pickFile.mockResolvedValue({ handle: 6, name: '客户名单.xlsx' })
    ipc.importFirmsCsv.mockResolvedValue({ ...PREVIEW, encoding: 'Excel', sheet: '客户' })
    const { wrapper } = mountView()
    await flushPromises()
    await click(wrapper, 'import-csv')
    const report = wrapper.get('[data-testid="csv-report"]')
    expect(report.get('[data-testid="csv-sheet"]').text()).toBe('读取的工作表：客户')
    expect(report.find('[data-testid="csv-encoding"]').exists()).toBe(false)
  })

  it('shows row errors in English when the UI is in English', async () => {
    dialogs.pickFile.mockResolvedValue({ handle: 5, name: 'firms.csv' })
    ipc.importFirmsCsv.mockResolvedValue(PREVIEW)
    const { wrapper } = mountView('en')
    await flushPromises()
    await click(wrapper, 'import-csv')
    const errors = wrapper.get('[data-testid="csv-errors"]').text()
    expect(errors).toContain("check character 18 should be '3'")
    expect(errors).not.toContain('校验码')
    expect(wrapper.get('[data-testid="csv-confirm"]').text()).toBe('Import 2 firms')
  })

  it('cannot import when no row is good', async () => {
    dialogs.pickFile.mockResolvedValue({ handle: 5, name: 'firms.csv' })
    ipc.importFirmsCsv.mockResolvedValue({ ...PREVIEW, goodRows: 0 })
    const { wrapper } = mountView()
    await flushPromises()
    await click(wrapper, 'import-csv')
    expect(wrapper.get('[data-testid="csv-good-rows"]').text()).toContain('没有可以导入的企业')
    const confirm = wrapper.get('[data-testid="csv-confirm"]')
    expect(confirm.attributes('disabled')).toBeDefined()
    await confirm.trigger('click')
    await flushPromises()
    expect(ipc.importFirmsCsv).toHaveBeenCalledTimes(1)
  })

  it('does nothing when no file is chosen', async () => {
    dialogs.pickFile.mockResolvedValue(null)
    const { wrapper } = mountView()
    await flushPromises()
    await click(wrapper, 'import-csv')
    expect(ipc.importFirmsCsv).not.toHaveBeenCalled()
    expect(wrapper.find('[data-testid="csv-confirm"]').exists()).toBe(false)
  })
})

describe('FirmsView batch assessment', () => {
  type Progress = (p: { done: number; total: number; label: string }) => void

  function pendingBatch() {
    const job: { progress?: Progress; resolve?: (v: unknown) => void; reject?: (e: unknown) => void } = {}
    ipc.assessFirms.mockImplementation(
      (_ids: number[], _asOf: string, _year: number | null, onProgress: Progress) =>
        new Promise((resolve, reject) => {
          job.progress = onProgress
          job.resolve = resolve
          job.reject = reject
        }),
    )
    return job
  }

  it('shows progress, then each firm with its amounts', async () => {
    const job = pendingBatch()
    const { wrapper } = mountView()
    await flushPromises()
    await click(wrapper, 'batch-assess')
    expect(ipc.assessFirms).toHaveBeenCalledWith([], '2025-06-30', null, expect.any(Function))
    job.progress!({ done: 1, total: 2, label: '历城精密制造有限公司' })
    await flushPromises()
    const dialog = wrapper.get('[data-testid="batch-progress"]')
    expect(dialog.text()).toContain('1 / 2')
    expect(dialog.get('[data-testid="batch-current"]').text()).toBe('正在评估：历城精密制造有限公司')
    expect(dialog.find('[data-testid="batch-results"]').exists()).toBe(false)

    job.resolve!([
      { firmId: 1, name: '济南示例科技有限公司', eligible: 3, undecided: 2, exact: '1200000.00', upperBound: '12345678.50', accruing: '170000.00', wouldHavePaid: '0.00', error: null },
      { firmId: 2, name: '历城精密制造有限公司', eligible: 0, undecided: 0, exact: '0.00', upperBound: '0.00', accruing: '0.00', wouldHavePaid: '0.00', error: '答案无法读取' },
    ])
    await flushPromises()
    const results = wrapper.get('[data-testid="batch-results"]').findAll('tbody tr')
    expect(results).toHaveLength(2)
    expect(results[0].text()).toContain('1,200,000.00')
    expect(results[0].text()).toContain('12,345,678.50')
    expect(results[1].text()).toContain('答案无法读取')
    expect(wrapper.find('[data-testid="batch-cancel"]').exists()).toBe(false)

    await click(wrapper, 'batch-open-results', 1)
    expect(session.firmId).toBe(1)
    expect(session.firmName).toBe('济南示例科技有限公司')
    expect(session.screen).toBe('results')
  })

  it('exports the results as Excel or CSV, and opens a firm from its row', async () => {
    const job = pendingBatch()
    const { wrapper } = mountView()
    await flushPromises()
    await click(wrapper, 'batch-assess')
    job.resolve!([
      { firmId: 1, name: '济南示例科技有限公司', eligible: 3, undecided: 2, exact: '1200000.00', upperBound: '1200000.00', accruing: '0.00', wouldHavePaid: '0.00', error: null },
      { firmId: 2, name: '历城精密制造有限公司', eligible: 0, undecided: 0, exact: '0.00', upperBound: '0.00', accruing: '0.00', wouldHavePaid: '0.00', error: null },
    ])
    await flushPromises()
    dialogs.pickFile.mockResolvedValue({ handle: 9, name: '批量评估 2025-06-30.xlsx' })
    ipc.exportBatch.mockResolvedValue({ path: '/tmp/批量评估 2025-06-30.xlsx', bytes: 4096, pageCount: 0 })
    await click(wrapper, 'batch-export-xlsx')
    await flushPromises()
    expect(dialogs.pickFile).toHaveBeenCalledWith('batch_excel', '导出批量评估结果', 'Excel 工作簿', '批量评估 2025-06-30.xlsx')
    expect(ipc.exportBatch).toHaveBeenCalledWith([1, 2], '2025-06-30', null, 9, 'xlsx')

    dialogs.pickFile.mockResolvedValue(null)
    await click(wrapper, 'batch-export-csv')
    await flushPromises()
    expect(dialogs.pickFile).toHaveBeenLastCalledWith('batch_csv', '导出批量评估结果', 'CSV 表格', '批量评估 2025-06-30.csv')
    expect(ipc.exportBatch).toHaveBeenCalledTimes(1)

    await wrapper.get('[data-testid="batch-results"]').findAll('tbody tr')[1].trigger('click')
    expect(session.firmId).toBe(2)
    expect(session.screen).toBe('results')
  })

  it('cancels calmly', async () => {
    const job = pendingBatch()
    ipc.cancelJob.mockResolvedValue(undefined)
    const { wrapper } = mountView()
    await flushPromises()
    await click(wrapper, 'batch-assess')
    await click(wrapper, 'batch-cancel')
    expect(ipc.cancelJob).toHaveBeenCalledTimes(1)
    job.reject!(CANCELLED)
    await flushPromises()
    const cancelled = wrapper.get('[data-testid="batch-cancelled"]')
    expect(cancelled.text()).toContain('已取消')
    // Info, not error: the dialog shows no red alert.
    expect(wrapper.get('[data-testid="batch-progress"] .el-alert--info').text()).toContain('已取消')
    expect(wrapper.find('[data-testid="batch-progress"] .el-alert--error').exists()).toBe(false)
    expect(wrapper.find('[data-testid="batch-error"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="batch-results"]').exists()).toBe(false)
  })

  it('shows a real failure as an error', async () => {
    const job = pendingBatch()
    const { wrapper } = mountView()
    await flushPromises()
    await click(wrapper, 'batch-assess')
    job.reject!({ messageZh: '日期无效', messageEn: 'Invalid date' })
    await flushPromises()
    expect(wrapper.get('[data-testid="batch-error"]').text()).toContain('日期无效')
    expect(wrapper.find('[data-testid="batch-cancelled"]').exists()).toBe(false)
  })
})
