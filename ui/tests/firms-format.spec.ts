import { describe, expect, it } from 'vitest'
import { formatTime, safeFileName } from '../src/components/firms/format'

describe('safeFileName', () => {
  it('replaces what a file system refuses and keeps Chinese', () => {
    expect(safeFileName('济南示例科技有限公司')).toBe('济南示例科技有限公司')
    expect(safeFileName('甲/乙:丙*丁?"<>|')).toBe('甲_乙_丙_丁_____')
    expect(safeFileName('   ')).toBe('firm')
  })
})

describe('formatTime', () => {
  it('shows a stored UTC time in local time, to the minute', () => {
    const iso = '2025-03-01T08:05:00.000Z'
    const d = new Date(iso)
    const pad = (n: number) => String(n).padStart(2, '0')
    const local = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
    expect(formatTime(iso)).toBe(local)
    expect(formatTime(iso)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
  })

  it('passes through what is not a time', () => {
    expect(formatTime('unknown')).toBe('unknown')
  })
})
