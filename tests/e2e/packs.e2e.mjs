// End-to-end: a consultant imports the example policy pack (docs/examples/pack) in 政策库,
// sees what it changes for a saved firm before installing, sees the pack's document in the
// library and the firm's results change, and removes it again (issue 17).
//
// Needs what app.e2e.mjs needs (HUIQI_APP built with `--features e2e-dialogs`, HUIQI_CLI,
// tauri-driver). Runs after app.e2e.mjs (scripts/test.sh passes --test-concurrency=1): both
// use the same tauri-driver port.

import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Session, asFirstLaunch, sleep, startDriver, stopDriver, waitFor } from './webdriver.mjs'

const ROOT = resolve(import.meta.dirname, '../..')
const APP = resolve(process.env.HUIQI_APP ?? join(ROOT, 'target/debug/huiqi-desktop'))
const CLI = resolve(process.env.HUIQI_CLI ?? join(ROOT, 'target/debug/huiqi'))
const PORT = Number(process.env.TAURI_DRIVER_PORT ?? 4444)
const SERVER = `http://127.0.0.1:${PORT}`
const SHOTS = join(ROOT, 'artifacts/e2e')
const PACK = join(ROOT, 'docs/examples/pack/pack.toml')

const FIRM = '济南某冠军企业'
// 济政办字〔2020〕3号第12条，演示包重新编码：单项冠军产品企业一次性奖励 100 万元。
const MEASURE = 'demo-jinan-2020-3/12c'
const MEASURE_TITLE = '【演示】单项冠军产品企业一次性奖励100万元'

let driver
let session
let dataDir

const byTestId = (id) => `[data-testid="${id}"]`

function cli(...args) {
  return execFileSync(CLI, ['--db', join(dataDir, 'huiqi.db'), ...args], { encoding: 'utf8' })
}

function dialogAnswer() {
  return join(dataDir, 'next-dialog-answer.txt')
}

async function shot(name) {
  await sleep(600)
  writeFileSync(join(SHOTS, `${name}.png`), await session.screenshot())
}

/** The firm's outcome for the pack's measure, as the CLI reads the same data file. */
function outcome(firmId) {
  const json = JSON.parse(cli('assess', '--firm-id', String(firmId), '--as-of', '2026-11-30', '--json'))
  return json.measures.find((m) => m.id === MEASURE) ?? null
}

async function pageText() {
  return await session.execute('return document.body.textContent')
}

let firmId

before(async () => {
  assert.ok(existsSync(APP), `app binary not found at ${APP}; build it first`)
  mkdirSync(SHOTS, { recursive: true })
  dataDir = mkdtempSync(join(tmpdir(), 'huiqi-e2e-packs-'))
  // A saved firm that the pack's measure pays: a single champion in 历城区, recognised 2021.
  cli('firm', 'add', '--name', FIRM, '--region', '370112')
  firmId = Number(cli('firm', 'list').split('\n').find((l) => l.includes(FIRM)).split('\t')[0])
  cli('answer', 'set', String(firmId), 'firm.single_champion', '是')
  cli('answer', 'set', String(firmId), 'firm.single_champion_on', '2021-11-30')
  driver = await startDriver(PORT, { HUIQI_DB: join(dataDir, 'huiqi.db'), HUIQI_E2E_DIALOG_FILE: dialogAnswer() })
  session = await Session.start(SERVER, { browserName: 'wry', 'tauri:options': { application: APP } })
  await asFirstLaunch(session)
})

after(async () => {
  await stopDriver(session, driver)
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('Policy packs in the app', () => {
  test('imports the example pack after showing what it changes for the saved firm', async () => {
    assert.equal(outcome(firmId), null, 'no such measure before the pack')
    await (await session.find(byTestId('nav-policies'))).click()
    await session.waitForContent(byTestId('policies-table'), (t) => t.includes('工业强市'))
    await (await session.find(byTestId('policies-packs'))).click()
    await session.waitForContent(byTestId('pack-table'), (t) => t.includes('尚未安装政策包'))
    writeFileSync(dialogAnswer(), PACK)
    await (await session.find(byTestId('pack-import'))).click()
    const preview = await session.waitForContent(byTestId('pack-preview'), (t) => t.includes(FIRM))
    assert.match(preview, /demo-champion/)
    assert.match(preview, new RegExp(MEASURE_TITLE))
    assert.match(preview, /无此措施/)
    assert.equal(outcome(firmId), null, 'nothing installed before confirming')
    await shot('packs-01-preview')
    await (await session.find(byTestId('pack-install'))).click()
    await session.waitForContent(byTestId('pack-table'), (t) => t.includes('demo-champion') && t.includes('演示'))
    assert.ok(existsSync(join(dataDir, 'packs/demo-champion/pack.toml')), 'installed beside the data file')
  })

  test('shows the pack document in the library with its clauses not yet encoded', async () => {
    await session.execute(`document.querySelector('[data-testid="pack-manager"] .el-dialog__headerbtn').click()`)
    await waitFor('the pack dialog to close', () =>
      session.execute(`return !document.querySelector('[data-testid="pack-manager"]')?.offsetParent`),
    )
    const table = await session.waitForContent(byTestId('policies-table'), (t) => t.includes('政策包 demo-champion'))
    assert.match(table, /未编码 12 条/)
    await shot('packs-02-library')
  })

  test("the firm's results change: the pack's measure pays it", async () => {
    const o = outcome(firmId)
    assert.equal(o?.status, 'eligible')
    assert.equal(o?.amount, '1000000.00')
    await (await session.find(byTestId('nav-firms'))).click()
    await session.waitForContent(byTestId('firms-table'), (t) => t.includes(FIRM))
    await (await session.find(`${byTestId('open-firm')}[data-firm-id="${firmId}"]`)).click()
    await (await session.find(byTestId('nav-results'))).click()
    await waitFor('the pack measure among the results', async () => (await pageText()).includes(MEASURE_TITLE), 30000)
    await shot('packs-03-results')
  })

  test('removes the pack after showing what that changes', async () => {
    await (await session.find(byTestId('nav-policies'))).click()
    await (await session.find(byTestId('policies-packs'))).click()
    await session.waitForContent(byTestId('pack-table'), (t) => t.includes('demo-champion'))
    await (await session.find(byTestId('pack-remove'))).click()
    const removal = await session.waitForContent(byTestId('pack-removal'), (t) => t.includes(FIRM))
    assert.match(removal, /符合条件 1,000,000.00 元/)
    await (await session.find(byTestId('pack-remove-confirm'))).click()
    await session.waitForContent(byTestId('pack-table'), (t) => t.includes('尚未安装政策包'))
    assert.equal(outcome(firmId), null)
    assert.ok(!existsSync(join(dataDir, 'packs/demo-champion')))
  })
})
