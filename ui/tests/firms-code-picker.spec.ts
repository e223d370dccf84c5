import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import CodePicker from '../src/components/CodePicker.vue'
import { makeI18n } from '../src/i18n'
import { forgetCodeTrees, nodeMatches } from '../src/components/firms/codeTrees'
import type { CodeNodeDto } from '../src/bindings/CodeNodeDto'

const ipc = vi.hoisted(() => ({ regionTree: vi.fn(), industryTree: vi.fn() }))
vi.mock('../src/ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/ipc')>()),
  ipc,
}))

const LIXIA: CodeNodeDto = { code: '370102', name: '历下区', fullName: '山东省济南市历下区', children: [] }
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
        children: [LIXIA, { code: '370112', name: '历城区', fullName: '山东省济南市历城区', children: [] }],
      },
    ],
  },
  { code: '110000', name: '北京市', fullName: '北京市', children: [] },
]
const C34: CodeNodeDto = { code: 'C34', name: '通用设备制造业', fullName: 'C34 通用设备制造业', children: [] }
const INDUSTRIES: CodeNodeDto[] = [
  {
    code: 'C',
    name: '制造业',
    fullName: 'C 制造业',
    children: [C34, { code: 'C35', name: '专用设备制造业', fullName: 'C35 专用设备制造业', children: [] }],
  },
]

function mountPicker(props: { modelValue: string | null; kind: 'region' | 'industry'; placeholder?: string }) {
  return mount(CodePicker, {
    props,
    attachTo: document.body,
    global: { plugins: [makeI18n('zh-CN'), ElementPlus] },
  })
}

type Wrapper = ReturnType<typeof mountPicker>

/** Types into the picker and waits for its (debounced) suggestion list. */
async function search(wrapper: Wrapper, text: string): Promise<string[]> {
  const input = wrapper.get('input')
  await input.trigger('click')
  await input.setValue(text)
  await vi.waitFor(
    () => expect(document.querySelectorAll('.el-cascader__suggestion-item').length).toBeGreaterThan(0),
    { timeout: 3000 },
  )
  return [...document.querySelectorAll('.el-cascader__suggestion-item')].map((li) => li.textContent?.trim() ?? '')
}

beforeEach(() => {
  vi.clearAllMocks()
  forgetCodeTrees()
  ipc.regionTree.mockResolvedValue(REGIONS)
  ipc.industryTree.mockResolvedValue(INDUSTRIES)
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('nodeMatches', () => {
  it('finds a node by part of its name, by code prefix, case-insensitively', () => {
    expect(nodeMatches(LIXIA, '历下')).toBe(true)
    expect(nodeMatches(LIXIA, '370102')).toBe(true)
    expect(nodeMatches(LIXIA, '3701')).toBe(true)
    expect(nodeMatches(LIXIA, '济南市历下')).toBe(true)
    expect(nodeMatches(LIXIA, '历城')).toBe(false)
    expect(nodeMatches(LIXIA, '0102')).toBe(false)
    expect(nodeMatches(C34, 'c34')).toBe(true)
    expect(nodeMatches(C34, '通用设备')).toBe(true)
    expect(nodeMatches(C34, '专用')).toBe(false)
  })
})

describe('CodePicker', () => {
  it('shows the full name of the chosen code', async () => {
    const wrapper = mountPicker({ modelValue: '370102', kind: 'region' })
    await flushPromises()
    expect((wrapper.get('input').element as HTMLInputElement).value).toBe('山东省济南市历下区')
    wrapper.unmount()
  })

  it('asks the backend for each tree only once', async () => {
    const a = mountPicker({ modelValue: null, kind: 'region' })
    const b = mountPicker({ modelValue: '370112', kind: 'region' })
    const c = mountPicker({ modelValue: 'C34', kind: 'industry' })
    await flushPromises()
    expect(ipc.regionTree).toHaveBeenCalledTimes(1)
    expect(ipc.industryTree).toHaveBeenCalledTimes(1)
    expect((b.get('input').element as HTMLInputElement).value).toBe('山东省济南市历城区')
    expect((c.get('input').element as HTMLInputElement).value).toBe('C34 通用设备制造业')
    a.unmount()
    b.unmount()
    c.unmount()
  })

  it.each([
    ['历下', '山东省济南市历下区'],
    ['370102', '山东省济南市历下区'],
  ])('finds a region by what the user types (%s) and emits its code', async (typed, shown) => {
    const wrapper = mountPicker({ modelValue: null, kind: 'region' })
    await flushPromises()
    const found = await search(wrapper, typed)
    expect(found).toHaveLength(1)
    expect(found[0]).toContain(shown)
    ;(document.querySelector('.el-cascader__suggestion-item') as HTMLElement).click()
    await flushPromises()
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual(['370102'])
    wrapper.unmount()
  })

  it('lets any level be chosen (a whole city)', async () => {
    const wrapper = mountPicker({ modelValue: null, kind: 'region' })
    await flushPromises()
    const found = await search(wrapper, '济南')
    expect(found.map((f) => f.replace(/\s*\d+$/, ''))).toEqual(['山东省济南市', '山东省济南市历下区', '山东省济南市历城区'])
    ;(document.querySelectorAll('.el-cascader__suggestion-item')[0] as HTMLElement).click()
    await flushPromises()
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual(['370100'])
    wrapper.unmount()
  })

  it('finds an industry by its code, whatever the case', async () => {
    const wrapper = mountPicker({ modelValue: null, kind: 'industry' })
    await flushPromises()
    const found = await search(wrapper, 'c34')
    expect(found).toEqual(['C34 通用设备制造业'])
    ;(document.querySelector('.el-cascader__suggestion-item') as HTMLElement).click()
    await flushPromises()
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual(['C34'])
    wrapper.unmount()
  })

  it('uses the placeholder it is given, else a default one', async () => {
    const a = mountPicker({ modelValue: null, kind: 'industry', placeholder: '请选择主营行业' })
    const b = mountPicker({ modelValue: null, kind: 'region' })
    await flushPromises()
    expect(a.get('input').attributes('placeholder')).toBe('请选择主营行业')
    expect(b.get('input').attributes('placeholder')).toBe('选择地区，或输入名称、代码查找')
    a.unmount()
    b.unmount()
  })

  it('says when the tree cannot be loaded, and asks again next time', async () => {
    ipc.regionTree.mockRejectedValueOnce({ messageZh: '政策库加载失败', messageEn: 'Catalogue failed' })
    const first = mountPicker({ modelValue: null, kind: 'region' })
    await flushPromises()
    expect(first.get('[data-testid="code-picker-error"]').text()).toContain('政策库加载失败')
    const second = mountPicker({ modelValue: '370102', kind: 'region' })
    await flushPromises()
    expect(ipc.regionTree).toHaveBeenCalledTimes(2)
    expect(second.find('[data-testid="code-picker-error"]').exists()).toBe(false)
    expect((second.get('input').element as HTMLInputElement).value).toBe('山东省济南市历下区')
    first.unmount()
    second.unmount()
  })
})
