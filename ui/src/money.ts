// Money crosses IPC as decimal strings in 元 ("1200000.00"). The UI only reformats them; any
// arithmetic here is on digit strings so that no amount is ever rounded by a binary float.

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?$/

interface Parts {
  negative: boolean
  int: string
  frac: string
}

function parse(value: string): Parts | null {
  const m = DECIMAL.exec(value.trim())
  if (!m) return null
  return { negative: m[1] === '-', int: m[2], frac: m[3] ?? '' }
}

function stripLeadingZeros(int: string): string {
  return int.replace(/^0+(?=\d)/, '')
}

function group(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** Adds one to a string of digits: "199" → "200", "99" → "100". */
function increment(digits: string): string {
  const out = digits.split('')
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== '9') {
      out[i] = String(Number(out[i]) + 1)
      return out.join('')
    }
    out[i] = '0'
  }
  return '1' + out.join('')
}

function build(negative: boolean, int: string, frac: string): string {
  const i = stripLeadingZeros(int || '0')
  const f = frac.replace(/0+$/, '')
  const zero = /^0*$/.test(i) && f === ''
  return (negative && !zero ? '-' : '') + i + (f ? '.' + f : '')
}

/** "1200000.00" → "1,200,000.00". Anything that is not a plain decimal is returned as is. */
export function formatYuan(value: string): string {
  const p = parse(value)
  if (!p) return value
  const int = group(stripLeadingZeros(p.int))
  const zero = /^[0,]*$/.test(int) && /^0*$/.test(p.frac)
  return (p.negative && !zero ? '-' : '') + int + (p.frac ? '.' + p.frac : '')
}

/**
 * 元 → 万元 as a plain decimal string without trailing zeros: "1200000.00" → "120",
 * "1234567.89" → "123.456789". With `places`, rounds half away from zero to that many
 * decimals: toWan("1234567.89", 2) → "123.46".
 */
export function toWan(value: string, places?: number): string {
  const p = parse(value)
  if (!p) return value
  const int = p.int.padStart(5, '0')
  let wanInt = int.slice(0, -4)
  let wanFrac = int.slice(-4) + p.frac
  if (places !== undefined && wanFrac.length > places) {
    const roundUp = wanFrac[places] >= '5'
    const kept = wanInt + wanFrac.slice(0, places)
    const digits = roundUp ? increment(kept) : kept
    wanInt = places === 0 ? digits : digits.slice(0, -places)
    wanFrac = places === 0 ? '' : digits.slice(-places)
  }
  return build(p.negative, wanInt, wanFrac)
}

/** 万元 for reading: two decimals at most, thousands separated ("1,234.57"). */
export function formatWan(value: string): string {
  return formatYuan(toWan(value, 2))
}

/** Whether the 万元 figure shown by formatWan had to be rounded. */
export function wanIsRounded(value: string): boolean {
  return toWan(value, 2) !== toWan(value)
}

/** True for "0", "0.00", "-0.00"; false for anything else, malformed input included. */
export function isZero(value: string): boolean {
  const p = parse(value)
  return p !== null && /^0*$/.test(p.int) && /^0*$/.test(p.frac)
}

/** Whether an amount in 元 (a decimal string) is above zero. */
export function positive(yuan: string): boolean {
  return Number(yuan) > 0
}

/** The locale key (`common.units.*`) of a money unit as the catalogue names it (元, 万元, 亿元). */
export function unitKey(unit: string | null): 'yuan' | 'wan' | 'yi' {
  if (unit === '万元') return 'wan'
  if (unit === '亿元') return 'yi'
  return 'yuan'
}
