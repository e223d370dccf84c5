import type { Plugin } from 'vite'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// @fontsource lists a .woff fallback after each .woff2; every webview Tauri supports reads
// woff2, so dropping the fallback halves the font bytes embedded in the binary.
function woff2Only(): Plugin {
  return {
    name: 'huiqi-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (id.includes('@fontsource') && id.endsWith('.css')) {
        return code.replace(/,\s*url\([^)]*\.woff\) format\('woff'\)/g, '')
      }
      return null
    },
  }
}

export default defineConfig({
  // Element Plus on demand (its documented setup): each <el-…> used in a template brings its
  // own code and CSS, so the start-up bundle holds only what the first screen needs.
  plugins: [woff2Only(), vue(), Components({ resolvers: [ElementPlusResolver()], dts: false })],
  // Tauri serves the files itself; relative paths keep them working from any base.
  base: './',
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: 'safari15',
    // Fonts are large on purpose (offline CJK); do not inline any of them as data: URLs.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
  },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.spec.ts'],
    setupFiles: ['tests/setup.ts'],
    // Externalised, element-plus gets the CJS async-validator and form validation never
    // settles (element-plus issues #15053, #20141); inlined it behaves as in the app.
    server: { deps: { inline: ['element-plus'] } },
  },
})
