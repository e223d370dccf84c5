// English that is English (issue 16 item 7): every screen mounted in English with realistic
// data shows no Han character, except the firm's own data and quoted policy text.
//
// What is excluded, and only that:
// - elements marked `data-verbatim` (quoted policy text, the source text, the printed dossier's
//   preview, names from the GB/T code tables, catalogue content the catalogue has only in
//   Chinese) — each marked element also carries lang="zh-CN";
// - the strings in USER_DATA: what the user typed or chose in the fixture (firm names, item
//   names, notes, references, typed answers), wherever they are interpolated.
//
// The fixture (tests/fixtures/english.json) is what the real facade returns for a firm with
// answers, an item and a claim (App::assess_in(.., Lang::En), the questionnaire, the policy
// library, the calendar and the claims ledger), trimmed to 40 outcomes and 6 documents;
// crates/app/tests/ui_fixture.rs fails when it no longer reads as the DTOs or its catalogue
// text is no longer the catalogue's.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import type { Component } from 'vue'
import { makeI18n } from '../src/i18n'
import { session } from '../src/state'
import fixture from './fixtures/english.json'

// ECharts needs a real canvas; the chart's own text is not part of the DOM checked here.
vi.mock('echarts/core', () => ({
  use: () => {},
  init: () => ({ setOption: () => {}, resize: () => {}, dispose: () => {} }),
}))
vi.mock('echarts/charts', () => ({ BarChart: {} }))
vi.mock('echarts/components', () => ({ GridComponent: {}, TooltipComponent: {}, LegendComponent: {} }))
vi.mock('echarts/renderers', () => ({ SVGRenderer: {} }))

const mocks = vi.hoisted(() => {
  // Filled in below, once the fixture is imported (this block runs before the imports).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const data: { f: any } = { f: null }
const SVG_PAGE =
  '<svg xmlns="http://www.w3.org/2000/svg" width="595" height="842"><text x="72" y="90">申请材料</text></svg>'

/** What each command returns in this test; a command not listed returns null. */
const responses: Record<string, () => unknown> = {
  appInfo: () => data.f.appInfo,
  language: () => 'en',
  listFirms: () => data.f.firms,
  firmOverviews: () => data.f.overviews,
  firmDetail: () => data.f.firmDetail,
  getFirm: () => data.f.firmDetail.firm,
  regionTree: () => [],
  industryTree: () => [],
  questionnaire: () => data.f.questionnaire,
  firmView: () => ({ measureFilter: [], dossierSelection: null }),
  documents: () => data.f.documents,
  document: () => data.f.document,
  assess: () => data.f.assessment,
  validityOverrides: () => [],
  attachments: () => [],
  dossierPreview: () => ({ pages: [SVG_PAGE], measureCount: 2, inputHash: 'x' }),
  calendar: () => data.f.calendar,
  claims: () => data.f.claims,
  claimHistory: () => [],
  answerHistory: () => [],
  listPacks: () => [
    {
      id: 'demo-pack',
      title: 'Demo pack',
      version: '1.0',
      hash: 'abc',
      replaces: [],
      publisher: null,
      note: null,
      demonstration: true,
      documents: ['demo-doc'],
    },
  ],
  packWarnings: () => [],
}
  function fake(name: string) {
  return vi.fn(async () => (responses[name] ? structuredClone(responses[name]()) : null))
}
const handler: ProxyHandler<Record<string, unknown>> = {
  get: (target, name: string) => (target[name] ??= fake(name)),
}
  return { handler, data }
})
vi.mock('../src/ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/ipc')>()),
  ipc: new Proxy({}, mocks.handler),
  packIpc: new Proxy({}, mocks.handler),
}))
vi.mock('../src/dialogs', () => ({ pickFile: vi.fn() }))
mocks.data.f = fixture

/** What the user typed or chose in the fixture: it stays as typed in every language. */
const USER_DATA = [
  fixture.firms[0].name, // 济南示例机械有限公司
  '新厂房技改', // the item's name
  '首次申报', // the claim's note
]

// A run of Han characters with the CJK punctuation between them, reported as one.
const HAN = /\p{Script=Han}(?:[\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF]*\p{Script=Han})?/gu

/** The visible text and the read attributes of `root`, without the marked elements. */
function englishText(root: Element): string {
  const copy = root.cloneNode(true) as Element
  for (const el of copy.querySelectorAll('[data-verbatim], style, script')) el.remove()
  const attrs = [...copy.querySelectorAll('[placeholder], [title], [aria-label], [alt]')].flatMap((el) =>
    ['placeholder', 'title', 'aria-label', 'alt'].map((a) => el.getAttribute(a) ?? ''),
  )
  let text = [copy.textContent ?? '', ...attrs].join('\n')
  for (const s of USER_DATA) text = text.split(s).join(' ')
  return text
}

/** Each Han run with some text around it, so the message says where it is. */
function chineseIn(text: string): string[] {
  return [...text.matchAll(HAN)].map((m) => {
    const from = Math.max(0, m.index - 30)
    return text.slice(from, m.index + m[0].length + 30).replace(/\s+/g, ' ').trim()
  })
}

async function render(view: Component) {
  const wrapper = mount(view, { global: { plugins: [makeI18n('en'), ElementPlus] }, attachTo: document.body })
  await flushPromises()
  await new Promise((r) => setTimeout(r, 0))
  await flushPromises()
  return wrapper
}

/** A screen, and English it must show (so that an empty or failed screen cannot pass). */
type Screen = [string, () => Promise<{ default: Component }>, string]
const SCREENS: Screen[] = [
  ['firms', () => import('../src/views/FirmsView.vue'), 'Document expires'],
  ['profile', () => import('../src/views/FirmProfileView.vue'), 'Registered region'],
  ['questionnaire', () => import('../src/views/QuestionnaireView.vue'), 'confirmed by purchase contracts, invoices'],
  ['results', () => import('../src/views/ResultsView.vue'), 'must be registered within region 370100'],
  ['dossier', () => import('../src/views/DossierView.vue'), 'Jinan industrial product consumption opinions'],
  ['claims', () => import('../src/views/ClaimsView.vue'), '1,200,000.00 yuan'],
  ['policies', () => import('../src/views/PoliciesView.vue'), 'Beijing hydrogen industry support (revised)'],
  ['calendar', () => import('../src/views/CalendarView.vue'), 'Jinan logistics three-year plan'],
  // A dialog of the policy library, opened.
  ['packs', () => import('../src/components/policies/PackManager.vue'), 'Demo pack'],
]

describe('English mode', () => {
  beforeEach(() => {
    session.firmId = fixture.firms[0].id
    session.firmName = fixture.firms[0].name
    session.asOf = '2026-11-30'
    session.year = null
    session.measures = []
    session.dossierAsk = null
  })
  afterEach(() => {
    session.firmId = null
    document.body.innerHTML = ''
  })

  it.each(SCREENS)('shows no Chinese on the %s screen outside user data and quotes', async (screen, load, shows) => {
    const wrapper = await render((await load()).default)
    if (screen === 'packs') {
      await wrapper.setProps({ modelValue: true })
      await flushPromises()
    }
    const text = englishText(document.body)
    // The screen drew its data, not an empty shell or an error.
    expect(text, `${screen}: its data did not render`).toContain(shows)
    expect(chineseIn(text), `${screen} screen shows Chinese in English mode`).toEqual([])
  })

  it('the policy reader shows no Chinese outside quotes', async () => {
    const { default: PolicyReader } = await import('../src/components/policies/PolicyReader.vue')
    const wrapper = mount(PolicyReader, {
      props: { docKey: fixture.document.summary.key, modelValue: true },
      global: { plugins: [makeI18n('en'), ElementPlus] },
      attachTo: document.body,
    })
    await flushPromises()
    expect(wrapper.exists()).toBe(true)
    const text = englishText(document.body)
    // The document's English title, and a measure's conditions rendered in English.
    expect(text).toContain('Opinions on Accelerating the Building of a Strong Industrial City')
    expect(text).toContain('Project type is “Ordinary renovation”')
    expect(chineseIn(text), 'policy reader shows Chinese in English mode').toEqual([])
  })

  it('finds Chinese that is not marked', () => {
    const el = document.createElement('div')
    el.innerHTML = `<p>Eligible</p><p data-verbatim="quote" lang="zh-CN">按设备投资的10%</p><p title="上限">Cap</p><p>${USER_DATA[0]} 申报</p>`
    const found = chineseIn(englishText(el)).join('|')
    expect(found).toContain('申报')
    expect(found).toContain('上限')
    expect(found).not.toContain('按设备投资')
    expect(found).not.toContain('济南示例')
  })
})
