import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { defineComponent, h } from 'vue'
import QuestionField from '../src/components/questionnaire/QuestionField.vue'
import { drafts } from '../src/components/questionnaire/drafts'
import { makeI18n } from '../src/i18n'
import type { AnswerPreviewDto } from '../src/bindings/AnswerPreviewDto'
import type { QuestionDto } from '../src/bindings/QuestionDto'
import type { RevisionDto } from '../src/bindings/RevisionDto'

const ipc = vi.hoisted(() => ({
  previewAnswer: vi.fn(),
  saveAnswer: vi.fn(),
}))
vi.mock('../src/ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/ipc')>()),
  ipc,
}))

// The real picker loads the code trees over IPC; here a plain input stands in for it.
const CodePickerStub = defineComponent({
  props: { modelValue: { type: String, default: null }, kind: { type: String, required: true } },
  emits: ['update:modelValue'],
  setup(props, { emit }) {
    return () =>
      h('input', {
        'data-testid': 'code-picker-stub',
        value: props.modelValue ?? '',
        onChange: (e: Event) => emit('update:modelValue', (e.target as HTMLInputElement).value),
      })
  },
})

const FIRM = 3
const AS_OF = '2026-03-01'

function question(over: Partial<QuestionDto> = {}): QuestionDto {
  return {
    key: { fact: 'firm.revenue_last_year', itemKind: null, itemId: null },
    label: '上一年度营业收入',
    labelEn: 'Operating revenue, last year',
    help: null,
    helpEn: null,
    answerDisplayEn: null,
    quote: null,
    measures: ['jinan-gyqs-2020.7'],
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

function revision(text: string): RevisionDto {
  return {
    seq: 1,
    key: { fact: 'firm.revenue_last_year', itemKind: null, itemId: null },
    value: text,
    source: 'typed',
    at: '2026-03-01T08:00:00.000Z',
    unset: false,
    undoes: null,
  }
}

function ok(display: string): AnswerPreviewDto {
  return { ok: true, dontKnow: false, display, displayEn: null, messageZh: null, messageEn: null }
}

function mountField(q: QuestionDto, locale: 'zh-CN' | 'en' = 'zh-CN') {
  return mount(QuestionField, {
    props: { question: q, firmId: FIRM, asOf: AS_OF },
    global: { plugins: [makeI18n(locale), ElementPlus], stubs: { CodePicker: CodePickerStub } },
  })
}

type Wrapper = ReturnType<typeof mountField>

async function type(wrapper: Wrapper, text: string) {
  await wrapper.find('input[data-testid="q-input"]').setValue(text)
}

async function wait(ms: number) {
  await vi.advanceTimersByTimeAsync(ms)
  await flushPromises()
}

beforeEach(() => {
  // Only the timers the field uses for debouncing; flushPromises needs the real setImmediate.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  drafts.clear()
  ipc.previewAnswer.mockReset()
  ipc.saveAnswer.mockReset()
  ipc.previewAnswer.mockImplementation(async (_fact: string, text: string) =>
    text === '1,200万' ? ok('12,000,000.00 元') : ok(text),
  )
  ipc.saveAnswer.mockImplementation(async (_firm: number, _key: unknown, text: string) => revision(text))
})

afterEach(() => {
  vi.useRealTimers()
})

describe('QuestionField, typed answers', () => {
  it('shows how a money answer will be read and saves it with its key on Enter', async () => {
    const wrapper = mountField(question())
    await type(wrapper, '1,200万')
    await wait(300)
    expect(ipc.previewAnswer).toHaveBeenCalledWith('firm.revenue_last_year', '1,200万', AS_OF)
    expect(wrapper.find('[data-testid="q-preview"]').text()).toBe('将记为：12,000,000.00 元')
    expect(ipc.saveAnswer).not.toHaveBeenCalled()

    await wrapper.find('input[data-testid="q-input"]').trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(ipc.saveAnswer).toHaveBeenCalledTimes(1)
    expect(ipc.saveAnswer).toHaveBeenCalledWith(
      FIRM,
      { fact: 'firm.revenue_last_year', itemKind: null, itemId: null },
      '1,200万',
      AS_OF,
    )
    expect(wrapper.find('[data-testid="q-saved"]').text()).toBe('✓ 已保存')
    expect(wrapper.emitted('saved')).toHaveLength(1)

    // Leaving the field right after Enter does not save the same text again.
    await wrapper.find('input[data-testid="q-input"]').trigger('blur')
    await wait(2000)
    expect(ipc.saveAnswer).toHaveBeenCalledTimes(1)
  })

  it('tells the unit a bare number is read in', () => {
    const wrapper = mountField(question())
    const input = wrapper.find('input[data-testid="q-input"]')
    expect(input.attributes('placeholder')).toContain('只写数字时按万元计')
    expect(wrapper.find('.el-input-group__append').text()).toBe('万元')
  })

  it('shows a rejected save in Chinese, keeps the typed text and reports nothing saved', async () => {
    ipc.saveAnswer.mockRejectedValue({
      messageZh: '「上一年度营业收入」：不能小于 0元',
      messageEn: 'Operating revenue, last year: must not be below 0元',
    })
    const wrapper = mountField(question())
    await type(wrapper, '-5')
    await wrapper.find('input[data-testid="q-input"]').trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(ipc.saveAnswer).toHaveBeenCalledTimes(1)
    expect(wrapper.find('[data-testid="q-error"]').text()).toBe('「上一年度营业收入」：不能小于 0元')
    expect((wrapper.find('input[data-testid="q-input"]').element as HTMLInputElement).value).toBe('-5')
    expect(wrapper.find('[data-testid="q-saved"]').exists()).toBe(false)
    expect(wrapper.emitted('saved')).toBeUndefined()
  })

  it('never saves text the preview refuses, and shows why in the current language', async () => {
    ipc.previewAnswer.mockResolvedValue({
      ok: false,
      dontKnow: false,
      display: null,
      messageZh: '「上一年度营业收入」：无法识别的金额',
      messageEn: 'Operating revenue, last year: not an amount',
    })
    const wrapper = mountField(question(), 'en')
    await type(wrapper, 'lots')
    await wait(1500) // past the autosave delay
    await wrapper.find('input[data-testid="q-input"]').trigger('keydown', { key: 'Enter' })
    await wrapper.find('input[data-testid="q-input"]').trigger('blur')
    await flushPromises()
    expect(ipc.saveAnswer).not.toHaveBeenCalled()
    expect(wrapper.find('[data-testid="q-error"]').text()).toBe('Operating revenue, last year: not an amount')
    expect(wrapper.find('[data-testid="q-preview"]').exists()).toBe(false)
  })

  it('saves on its own after a pause in typing when the preview accepts the text', async () => {
    const wrapper = mountField(question())
    await type(wrapper, '1,200万')
    await wait(1000)
    expect(ipc.saveAnswer).not.toHaveBeenCalled()
    await wait(300)
    expect(ipc.saveAnswer).toHaveBeenCalledTimes(1)
    expect(ipc.saveAnswer.mock.calls[0][2]).toBe('1,200万')
  })

  it('does not save an unchanged answer when the field is left', async () => {
    const wrapper = mountField(question({ answer: '1200', answerDisplay: '12,000,000.00 元', open: false }))
    expect((wrapper.find('input[data-testid="q-input"]').element as HTMLInputElement).value).toBe('1200')
    expect(wrapper.find('[data-testid="q-preview"]').text()).toBe('已记为：12,000,000.00 元')
    await wrapper.find('input[data-testid="q-input"]').trigger('focus')
    await wrapper.find('input[data-testid="q-input"]').trigger('blur')
    await wait(2000)
    expect(ipc.saveAnswer).not.toHaveBeenCalled()
  })

  it('saves "不清楚" from its button', async () => {
    const wrapper = mountField(question())
    await wrapper.find('[data-testid="q-dont-know"]').trigger('click')
    await flushPromises()
    expect(ipc.saveAnswer).toHaveBeenCalledWith(
      FIRM,
      { fact: 'firm.revenue_last_year', itemKind: null, itemId: null },
      '不清楚',
      AS_OF,
    )
    expect(wrapper.find('[data-testid="q-saved"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="q-preview"]').text()).toBe('已答：不清楚')
  })

  it('keeps unsaved text when the field is shown again', async () => {
    ipc.previewAnswer.mockResolvedValue({
      ok: false,
      dontKnow: false,
      display: null,
      messageZh: '无法识别的金额',
      messageEn: 'not an amount',
    })
    const first = mountField(question())
    await type(first, '一千二百万')
    first.unmount()

    const second = mountField(question())
    await flushPromises()
    expect((second.find('input[data-testid="q-input"]').element as HTMLInputElement).value).toBe('一千二百万')
    expect(second.find('[data-testid="q-error"]').text()).toBe('无法识别的金额')
  })

  it('marks an open question and offers the history only once answered', () => {
    const open = mountField(question())
    expect(open.find('[data-testid="q-open"]').text()).toBe('待答')
    expect(open.find('[data-testid="q-history"]').exists()).toBe(false)
    const answered = mountField(question({ answer: '800', answerDisplay: '8,000,000.00 元', open: false }))
    expect(answered.find('[data-testid="q-open"]').exists()).toBe(false)
    answered.find('[data-testid="q-history"]').trigger('click')
    expect(answered.emitted('history')).toHaveLength(1)
  })
})

describe('QuestionField, choices', () => {
  const bool = () =>
    question({
      key: { fact: 'firm.high_tech', itemKind: null, itemId: null },
      label: '是否为有效期内的高新技术企业',
      kind: 'bool',
      unit: null,
    })

  it('saves a yes/no answer as soon as it is chosen', async () => {
    const wrapper = mountField(bool())
    const values = wrapper.findAll('[data-testid="q-choice"]').map((c) => c.attributes('data-value'))
    expect(values).toEqual(['是', '否', '不清楚'])
    expect(wrapper.find('[data-testid="q-dont-know"]').exists()).toBe(false)
    await wrapper.find('[data-testid="q-choice"][data-value="是"] input').setValue(true)
    await flushPromises()
    expect(ipc.saveAnswer).toHaveBeenCalledWith(
      FIRM,
      { fact: 'firm.high_tech', itemKind: null, itemId: null },
      '是',
      AS_OF,
    )
    expect(wrapper.find('[data-testid="q-saved"]').exists()).toBe(true)
  })

  it('shows a stored yes typed another way as 是', () => {
    const wrapper = mountField({ ...bool(), answer: '有', answerDisplay: '是', open: false })
    const checked = wrapper.find('[data-testid="q-choice"][data-value="是"] input').element as HTMLInputElement
    expect(checked.checked).toBe(true)
  })

  it('offers a short list of choices as buttons labelled in the current language', async () => {
    const wrapper = mountField(
      question({
        key: { fact: 'firm.specialized_sme', itemKind: null, itemId: null },
        kind: 'choice',
        unit: null,
        choices: [
          { value: 'none', label: '未认定', labelEn: 'None' },
          { value: 'city', label: '市级专精特新中小企业', labelEn: 'City level' },
        ],
      }),
      'en',
    )
    const choices = wrapper.findAll('[data-testid="q-choice"]')
    expect(choices.map((c) => c.text())).toEqual(['None', 'City level', 'Not sure'])
    await wrapper.find('[data-testid="q-choice"][data-value="city"] input').setValue(true)
    await flushPromises()
    expect(ipc.saveAnswer.mock.calls[0][2]).toBe('city')
  })

  it('saves a picked region code', async () => {
    const wrapper = mountField(question({ key: { fact: 'firm.region', itemKind: null, itemId: null }, kind: 'region', unit: null }))
    await wrapper.find('[data-testid="code-picker-stub"]').setValue('370102')
    await flushPromises()
    expect(ipc.saveAnswer.mock.calls[0][1]).toEqual({ fact: 'firm.region', itemKind: null, itemId: null })
    expect(ipc.saveAnswer.mock.calls[0][2]).toBe('370102')
  })
})
