import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus, { ElMessage, ElMessageBox } from 'element-plus'
import FirmProfileView from '../src/views/FirmProfileView.vue'
import { makeI18n } from '../src/i18n'
import { goTo, selectFirm, session } from '../src/state'
import { forgetCodeTrees } from '../src/components/firms/codeTrees'
import type { CodeNodeDto } from '../src/bindings/CodeNodeDto'
import type { CreditCodeCheck } from '../src/bindings/CreditCodeCheck'
import type { FirmDetailDto } from '../src/bindings/FirmDetailDto'
import type { NewFirmDto } from '../src/bindings/NewFirmDto'

const ipc = vi.hoisted(() => ({
  firmDetail: vi.fn(),
  updateFirm: vi.fn(),
  checkCreditCode: vi.fn(),
  regionTree: vi.fn(),
  industryTree: vi.fn(),
}))
vi.mock('../src/ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/ipc')>()),
  ipc,
}))

const VALID = '91350100M000100Y43'

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
        children: [
          { code: '370102', name: '历下区', fullName: '山东省济南市历下区', children: [] },
          { code: '370112', name: '历城区', fullName: '山东省济南市历城区', children: [] },
        ],
      },
    ],
  },
]
const INDUSTRIES: CodeNodeDto[] = [
  {
    code: 'C',
    name: '制造业',
    fullName: 'C 制造业',
    children: [{ code: 'C34', name: '通用设备制造业', fullName: 'C34 通用设备制造业', children: [] }],
  },
]

const PROFILE: NewFirmDto = {
  name: '济南示例科技有限公司',
  creditCode: VALID,
  legalRep: '张三',
  contact: null,
  phone: null,
  region: '370102',
  industry: 'C34',
}

function detail(profile: NewFirmDto = PROFILE): FirmDetailDto {
  return {
    firm: { id: 5, profile, createdAt: '2025-03-01T08:00:00.000Z', updatedAt: '2025-03-01T08:00:00.000Z' },
    regionName: profile.region === '370102' ? '山东省济南市历下区' : null,
    industryName: profile.industry === 'C34' ? '通用设备制造业' : null,
    answerCount: 14,
    itemCount: 2,
    attachmentCount: 3,
  }
}

// Stands in for Rust's validate_credit_code: only one code is valid here.
async function check(code: string): Promise<CreditCodeCheck> {
  return code === VALID
    ? { valid: true, messageZh: null, messageEn: null }
    : { valid: false, messageZh: '第 18 位校验码应为“3”', messageEn: "check character 18 should be '3'" }
}

function mountView(locale: 'zh-CN' | 'en' = 'zh-CN') {
  return mount(FirmProfileView, { global: { plugins: [makeI18n(locale), ElementPlus] } })
}

type Wrapper = ReturnType<typeof mountView>

function input(wrapper: Wrapper, testid: string) {
  return wrapper.get(`input[data-testid="${testid}"]`)
}

async function type(wrapper: Wrapper, testid: string, value: string) {
  await input(wrapper, testid).setValue(value)
  await flushPromises()
}

async function click(wrapper: Wrapper, testid: string) {
  await wrapper.get(`[data-testid="${testid}"]`).trigger('click')
  await flushPromises()
}

// The credit code is checked 300 ms after typing stops and Element Plus shows a field's
// error 100 ms after that.
async function codeError(wrapper: Wrapper): Promise<string> {
  await vi.waitFor(() => expect(wrapper.find('[data-testid="profile-credit-code-error"]').exists()).toBe(true), {
    timeout: 3000,
  })
  return wrapper.get('[data-testid="profile-credit-code-error"]').text()
}

let success: MockInstance<typeof ElMessage.success>
let warning: MockInstance<typeof ElMessage.warning>

beforeEach(() => {
  vi.clearAllMocks()
  forgetCodeTrees()
  selectFirm(5, '济南示例科技有限公司')
  session.screen = 'profile'
  ipc.firmDetail.mockResolvedValue(detail())
  ipc.checkCreditCode.mockImplementation(check)
  ipc.regionTree.mockResolvedValue(REGIONS)
  ipc.industryTree.mockResolvedValue(INDUSTRIES)
  ipc.updateFirm.mockImplementation(async (_id: number, firm: NewFirmDto) => detail(firm))
  success = vi.spyOn(ElMessage, 'success').mockImplementation(() => ({ close() {} }) as never)
  warning = vi.spyOn(ElMessage, 'warning').mockImplementation(() => ({ close() {} }) as never)
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('FirmProfileView', () => {
  it('loads the current firm into the form, with names and counts', async () => {
    const wrapper = mountView()
    await flushPromises()
    expect(ipc.firmDetail).toHaveBeenCalledWith(5)
    expect((input(wrapper, 'profile-name').element as HTMLInputElement).value).toBe('济南示例科技有限公司')
    expect((input(wrapper, 'profile-credit-code').element as HTMLInputElement).value).toBe(VALID)
    expect((input(wrapper, 'profile-legal-rep').element as HTMLInputElement).value).toBe('张三')
    expect(wrapper.get('[data-testid="profile-region-name"]').text()).toBe('山东省济南市历下区')
    expect(wrapper.get('[data-testid="profile-industry-name"]').text()).toBe('C34 通用设备制造业')
    expect(wrapper.get('[data-testid="profile-answer-count"]').text()).toBe('14')
    expect(wrapper.get('[data-testid="profile-item-count"]').text()).toBe('2')
    expect(wrapper.get('[data-testid="profile-attachment-count"]').text()).toBe('3')
    expect(wrapper.find('[data-testid="profile-dirty"]').exists()).toBe(false)
  })

  it('shows why the firm could not be loaded', async () => {
    ipc.firmDetail.mockRejectedValue({ messageZh: '未找到企业（编号 5）', messageEn: 'Firm not found (id 5)' })
    const wrapper = mountView('en')
    await flushPromises()
    expect(wrapper.get('[data-testid="profile-load-error"]').text()).toContain('Firm not found')
    expect(wrapper.find('[data-testid="profile-save"]').exists()).toBe(false)
  })

  it('checks the credit code once typing pauses and shows what is wrong', async () => {
    const wrapper = mountView('en')
    await flushPromises()
    ipc.checkCreditCode.mockClear()
    await type(wrapper, 'profile-credit-code', '91350100M000100Y4')
    await type(wrapper, 'profile-credit-code', '91350100M000100Y44')
    expect(await codeError(wrapper)).toBe("check character 18 should be '3'")
    expect(ipc.checkCreditCode.mock.calls).toEqual([['91350100M000100Y44']])
  })

  it('does not check an empty credit code and saves it as empty', async () => {
    const wrapper = mountView()
    await flushPromises()
    await new Promise((r) => setTimeout(r, 350))
    ipc.checkCreditCode.mockClear()
    await type(wrapper, 'profile-credit-code', '')
    await new Promise((r) => setTimeout(r, 450))
    expect(ipc.checkCreditCode).not.toHaveBeenCalled()
    expect(wrapper.find('[data-testid="profile-credit-code-error"]').exists()).toBe(false)
    await click(wrapper, 'profile-save')
    expect(ipc.updateFirm).toHaveBeenCalledWith(5, { ...PROFILE, creditCode: null })
  })

  it('refuses to save an invalid credit code', async () => {
    const wrapper = mountView()
    await flushPromises()
    await type(wrapper, 'profile-credit-code', '91350100M000100Y44')
    await click(wrapper, 'profile-save')
    expect(await codeError(wrapper)).toBe('第 18 位校验码应为“3”')
    expect(ipc.updateFirm).not.toHaveBeenCalled()
    expect(warning).toHaveBeenCalledWith('请先改正标红的内容再保存')
  })

  it('refuses to save without a name', async () => {
    const wrapper = mountView()
    await flushPromises()
    await type(wrapper, 'profile-name', '  ')
    await click(wrapper, 'profile-save')
    await vi.waitFor(() => expect(wrapper.text()).toContain('请填写企业名称'), { timeout: 3000 })
    expect(ipc.updateFirm).not.toHaveBeenCalled()
  })

  it('marks unsaved changes, saves them and renames the current firm', async () => {
    const wrapper = mountView()
    await flushPromises()
    await type(wrapper, 'profile-name', '济南示例智能科技有限公司')
    await type(wrapper, 'profile-phone', '0531-88888888')
    expect(wrapper.get('[data-testid="profile-dirty"]').text()).toBe('有未保存的修改')
    await click(wrapper, 'profile-save')
    expect(ipc.updateFirm).toHaveBeenCalledWith(5, {
      ...PROFILE,
      name: '济南示例智能科技有限公司',
      phone: '0531-88888888',
    })
    expect(success).toHaveBeenCalledWith('已保存')
    expect(session.firmName).toBe('济南示例智能科技有限公司')
    expect(wrapper.find('[data-testid="profile-dirty"]').exists()).toBe(false)
  })

  it('saves the region and industry picked', async () => {
    const wrapper = mountView()
    await flushPromises()
    const [region] = wrapper.findAllComponents({ name: 'CodePicker' })
    region.vm.$emit('update:modelValue', '370112')
    await flushPromises()
    expect(wrapper.get('[data-testid="profile-region-name"]').text()).toBe('山东省济南市历城区')
    await click(wrapper, 'profile-save')
    expect(ipc.updateFirm).toHaveBeenCalledWith(5, { ...PROFILE, region: '370112' })
  })

  it('shows the backend message when saving fails and keeps the edits', async () => {
    ipc.updateFirm.mockRejectedValue({ messageZh: '地区代码 999999 不存在', messageEn: 'No region 999999' })
    const wrapper = mountView('en')
    await flushPromises()
    await type(wrapper, 'profile-contact', '李四')
    await click(wrapper, 'profile-save')
    expect(wrapper.get('[data-testid="profile-save-error"]').text()).toContain('No region 999999')
    expect(success).not.toHaveBeenCalled()
    expect(session.firmName).toBe('济南示例科技有限公司')
    expect(wrapper.find('[data-testid="profile-dirty"]').exists()).toBe(true)
  })

  it('undoes unsaved edits', async () => {
    const wrapper = mountView()
    await flushPromises()
    await type(wrapper, 'profile-legal-rep', '王五')
    await click(wrapper, 'profile-revert')
    expect((input(wrapper, 'profile-legal-rep').element as HTMLInputElement).value).toBe('张三')
    expect(wrapper.find('[data-testid="profile-dirty"]').exists()).toBe(false)
  })

  it('goes to the questionnaire at once when nothing is changed', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm')
    const wrapper = mountView()
    await flushPromises()
    await click(wrapper, 'profile-to-questionnaire')
    expect(confirm).not.toHaveBeenCalled()
    expect(session.screen).toBe('questionnaire')
  })

  it.each([
    ['button', 'confirm', true, true],
    ['button', 'cancel', false, true],
    ['button', 'close', false, false],
    ['sidebar', 'confirm', true, true],
    ['sidebar', 'cancel', false, true],
    ['sidebar', 'close', false, false],
  ])('asks about unsaved edits before leaving by the %s (%s)', async (way, action, saves, leaves) => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm')
    if (action === 'confirm') confirm.mockResolvedValue('confirm' as never)
    else confirm.mockRejectedValue(action)
    const wrapper = mountView()
    await flushPromises()
    await type(wrapper, 'profile-contact', '李四')
    const target = way === 'button' ? 'questionnaire' : 'results'
    if (way === 'button') await click(wrapper, 'profile-to-questionnaire')
    // The sidebar calls goTo like this.
    else expect(await goTo('results')).toBe(leaves)
    await flushPromises()
    expect(confirm).toHaveBeenCalledTimes(1)
    expect(ipc.updateFirm).toHaveBeenCalledTimes(saves ? 1 : 0)
    expect(session.screen).toBe(leaves ? target : 'profile')
  })

  it('leaves without asking once the profile is no longer shown', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm')
    const wrapper = mountView()
    await flushPromises()
    await type(wrapper, 'profile-contact', '李四')
    wrapper.unmount()
    expect(await goTo('results')).toBe(true)
    expect(confirm).not.toHaveBeenCalled()
  })
})
