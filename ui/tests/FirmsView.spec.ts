import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import FirmsView from '../src/views/FirmsView.vue'
import { makeI18n } from '../src/i18n'
import type { FirmSummaryDto } from '../src/bindings/FirmSummaryDto'

// The component talks to Rust only through src/ipc.ts; here that module is replaced.
let listFirms: () => Promise<FirmSummaryDto[]> = () => Promise.resolve([])
vi.mock('../src/ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/ipc')>()),
  ipc: { listFirms: () => listFirms() },
}))

function mountView(locale: 'zh-CN' | 'en' = 'zh-CN') {
  const i18n = makeI18n(locale)
  return { i18n, wrapper: mount(FirmsView, { global: { plugins: [i18n, ElementPlus] } }) }
}

const FIRMS: FirmSummaryDto[] = [
  { id: 1, name: '济南示例科技有限公司', creditCode: '91350100M000100Y43', region: '370102', updatedAt: '2025-03-01T08:00:00Z' },
  { id: 2, name: '历城精密制造有限公司', creditCode: null, region: null, updatedAt: '2025-02-01T08:00:00Z' },
]

describe('FirmsView', () => {
  it('lists the firms the backend returns', async () => {
    listFirms = async () => FIRMS
    const { wrapper } = mountView()
    await flushPromises()
    const rows = wrapper.findAll('[data-testid="firms-table"] tbody tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('济南示例科技有限公司')
    expect(rows[0].text()).toContain('91350100M000100Y43')
    expect(rows[1].text()).toContain('未填写')
    expect(wrapper.find('[data-testid="firms-count"]').text()).toBe('共 2 家企业')
    expect(wrapper.find('[data-testid="firms-empty"]').exists()).toBe(false)
  })

  it('shows the empty state when there are no firms', async () => {
    listFirms = async () => []
    const { wrapper } = mountView()
    await flushPromises()
    expect(wrapper.find('[data-testid="firms-empty"]').text()).toContain('还没有企业')
    expect(wrapper.find('[data-testid="firms-table"]').exists()).toBe(false)
  })

  it('shows the backend error in the current language', async () => {
    listFirms = async () => {
      throw { messageZh: '数据文件已损坏', messageEn: 'The data file is damaged' }
    }
    const { wrapper } = mountView('en')
    await flushPromises()
    expect(wrapper.text()).toContain('The data file is damaged')
    expect(wrapper.text()).not.toContain('数据文件已损坏')
  })

  it('relabels itself when the language changes', async () => {
    listFirms = async () => FIRMS
    const { wrapper, i18n } = mountView()
    await flushPromises()
    expect(wrapper.find('[data-testid="page-title"]').text()).toBe('企业列表')
    i18n.global.locale.value = 'en'
    await flushPromises()
    expect(wrapper.find('[data-testid="page-title"]').text()).toBe('Firms')
    expect(wrapper.find('[data-testid="firms-table"]').text()).toContain('Unified social credit code')
  })
})
