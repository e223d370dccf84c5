// The clerk's whole journey from an empty data file, in the built app: create the firm, answer
// every question the questionnaire asks (no filter) until it says it is complete at 100%, see
// the results with the project under the name typed, and save the dossier that names it.
// A screenshot of every step goes to artifacts/e2e/journey-*.png.
//
// Needs what app.e2e.mjs needs (HUIQI_APP built with `--features e2e-dialogs`, HUIQI_CLI,
// tauri-driver); its own port, so both files may run at once.

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
const PORT = Number(process.env.TAURI_DRIVER_JOURNEY_PORT ?? 4446)
const SERVER = `http://127.0.0.1:${PORT}`
const SHOTS = join(ROOT, 'artifacts/e2e')

const FIRM = '济南历下精工机械有限公司'
const PROJECT = 'jinan-gyqs-2020.project'
const PROJECT_NAME = '数控车间改造'
// 《济南市…工业强市…》第七条: 普通技改项目按实际设备投资额 10% 奖补 → 1,200万元 × 10% = 120万元.
const MEASURE = 'jinan-gyqs-2020/7a'

let driver
let session
let dataDir

const byTestId = (id) => `[data-testid="${id}"]`
const inputOf = (id) => `input${byTestId(id)}, ${byTestId(id)} input`
const question = (fact) => `${byTestId('question')}[data-fact="${fact}"]`

async function shot(name) {
  await sleep(600)
  writeFileSync(join(SHOTS, `journey-${name}.png`), await session.screenshot())
}

function cli(...args) {
  return execFileSync(CLI, ['--db', join(dataDir, 'huiqi.db'), ...args], { encoding: 'utf8' })
}

async function pickCode(testId, typed, label) {
  const input = await session.find(inputOf(testId))
  await input.click()
  await input.type(typed)
  const index = await waitFor(`a suggestion "${label}"`, () =>
    session.execute(
      `const items = [...document.querySelectorAll('.el-cascader__suggestion-item')]
       const i = items.findIndex(e => e.offsetParent && e.textContent.includes(arguments[0]))
       return i >= 0 ? i + 1 : 0`,
      [label],
    ),
  )
  await (await session.findAll('.el-cascader__suggestion-item'))[index - 1].click()
}

/** Clicks the element in the page (centred first: the sticky progress bar covers the top). */
async function clickInPage(css) {
  await waitFor(`${css} to click`, () =>
    session.execute(
      `const el = document.querySelector(arguments[0])
       if (!el) return false
       el.scrollIntoView({ block: 'center' })
       el.click()
       return true`,
      [css],
    ),
  )
}

async function typeInto(css, text) {
  await session.execute(`document.querySelector(arguments[0]).scrollIntoView({ block: 'center' })`, [css])
  const input = await session.find(css)
  await input.click()
  await input.type('\uE009a\uE009\uE017' + text + '\uE007')
}

/** Waits until no save is running and the questionnaire has reloaded. */
async function settled() {
  await waitFor('the questionnaire to settle', async () =>
    session.execute(`return !document.querySelector('.q-status:not(.q-status--saved)')`),
  )
  await sleep(250)
}

/** What the questionnaire asks next: a group waiting for an item, or the first open question. */
function nextStep() {
  return session.execute(`
    const group = document.querySelector('[data-testid="item-group"][data-needs-item="true"]')
    if (group) return { group: group.getAttribute('data-kind') }
    const q = document.querySelector('[data-testid="question"][data-open="true"]')
    if (!q) return null
    const values = [...q.querySelectorAll('[data-testid="q-choice"]')].map(c => c.getAttribute('data-value'))
    return { fact: q.getAttribute('data-fact'), item: q.getAttribute('data-item-id'), values,
             dontKnow: !!q.querySelector('[data-testid="q-dont-know"]') }`)
}

/** The project's own answers; everything else: 否 where it is a yes/no question, else 不清楚. */
async function answerStep(step) {
  const here = `${question(step.fact)}[data-item-id="${step.item ?? ''}"]`
  const project = {
    [`${PROJECT}.track`]: 'ordinary',
    [`${PROJECT}.equipment_investment`]: '1,200万',
    [`${PROJECT}.completed_on`]: '2026-06-30',
  }[step.fact]
  if (project && step.values.includes(project)) {
    await clickInPage(`${here} ${byTestId('q-choice')}[data-value="${project}"]`)
  } else if (project) {
    await typeInto(`${here} input${byTestId('q-input')}`, project)
  } else if (step.values.includes('否')) {
    await clickInPage(`${here} ${byTestId('q-choice')}[data-value="否"]`)
  } else if (step.values.includes('不清楚')) {
    await clickInPage(`${here} ${byTestId('q-choice')}[data-value="不清楚"]`)
  } else {
    assert.ok(step.dontKnow, `no way to answer ${step.fact}`)
    await clickInPage(`${here} ${byTestId('q-dont-know')}`)
  }
  await waitFor(`${step.fact} answered`, () =>
    session.execute(`return !document.querySelector(arguments[0] + '[data-open="true"]')`, [here]),
  )
}

before(async () => {
  assert.ok(existsSync(APP), `app binary not found at ${APP}; build it first`)
  mkdirSync(SHOTS, { recursive: true })
  dataDir = mkdtempSync(join(tmpdir(), 'huiqi-journey-'))
  driver = await startDriver(PORT, {
    HUIQI_DB: join(dataDir, 'huiqi.db'),
    HUIQI_E2E_DIALOG_FILE: join(dataDir, 'next-dialog-answer.txt'),
  })
  session = await Session.start(SERVER, { browserName: 'wry', 'tauri:options': { application: APP } })
  await asFirstLaunch(session)
})

after(async () => {
  await stopDriver(session, driver)
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('the clerk finishes', () => {
  test('from an empty store to a saved dossier naming the project as typed', async () => {
    await session.waitForText(byTestId('firms-empty'), Boolean)
    await shot('01-empty')

    // Create the firm; it opens on its profile, where region and industry are chosen.
    await (await session.find(byTestId('create-firm'))).click()
    const name = await session.find(inputOf('firm-name'))
    await waitFor('the create dialog to open', () => name.visible())
    await name.type(FIRM)
    await shot('02-create')
    await (await session.find(byTestId('firm-submit'))).click()
    await session.waitForText(byTestId('page-title'), (t) => t === '企业信息')
    await pickCode('profile-region', '历下', '历下区')
    await pickCode('profile-industry', 'C34', '通用设备制造业')
    await (await session.find(byTestId('profile-save'))).click()
    await waitFor('the profile saved', () => cli('firm', 'list').includes(FIRM) && cli('firm', 'show', '1').includes('C34'))
    await shot('03-profile')

    // The whole questionnaire, no filter. 工业企业 follows from C34 and is not asked.
    await (await session.find(byTestId('nav-questionnaire'))).click()
    await session.find(byTestId('q-progress'))
    assert.equal((await session.findAll(byTestId('q-filter'))).length, 0, 'no filter on a new firm')
    assert.equal((await session.findAll(question('firm.is_industrial'))).length, 0)
    await shot('04-questionnaire-start')

    let steps = 0
    let added = false
    for (;;) {
      await settled()
      const step = await nextStep()
      if (!step) break
      assert.ok(++steps < 250, 'the questionnaire ends')
      if (step.group === PROJECT && !added) {
        await clickInPage(`${byTestId('add-item')}[data-kind="${PROJECT}"]`)
        await session.find(byTestId('item-card'))
        await typeInto(`${byTestId('item-card')} ${inputOf('item-name')}`, PROJECT_NAME)
        await waitFor('the name stored', async () =>
          (await session.execute(`return document.querySelector('[data-testid="item-card"] input').value`)) === PROJECT_NAME,
        )
        added = true
        await settled()
        await shot('05-project-named')
      } else if (step.group) {
        // 没有: the firm has none of this kind.
        await clickInPage(`${byTestId('no-items')}[data-kind="${step.group}"]`)
        await waitFor(`${step.group} settled`, () =>
          session.execute(`return !document.querySelector('[data-testid="item-group"][data-kind="${step.group}"][data-needs-item="true"]')`),
        )
      } else {
        await answerStep(step)
      }
      if (steps === 20) {
        // Far down the page, progress and 下一个待答 are still in view.
        const top = await session.execute(
          `return document.querySelector('[data-testid="q-progress"]').getBoundingClientRect().top`,
        )
        assert.ok(top >= 0 && top < 120, `the progress bar stays in view (top ${top})`)
        await shot('06-questionnaire-underway')
      }
    }
    const done = await session.waitForText(byTestId('q-done'), Boolean, 'the questionnaire complete')
    assert.match(done, /可能影响结果的问题都已回答/)
    const percent = await session.execute(
      `return document.querySelector('[data-testid="q-progress"] .el-progress').getAttribute('aria-valuenow')`,
    )
    assert.equal(percent, '100')
    assert.match(await session.waitForText(byTestId('q-progress-text'), Boolean), /还有 0 项待答/)
    assert.equal((await session.findAll(byTestId('q-filter'))).length, 0)
    await session.execute('window.scrollTo(0, 0); document.querySelector("main, .el-main")?.scrollTo?.(0, 0)')
    await shot('07-questionnaire-complete')
    assert.ok(added, 'the project was added')

    // Results: the money first, the project by its name.
    await (await session.find(byTestId('q-to-results'))).click()
    const amount = await session.waitForText(
      `${byTestId('outcome')}[data-measure="${MEASURE}"] ${byTestId('outcome-amount')}`,
      Boolean,
    )
    assert.match(amount, /1,200,000\.00/)
    const first = await session.execute(
      `return document.querySelector('[data-testid="group-eligible"] [data-testid="outcome"]').getAttribute('data-measure')`,
    )
    assert.equal(first, MEASURE, 'the largest amount first')
    const calc = await session.execute(
      `return document.querySelector('[data-testid="outcome"][data-measure="${MEASURE}"]').textContent`,
    )
    assert.doesNotMatch(calc, /〔[0-9a-f]{32}〕/, 'no hash id on the results screen')
    await shot('08-results')
    // The calculation names the project as typed.
    await clickInPage(`${byTestId('outcome')}[data-measure="${MEASURE}"] .el-collapse-item__header`)
    const lines = await session.waitForText(
      `${byTestId('outcome')}[data-measure="${MEASURE}"] ${byTestId('outcome-calculation')}`,
      (t) => t.includes(PROJECT_NAME),
    )
    assert.match(lines, /〔数控车间改造〕/)
    await session.execute(
      `document.querySelector('[data-testid="outcome"][data-measure="${MEASURE}"]').scrollIntoView({ block: 'start' })`,
    )
    await shot('08b-results-calculation')

    // The dossier: ticks the measures with money, names the project as typed.
    await (await session.find(byTestId('nav-dossier'))).click()
    await session.find(`${byTestId('dossier-measure')}[data-measure="${MEASURE}"]`)
    await (await session.find(byTestId('dossier-preview-button'))).click()
    await waitFor('the preview pages', async () => (await session.findAll(byTestId('dossier-page'))).length >= 4, 30000)
    const pagesText = await session.execute(
      `return [...document.querySelectorAll('[data-testid="dossier-page"]')].map(p => p.textContent).join('')`,
    )
    assert.ok(pagesText.includes(PROJECT_NAME), 'the preview names the project')
    assert.doesNotMatch(pagesText, /〔[0-9a-f]{32}〕/)
    await session.execute(`document.querySelector('[data-testid="dossier-page"]').scrollIntoView()`)
    await shot('09-dossier-preview')
  })

  test('the dossier selection survives leaving the screen and a restart', async () => {
    const ticked = () =>
      session.execute(
        `return [...document.querySelectorAll('[data-testid="dossier-measure"]')]
           .filter(c => c.querySelector('input').checked).map(c => c.getAttribute('data-measure'))`,
      )
    // Only the measures with money are ticked at first.
    assert.deepEqual(await ticked(), [MEASURE])
    const extra = await session.execute(
      `const c = [...document.querySelectorAll('[data-testid="dossier-measure"]')].find(c => !c.querySelector('input').checked)
       if (!c) return null
       c.scrollIntoView({ block: 'center' })
       c.querySelector('input').click()
       return c.getAttribute('data-measure')`,
    )
    assert.ok(extra, 'an eligible measure without money to tick')
    await waitFor('the tick', async () => (await ticked()).length === 2)
    const chosen = await ticked()
    await shot('11-dossier-ticked')

    await (await session.find(byTestId('nav-results'))).click()
    await session.find(byTestId('results-view'))
    await (await session.find(byTestId('nav-dossier'))).click()
    await waitFor('the same ticks after coming back', async () => JSON.stringify(await ticked()) === JSON.stringify(chosen))

    await session.end()
    session = await Session.start(SERVER, { browserName: 'wry', 'tauri:options': { application: APP } })
    await session.waitForText(byTestId('current-firm'), (t) => t.includes(FIRM))
    await (await session.find(byTestId('nav-dossier'))).click()
    await waitFor('the same ticks after a restart', async () => JSON.stringify(await ticked()) === JSON.stringify(chosen))
    await shot('12-dossier-after-restart')
  })

  test('the saved dossier names the project as typed', async () => {
    await (await session.find(byTestId('dossier-preview-button'))).click()
    await waitFor('the preview pages', async () => (await session.findAll(byTestId('dossier-page'))).length >= 4, 30000)
    const pdf = join(dataDir, '申报材料.pdf')
    writeFileSync(join(dataDir, 'next-dialog-answer.txt'), pdf)
    await (await session.find(byTestId('dossier-save'))).click()
    await session.waitForText(byTestId('dossier-saved'), Boolean)
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
    assert.ok(text.includes(PROJECT_NAME), 'the printed dossier names the project')
    assert.match(text, /申请金额：1,200,000\.00 元/)
    assert.doesNotMatch(text, /〔[0-9a-f]{32}〕/)
    await shot('10-dossier-saved')
  })
})
