// The region (GB/T 2260) and industry (GB/T 4754) trees, fetched once per app run and shared
// by every CodePicker and by the screens that turn codes back into names.
import { ipc } from '../../ipc'
import type { CodeNodeDto } from '../../bindings/CodeNodeDto'

export type CodeKind = 'region' | 'industry'

export interface CodeTree {
  roots: CodeNodeDto[]
  /** Every node of the tree by its code. */
  byCode: Map<string, CodeNodeDto>
}

const cache = new Map<CodeKind, Promise<CodeTree>>()

function index(roots: CodeNodeDto[]): CodeTree {
  const byCode = new Map<string, CodeNodeDto>()
  const walk = (nodes: CodeNodeDto[]) => {
    for (const n of nodes) {
      byCode.set(n.code, n)
      walk(n.children)
    }
  }
  walk(roots)
  return { roots, byCode }
}

export function codeTree(kind: CodeKind): Promise<CodeTree> {
  let tree = cache.get(kind)
  if (!tree) {
    const fetched = (kind === 'region' ? ipc.regionTree() : ipc.industryTree()).then(index)
    // A failed fetch is forgotten so that the next picker asks again.
    fetched.catch(() => {
      if (cache.get(kind) === fetched) cache.delete(kind)
    })
    cache.set(kind, fetched)
    tree = fetched
  }
  return tree
}

/** Only for tests: the next codeTree() call asks the backend again. */
export function forgetCodeTrees() {
  cache.clear()
}

/** Whether a node matches what the user typed: a code prefix (370102, C34) or part of a name. */
export function nodeMatches(node: CodeNodeDto, keyword: string): boolean {
  const k = keyword.trim().toUpperCase()
  if (k === '') return true
  return node.code.toUpperCase().startsWith(k) || node.fullName.toUpperCase().includes(k) || node.name.includes(k)
}
