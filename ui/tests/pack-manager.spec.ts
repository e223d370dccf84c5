import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import PackManager from '../src/components/policies/PackManager.vue'
import { makeI18n } from '../src/i18n'
import { session } from '../src/state'
import type { PackDto } from '../src/bindings/PackDto'
import type { PackPreviewDto } from '../src/bindings/PackPreviewDto'

const packIpc = vi.hoisted(() => ({
  listPacks: vi.fn(),
  packWarnings: vi.fn(),
  previewPack: vi.fn(),
  installPack: vi.fn(),
  previewPackRemoval: vi.fn(),
  removePack: vi.fn(),
}))
vi.mock('../src/ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/ipc')>()),
  packIpc,
}))
const dialogs = vi.hoisted(() => ({ pickFile: vi.fn() }))
vi.mock('../src/dialogs', () => dialogs)

const PACK: PackDto = {
  id: 'demo-champion',
  title: '演示：单项冠军一次性奖励',
  version: '2026.1',
  hash: '3a4f9009143a',
  replaces: [],
  publisher: null,
  note: null,
  demonstration: true,
  documents: ['demo-jinan-2020-3'],
}

const PREVIEW: PackPreviewDto = {
  pack: PACK,
  changes: [
    {
      firmId: 1,
      firmName: '济南某冠军企业',
      changes: [
        {
          measure: 'demo-jinan-2020-3/12c',
          title: '【演示】单项冠军产品企业一次性奖励100万元',
          beforeStatus: null,
          beforeAmount: null,
          afterStatus: 'eligible',
          afterAmount: '1000000.00',
        },
      ],
    },
  ],
}

function mountOpen() {
  return mount(PackManager, {
    props: { modelValue: true },
    attachTo: document.body,
    global: { plugins: [makeI18n('zh-CN'), ElementPlus] },
  })
}

function byTestId(id: string): HTMLElement | null {
  return document.body.querySelector(`[data-testid="${id}"]`)
}

describe('PackManager', () => {
  beforeEach(() => {
    vi.resetAllMocks()
    session.asOf = '2026-11-30'
    session.year = null
    packIpc.listPacks.mockResolvedValue([])
    packIpc.packWarnings.mockResolvedValue([])
  })

  it('says which installed packs did not load at start', async () => {
    packIpc.packWarnings.mockResolvedValue(['/data/packs/old: 政策包 old 未加载 / pack old not loaded'])
    const wrapper = mountOpen()
    await wrapper.setProps({ modelValue: false })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    expect(byTestId('pack-warnings')!.textContent).toContain('政策包 old 未加载')
  })

  it('checks a chosen pack, shows what changes for each firm, and installs it on confirmation', async () => {
    const wrapper = mountOpen()
    await wrapper.setProps({ modelValue: false })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    dialogs.pickFile.mockResolvedValue({ handle: 7, name: 'demo.zip' })
    packIpc.previewPack.mockResolvedValue(PREVIEW)
    byTestId('pack-import')!.click()
    await flushPromises()
    expect(dialogs.pickFile.mock.calls[0][0]).toBe('pack_import')
    expect(packIpc.previewPack).toHaveBeenCalledWith(7, '2026-11-30', null)
    expect(packIpc.installPack).not.toHaveBeenCalled()
    expect(byTestId('pack-change-after')!.textContent).toBe('符合条件 1,000,000.00 元')

    packIpc.installPack.mockResolvedValue(PACK)
    packIpc.listPacks.mockResolvedValue([PACK])
    byTestId('pack-install')!.click()
    await flushPromises()
    expect(packIpc.installPack).toHaveBeenCalledWith(7)
    expect(wrapper.emitted('changed')).toHaveLength(1)
    expect(byTestId('pack-table')!.textContent).toContain('demo-champion')
  })

  it('shows every problem of a refused pack with its file and line', async () => {
    const wrapper = mountOpen()
    await wrapper.setProps({ modelValue: false })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    dialogs.pickFile.mockResolvedValue({ handle: 8, name: 'bad.zip' })
    const line = 'policies/demo/demo-jinan-2020-3/cases.toml:3: case demo-12c-champion: 用例不符 / case fails: amount: expected 100, got 1000000'
    packIpc.previewPack.mockRejectedValue({
      code: 'pack_invalid',
      messageZh: `政策包有 1 处问题，未安装：\n${line}`,
      messageEn: 'x',
      detail: null,
    })
    byTestId('pack-import')!.click()
    await flushPromises()
    const error = byTestId('pack-error')!
    expect(error.textContent).toContain('政策包未通过检查，未安装')
    expect(error.textContent).toContain(line)
    expect(byTestId('pack-install')).toBeNull()
  })
})
