// jsdom lacks ResizeObserver, which Element Plus's table and scrollbar use for layout.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver

// Unmount what each test mounted, so its timers (debounced checks, autosave) cannot fire into
// the next test's mocks.
import { afterEach } from 'vitest'
import { enableAutoUnmount } from '@vue/test-utils'
enableAutoUnmount(afterEach)
