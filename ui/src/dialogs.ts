// Native open/save dialogs, opened by Rust (src-tauri/picked.rs). The page never sees or
// sends a path: it gets back an opaque handle to pass to the command that reads or writes
// the file, and the file's name to show. Rust decides the file types from the purpose.
// (End-to-end tests answer these dialogs through a test-only build feature, not from here.)
import { invoke } from '@tauri-apps/api/core'
import type { FilePurposeDto } from './bindings/FilePurposeDto'
import type { PickedFileDto } from './bindings/PickedFileDto'

/** Asks for a file to open or a place to save, for `purpose`; `null` when the user cancels. */
export async function pickFile(
  purpose: FilePurposeDto,
  title: string,
  filterName: string,
  suggestedName: string | null = null,
): Promise<PickedFileDto | null> {
  return await invoke<PickedFileDto | null>('pick_file', { purpose, title, filterName, suggestedName })
}
