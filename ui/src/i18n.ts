import { computed } from 'vue'
import { createI18n } from 'vue-i18n'
import elementZhCn from 'element-plus/es/locale/lang/zh-cn'
import elementEn from 'element-plus/es/locale/lang/en'
import zhCN from './locales/zh-CN'
import en from './locales/en'

export type Locale = 'zh-CN' | 'en'
export const LOCALES: readonly Locale[] = ['zh-CN', 'en']

const STORAGE_KEY = 'huiqi.locale'

function savedLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY)
  return saved === 'en' ? 'en' : 'zh-CN'
}

export function makeI18n(locale: Locale = savedLocale()) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    messages: { 'zh-CN': zhCN, en },
  })
}

export const i18n = makeI18n()

/** Switches our strings, Element Plus's strings (via App.vue) and the page language together. */
export function setLocale(locale: Locale) {
  i18n.global.locale.value = locale
  globalThis.localStorage?.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
}

/** Element Plus's own strings (pagination, empty states, date pickers) follow our locale. */
export const elementLocale = computed(() =>
  i18n.global.locale.value === 'en' ? elementEn : elementZhCn,
)
