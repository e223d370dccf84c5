// End-to-end tests of the real built app: tauri-driver + WebKitWebDriver drive the window
// (under Xvfb when run by scripts/test.sh). Each test clicks through the UI and checks
// what a person would see. Screenshots go to artifacts/e2e/.
//
// Needs: HUIQI_APP (the built binary), tauri-driver on PATH (or TAURI_DRIVER).

import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Session, sleep, waitFor } from './webdriver.mjs'

const ROOT = resolve(import.meta.dirname, '../..')
const APP = resolve(process.env.HUIQI_APP ?? join(ROOT, 'target/debug/huiqi-desktop'))
const DRIVER = process.env.TAURI_DRIVER ?? 'tauri-driver'
const PORT = Number(process.env.TAURI_DRIVER_PORT ?? 4444)
const SERVER = `http://127.0.0.1:${PORT}`
const SHOTS = join(ROOT, 'artifacts/e2e')

const FIRM_NAME = '济南示例科技有限公司'
const VALID_CODE = '91350100M000100Y43'
const BAD_CODE = '91350100M000100Y44' // check character wrong

let driver
let session
let dataDir

let timeouts = 0

async function startApp() {
  const started = await Session.start(SERVER, {
    browserName: 'wry',
    'tauri:options': { application: APP },
  })
  // What the window showed when an expected text never came: the first thing to look at.
  started.onTimeout = async () => {
    timeouts += 1
    writeFileSync(join(SHOTS, `timeout-${timeouts}.png`), await started.screenshot())
  }
  return started
}

async function shot(name) {
  // Let transitions (dialogs fading, fonts swapping in) settle first.
  await sleep(600)
  writeFileSync(join(SHOTS, `${name}.png`), await session.screenshot())
}

const byTestId = (id) => `[data-testid="${id}"]`
const inputOf = (id) => `input${byTestId(id)}, ${byTestId(id)} input`

before(async () => {
  assert.ok(existsSync(APP), `app binary not found at ${APP}; build it first`)
  mkdirSync(SHOTS, { recursive: true })
  dataDir = mkdtempSync(join(tmpdir(), 'huiqi-e2e-'))
  driver = spawn(DRIVER, ['--port', String(PORT)], {
    // The app reads HUIQI_DB; tauri-driver and WebKitWebDriver pass the environment on.
    env: { ...process.env, HUIQI_DB: join(dataDir, 'huiqi.db') },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  await waitFor('tauri-driver to listen', async () => (await fetch(`${SERVER}/status`)).ok, 20000)
  session = await startApp()
  // The webview keeps localStorage (the chosen language) in the user's profile, outside
  // HUIQI_DB: start every run as a first launch.
  await session.execute('localStorage.clear(); window.__huiqiOldPage = true; location.reload()')
  await waitFor('the reloaded page', () =>
    session.execute('return !window.__huiqiOldPage && !!document.querySelector(\'[data-testid="app-title"]\')'),
  )
})

after(async () => {
  await session?.end().catch(() => {})
  driver?.kill()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('Huiqi desktop app', () => {
  test('opens on the empty firm list, in Chinese', async () => {
    const title = await session.waitForText(byTestId('app-title'), (t) => t.length > 0)
    assert.equal(title, '惠企政策自评与申报')
    assert.equal(await session.waitForText(byTestId('page-title'), Boolean), '企业列表')
    const nav = [['firms', '企业列表'], ['policies', '政策库'], ['questionnaire', '问卷'], ['results', '评估结果'], ['dossier', '申报材料']]
    for (const [screen, label] of nav) {
      assert.equal(await session.waitForText(byTestId(`nav-${screen}`), Boolean), label)
    }
    const empty = await session.waitForText(byTestId('firms-empty'), Boolean)
    assert.match(empty, /还没有企业/)
    await shot('01-firm-list-empty')
  })

  test('renders Chinese with the bundled font, not a system font', async () => {
    const faces = await waitFor('a Noto Sans SC face to load', () =>
      session.execute(
        `return [...document.fonts]
           .filter(f => f.family.replace(/"/g, '') === 'Noto Sans SC' && f.status === 'loaded')
           .length`,
      ),
    )
    assert.ok(faces > 0)
    const family = await session.execute(
      `return getComputedStyle(document.querySelector('[data-testid="page-title"]')).fontFamily`,
    )
    assert.match(family, /^"?Noto Sans SC"?/)
  })

  test('the content security policy blocks inline scripts', async () => {
    // WebDriver's own script runs outside the page's CSP; the <script> it adds does not.
    const ran = await session.execute(`
      const s = document.createElement('script')
      s.textContent = 'window.__huiqiInlineRan = true'
      document.head.appendChild(s)
      return window.__huiqiInlineRan === true`)
    assert.equal(ran, false)
  })

  test('about shows the catalogue that Rust loaded (IPC round trip)', async () => {
    await (await session.find(byTestId('about-button'))).click()
    const version = await session.waitForText(byTestId('about-catalog-version'), (t) => t.length >= 8)
    assert.match(version, /^[0-9a-zA-Z:._-]+$/)
    const documents = Number(await session.waitForText(byTestId('about-document-count'), Boolean))
    const measures = Number(await session.waitForText(byTestId('about-measure-count'), Boolean))
    assert.ok(Number.isInteger(documents) && documents > 0, `document count ${documents}`)
    assert.ok(measures >= documents, `measure count ${measures}`)
    assert.match(await session.waitForText(byTestId('about-app-version'), Boolean), /^\d+\.\d+\.\d+/)
    await shot('02-about')
    await (await session.find(byTestId('about-close'))).click()

    // The policy library page shows the same numbers, from the same command.
    await (await session.find(byTestId('nav-policies'))).click()
    const summary = await session.waitForText(byTestId('policies-summary'), Boolean)
    assert.match(summary, new RegExp(`${documents} 份政策文件、${measures} 项措施`))
    await shot('03-policies')
    await (await session.find(byTestId('nav-firms'))).click()
    await session.waitForText(byTestId('page-title'), (t) => t === '企业列表')
  })

  test('creating a firm checks the credit code and adds the firm to the list', async () => {
    await (await session.find(byTestId('create-firm'))).click()
    const name = await session.find(inputOf('firm-name'))
    await waitFor('the create dialog to open', () => name.visible())
    const code = await session.find(inputOf('firm-credit-code'))
    await code.type(BAD_CODE)
    await name.click() // leaving the field runs the check in Rust
    const error = await session.waitForText(
      `${byTestId('create-firm-dialog')} .el-form-item__error`,
      Boolean,
      'the credit code error',
    )
    assert.match(error, /第 18 位校验码应为/)
    await shot('04-create-firm-invalid-code')

    // Backspace rather than WebDriver's clear(), which fires no input event for v-model.
    await code.type('\uE003'.repeat(BAD_CODE.length) + VALID_CODE)
    await name.type(FIRM_NAME)
    await (await session.find(byTestId('firm-submit'))).click()

    const table = await session.waitForContent(byTestId('firms-table'), (t) => t.includes(FIRM_NAME))
    assert.ok(table.includes(VALID_CODE), table)
    assert.equal(await session.waitForText(byTestId('firms-count'), Boolean), '共 1 家企业')
    assert.equal((await session.findAll(byTestId('firms-empty'))).length, 0)
    await shot('05-firm-created')
  })

  test('the language switch changes the visible text, Element Plus included', async () => {
    await (await session.find(byTestId('lang-en'))).click()
    assert.equal(await session.waitForText(byTestId('page-title'), (t) => t === 'Firms'), 'Firms')
    assert.equal(await session.waitForText(byTestId('nav-policies'), Boolean), 'Policies')
    assert.equal(await session.waitForText(byTestId('create-firm'), Boolean), 'New firm')
    const header = await session.waitForContent(`${byTestId('firms-table')} thead`, (t) => t.includes('Name'))
    assert.match(header, /Unified social credit code/)
    await shot('06-english')

    await (await session.find(byTestId('lang-zh'))).click()
    await session.waitForText(byTestId('page-title'), (t) => t === '企业列表')
  })

  test('every screen in the navigation opens with its title', async () => {
    const screens = [
      ['policies', '政策库'],
      ['questionnaire', '问卷'],
      ['results', '评估结果'],
      ['dossier', '申报材料'],
      ['firms', '企业列表'],
    ]
    for (const [screen, title] of screens) {
      await (await session.find(byTestId(`nav-${screen}`))).click()
      await session.waitForText(`${byTestId(`${screen}-view`)} ${byTestId('page-title')}`, (t) => t === title)
      if (screen !== 'firms' && screen !== 'policies') await shot(`07-${screen}`)
    }
  })

  test('the firm is still there after restarting the app', async () => {
    await session.end()
    session = await startApp()
    const table = await session.waitForContent(byTestId('firms-table'), (t) => t.includes(FIRM_NAME))
    assert.ok(table.includes(VALID_CODE))
    assert.ok(existsSync(join(dataDir, 'huiqi.db')), 'the database is where HUIQI_DB points')
  })
})
