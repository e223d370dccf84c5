// How an outcome's amount is worded. The wording follows the amount class, because "可获 X 元"
// and "最高可获 X 元" promise different things to the person reading them.
import { useI18n } from 'vue-i18n'
import type { OutcomeDto } from '../../bindings/OutcomeDto'
import { formatYuan } from '../../money'

export function useAmountText() {
  const { t } = useI18n()

  function classText(amountClass: string, amount: string): string {
    const a = formatYuan(amount)
    switch (amountClass) {
      case 'exact':
        return t('results.amount.exact', { amount: a })
      case 'maximum':
        return t('results.amount.maximum', { amount: a })
      default:
        return t('results.amount.capOnly', { amount: a })
    }
  }

  return function amountText(o: Pick<OutcomeDto, 'amountClass' | 'amount' | 'status'>): string {
    if (o.amountClass === 'unquantified') return t('results.amount.unquantified')
    if (o.amountClass === 'non_monetary') return t('results.amount.nonMonetary')
    if (o.amount === null) {
      return o.status === 'undecided' ? t('results.amount.pending') : t('results.amount.none')
    }
    const text = classText(o.amountClass, o.amount)
    if (o.status === 'eligible') return text
    if (o.status === 'accruing') return t('results.amount.soFar', { text })
    return t('results.amount.ifEligible', { text })
  }
}

/** Shows measures as this screen names them ("“title”（第7条）") in backend sentences, which
 *  name them as “title”（id） or, in older text, by the bare id. */
export function makeHumanizer(titles: Map<string, string>): (text: string) => string {
  const ids = [...titles.keys()].sort((a, b) => b.length - a.length)
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const quoted = new Map(ids.map((id) => [id, new RegExp(`“[^”]*”（${escape(id)}）`, 'g')]))
  return (text) => {
    let out = text
    for (const id of ids) {
      if (!out.includes(id)) continue
      const title = titles.get(id)!
      out = out.replace(quoted.get(id)!, () => title).split(id).join(title)
    }
    return out
  }
}
