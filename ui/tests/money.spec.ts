import { describe, expect, it } from 'vitest'
import { formatWan, formatYuan, isZero, toWan, wanIsRounded } from '../src/money'

describe('formatYuan', () => {
  it('separates thousands on the integer part only', () => {
    expect(formatYuan('1200000.00')).toBe('1,200,000.00')
    expect(formatYuan('999.50')).toBe('999.50')
    expect(formatYuan('1000.00')).toBe('1,000.00')
    expect(formatYuan('0.00')).toBe('0.00')
    expect(formatYuan('12345678901234567890.12')).toBe('12,345,678,901,234,567,890.12')
  })

  it('keeps the sign, drops leading zeros, passes non-numbers through', () => {
    expect(formatYuan('-1234.5')).toBe('-1,234.5')
    expect(formatYuan('-0.00')).toBe('0.00')
    expect(formatYuan('0001000')).toBe('1,000')
    expect(formatYuan('abc')).toBe('abc')
  })
})

describe('toWan', () => {
  it('moves the decimal point four places without rounding', () => {
    expect(toWan('1200000.00')).toBe('120')
    expect(toWan('1234567.89')).toBe('123.456789')
    expect(toWan('500.00')).toBe('0.05')
    expect(toWan('5')).toBe('0.0005')
    expect(toWan('0.00')).toBe('0')
    expect(toWan('-1200000.00')).toBe('-120')
    // Beyond what a double holds exactly.
    expect(toWan('90071992547409930000.01')).toBe('9007199254740993.000001')
  })

  it('rounds half away from zero when asked, carrying through nines', () => {
    expect(toWan('1234567.89', 2)).toBe('123.46')
    expect(toWan('1234449.99', 2)).toBe('123.44')
    expect(toWan('99999.99', 2)).toBe('10')
    expect(toWan('9999999.99', 0)).toBe('1000')
    expect(toWan('-50.00', 2)).toBe('-0.01')
    expect(toWan('-49.99', 2)).toBe('0')
  })
})

describe('formatWan and helpers', () => {
  it('formats 万元 for display and says when it rounded', () => {
    expect(formatWan('123456789012.00')).toBe('12,345,678.9')
    expect(formatWan('1234567.89')).toBe('123.46')
    expect(wanIsRounded('1234567.89')).toBe(true)
    expect(wanIsRounded('1200000.00')).toBe(false)
  })

  it('recognises zero', () => {
    expect(isZero('0.00')).toBe(true)
    expect(isZero('-0')).toBe(true)
    expect(isZero('0.01')).toBe(false)
    expect(isZero('x')).toBe(false)
  })
})
