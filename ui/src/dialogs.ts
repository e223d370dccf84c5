// Native open/save dialogs (tauri-plugin-dialog). End-to-end tests cannot click a GTK file
// chooser, so they set `window.__huiqiDialogs` from the WebDriver session to answer instead;
// nothing else sets it.
import { open, save } from '@tauri-apps/plugin-dialog'

export interface FileFilter {
  name: string
  extensions: string[]
}

interface DialogOverride {
  save?: (defaultPath: string) => string | null
  open?: () => string | null
}

function override(): DialogOverride | undefined {
  return (globalThis as { __huiqiDialogs?: DialogOverride }).__huiqiDialogs
}

/** Asks where to save; `null` when the user cancels. */
export async function pickSavePath(title: string, defaultPath: string, filters: FileFilter[]): Promise<string | null> {
  const o = override()
  if (o?.save) return o.save(defaultPath)
  return await save({ title, defaultPath, filters })
}

/** Asks for one file to open; `null` when the user cancels. */
export async function pickOpenPath(title: string, filters: FileFilter[]): Promise<string | null> {
  const o = override()
  if (o?.open) return o.open()
  const picked = await open({ title, multiple: false, directory: false, filters })
  return typeof picked === 'string' ? picked : null
}
