// Small pure helpers of the dossier screen, kept apart so specs can test them directly.

/**
 * Whether a preview page may be inserted into the DOM. The pages come from our Rust renderer,
 * which escapes every user text; this is defence in depth against anything scriptable.
 */
export function isSafeSvg(page: string): boolean {
  return (
    page.startsWith('<svg') &&
    !/<script/i.test(page) &&
    !/foreignObject/i.test(page) &&
    !/\son[a-z]+\s*=/i.test(page) &&
    !/javascript:/i.test(page)
  )
}

/** File sizes as people read them: "812 B", "45.3 KB", "2.1 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** A firm name made safe as part of a file name on Windows, macOS and Linux. */
export function fileNamePart(name: string): string {
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim()
}
