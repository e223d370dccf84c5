// Text typed into a question but not saved yet (rejected, or still being typed). Kept outside
// the components so it survives a reload of the questionnaire, a question that branching hides
// and shows again, and a visit to another screen.
import { reactive } from 'vue'
import type { AnswerKeyDto } from '../../bindings/AnswerKeyDto'

export const drafts = reactive(new Map<string, string>())

export function draftKey(firm: number, key: AnswerKeyDto): string {
  return [firm, key.fact, key.itemKind ?? '', key.itemId ?? ''].join('|')
}

/** What the engine reads as "不清楚"; sent as the answer text. */
export const DONT_KNOW = '不清楚'
