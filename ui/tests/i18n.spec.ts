import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import zhCN from '../src/locales/zh-CN'
import en from '../src/locales/en'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of flatten(value, path)) out.set(k, v)
  }
  return out
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'bindings' ? [] : sourceFiles(path)
    return /\.(vue|ts)$/.test(name) && !path.includes('locales') ? [path] : []
  })
}

const zhKeys = flatten(zhCN)
const enKeys = flatten(en)
const srcDir = join(__dirname, '../src')

describe('locale files', () => {
  it('have the same keys in Chinese and English', () => {
    const onlyZh = [...zhKeys.keys()].filter((k) => !enKeys.has(k))
    const onlyEn = [...enKeys.keys()].filter((k) => !zhKeys.has(k))
    expect({ onlyZh, onlyEn }).toEqual({ onlyZh: [], onlyEn: [] })
  })

  it('have no empty strings', () => {
    const empty = [...zhKeys, ...enKeys].filter(([, v]) => v.trim() === '').map(([k]) => k)
    expect(empty).toEqual([])
  })

  it('use the same placeholders in both languages', () => {
    // Compared as sets: a plural message repeats its placeholder once per form.
    const names = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort()
    const mismatched = [...zhKeys.keys()].filter(
      (k) => enKeys.has(k) && names(zhKeys.get(k)!).join() !== names(enKeys.get(k)!).join(),
    )
    expect(mismatched).toEqual([])
  })

  it('define every literal key the code asks for', () => {
    const missing: string[] = []
    for (const file of sourceFiles(srcDir)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([\w.]+)'/g)) {
        if (!zhKeys.has(m[1])) missing.push(`${file}: ${m[1]}`)
      }
    }
    expect(missing).toEqual([])
  })
})

describe('components', () => {
  it('contain no hard-coded visible text', () => {
    const offenders: string[] = []
    for (const file of sourceFiles(srcDir).filter((f) => f.endsWith('.vue'))) {
      const template = readFileSync(file, 'utf8').match(/<template>([\s\S]*)<\/template>/)?.[1] ?? ''
      // Static (unbound) attributes that a person reads.
      for (const m of template.matchAll(/\s(placeholder|title|label|description|alt|aria-label)="([^"]+)"/g)) {
        offenders.push(`${file}: ${m[1]}="${m[2]}"`)
      }
      const text = template
        .replace(/<!--[\s\S]*?-->/g, '')
        .replace(/\{\{[\s\S]*?\}\}/g, '')
        .replace(/<[^>]*>/g, '')
        .trim()
      if (text) offenders.push(`${file}: text "${text.slice(0, 40)}"`)
    }
    expect(offenders).toEqual([])
  })
})
