import { createApp } from 'vue'
// Element Plus components come on demand (vite.config.ts); the services called from scripts
// rather than templates need their styles imported here.
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
// The CJK font ships inside the app: the UI must render on machines without CJK fonts.
import '@fontsource/noto-sans-sc/400.css'
import '@fontsource/noto-sans-sc/700.css'
import './styles.css'
import App from './App.vue'
import { i18n } from './i18n'

performance.mark('huiqi:script')
document.documentElement.lang = i18n.global.locale.value
createApp(App).use(i18n).mount('#app')
// Start-up milestones for tests/e2e/bench.mjs (see also huiqi:firms-shown in FirmsView).
performance.mark('huiqi:mounted')
