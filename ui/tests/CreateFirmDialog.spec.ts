import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import CreateFirmDialog from '../src/components/CreateFirmDialog.vue'
import { makeI18n } from '../src/i18n'
import type { NewFirmDto } from '../src/bindings/NewFirmDto'
import type { FirmDto } from '../src/bindings/FirmDto'
import type { CreditCodeCheck } from '../src/bindings/CreditCodeCheck'

const created: NewFirmDto[] = []
vi.mock('../src/ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/ipc')>()),
  ipc: {
    // Stands in for Rust's validate_credit_code: only one code is valid here.
    checkCreditCode: async (code: string): Promise<CreditCodeCheck> =>
      code === '91350100M000100Y43'
        ? { valid: true, messageZh: null, messageEn: null }
        : { valid: false, messageZh: '第 18 位校验码应为“3”', messageEn: "check character 18 should be '3'" },
    createFirm: async (firm: NewFirmDto): Promise<FirmDto> => {
      created.push(firm)
      return { id: 7, profile: firm, createdAt: 'now', updatedAt: 'now' }
    },
  },
}))

function mountDialog(locale: 'zh-CN' | 'en') {
  return mount(CreateFirmDialog, {
    props: { modelValue: true },
    global: { plugins: [makeI18n(locale), ElementPlus] },
  })
}

// Element Plus shows a field's error 100 ms after validation fails (a debounce).
async function errorText(wrapper: ReturnType<typeof mountDialog>): Promise<string> {
  await vi.waitFor(() => expect(wrapper.find('.el-form-item__error').exists()).toBe(true), { timeout: 3000 })
  return wrapper.find('.el-form-item__error').text()
}

async function fill(wrapper: ReturnType<typeof mountDialog>, id: string, value: string) {
  const input = wrapper.find(`input[data-testid="${id}"], [data-testid="${id}"] input`)
  await input.setValue(value)
  await input.trigger('blur')
  await flushPromises()
}

describe('CreateFirmDialog', () => {
  it("shows the backend's credit-code message in the current language", async () => {
    const wrapper = mountDialog('en')
    await flushPromises()
    await fill(wrapper, 'firm-credit-code', '91350100M000100Y44')
    expect(await errorText(wrapper)).toBe("check character 18 should be '3'")
  })

  it('refuses an empty name and creates nothing', async () => {
    created.length = 0
    const wrapper = mountDialog('zh-CN')
    await flushPromises()
    await wrapper.find('[data-testid="firm-submit"]').trigger('click')
    await flushPromises()
    expect(await errorText(wrapper)).toBe('请填写企业名称')
    expect(created).toEqual([])
  })

  it('sends blank optional fields as null and reports the new firm', async () => {
    created.length = 0
    const wrapper = mountDialog('zh-CN')
    await flushPromises()
    await fill(wrapper, 'firm-name', '济南示例科技有限公司')
    await fill(wrapper, 'firm-credit-code', '91350100M000100Y43')
    await wrapper.find('[data-testid="firm-submit"]').trigger('click')
    await flushPromises()
    expect(created).toEqual([
      {
        name: '济南示例科技有限公司',
        creditCode: '91350100M000100Y43',
        legalRep: null,
        contact: null,
        phone: null,
        region: null,
        industry: null,
      },
    ])
    expect(wrapper.emitted('created')?.[0]?.[0]).toMatchObject({ id: 7 })
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([false])
  })
})
