// End-to-end tests of the real built app: tauri-driver + WebKitWebDriver drive the window
// (under Xvfb when run by scripts/test.sh). Each test clicks through the UI and checks
// what a person would see. Screenshots go to artifacts/e2e/.
//
// Needs: HUIQI_APP (the built binary, compiled with `--features e2e-dialogs` so file dialogs
// can be answered), tauri-driver on PATH (or TAURI_DRIVER).

import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Session, asFirstLaunch, sleep, startDriver, stopDriver, waitFor } from './webdriver.mjs'

const ROOT = resolve(import.meta.dirname, '../..')
const APP = resolve(process.env.HUIQI_APP ?? join(ROOT, 'target/debug/huiqi-desktop'))
const PORT = Number(process.env.TAURI_DRIVER_PORT ?? 4444)
const SERVER = `http://127.0.0.1:${PORT}`
const SHOTS = join(ROOT, 'artifacts/e2e')
// The command-line tool over the same data file: checks what the UI really stored.
const CLI = resolve(process.env.HUIQI_CLI ?? join(ROOT, 'target/debug/huiqi'))

const FIRM_NAME = '济南示例科技有限公司'
const VALID_CODE = '91350100M000100Y43'
const BAD_CODE = '91350100M000100Y44' // check character wrong
const SECOND_FIRM = '历城精密制造有限公司'

// 《济南市人民政府关于…工业强市…》第七条: 普通技改项目按实际设备投资额 10% 奖补，单个企业最高 1000 万元.
const MEASURE = 'jinan-gyqs-2020/7a'
const PROJECT = 'jinan-gyqs-2020.project'

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
const question = (fact) => `${byTestId('question')}[data-fact="${fact}"]`

function cli(...args) {
  return execFileSync(CLI, ['--db', join(dataDir, 'huiqi.db'), ...args], { encoding: 'utf8' })
}

function firmId(name) {
  const line = cli('firm', 'list').split('\n').find((l) => l.split('\t')[1] === name)
  assert.ok(line, `firm ${name} in the store`)
  return Number(line.split('\t')[0])
}

/** Types into a question's input and presses Enter (which saves). */
async function answer(fact, text, { enter = true } = {}) {
  const input = await session.find(`${question(fact)} input${byTestId('q-input')}`)
  await input.click()
  // Select-all + delete rather than clear(), which fires no input event for v-model.
  await input.type('\uE009a\uE009\uE017' + text + (enter ? '\uE007' : ''))
  return input
}

async function choose(fact, value) {
  await (await session.find(`${question(fact)} ${byTestId('q-choice')}[data-value="${value}"]`)).click()
}

/** Picks a code in a CodePicker (el-cascader, filterable) by typing part of its name. */
async function pickCode(testId, typed, label) {
  const input = await session.find(inputOf(testId))
  await input.click()
  await input.type(typed)
  // textContent, not WebDriver's text: long names are cut with an ellipsis on screen.
  const index = await waitFor(`a suggestion "${label}"`, () =>
    session.execute(
      `const items = [...document.querySelectorAll('.el-cascader__suggestion-item')]
       const i = items.findIndex(e => e.offsetParent && e.textContent.includes(arguments[0]))
       return i >= 0 ? i + 1 : 0`,
      [label],
    ),
  )
  const item = (await session.findAll('.el-cascader__suggestion-item'))[index - 1]
  await item.click()
}

/** Clicks the first element matching `css` whose text contains `text`. */
async function clickWithText(css, text) {
  const index = await waitFor(`${css} with "${text}"`, () =>
    session.execute(
      `const all = [...document.querySelectorAll(arguments[0])]
       const i = all.findIndex(e => e.textContent.includes(arguments[1]))
       if (i >= 0) all[i].scrollIntoView({ block: 'center' })
       return i + 1`,
      [css, text],
    ),
  )
  await (await session.findAll(css))[index - 1].click()
}

async function openFirm(name) {
  await (await session.find(byTestId('nav-firms'))).click()
  await session.waitForContent(byTestId('firms-table'), (t) => t.includes(name))
  const id = firmId(name)
  await (await session.find(`${byTestId('open-firm')}[data-firm-id="${id}"]`)).click()
  await session.waitForText(byTestId('current-firm'), (t) => t.includes(name))
  return id
}

/** Where the e2e build of the app reads the next file dialog's answer. */
function dialogAnswer() {
  return join(dataDir, 'next-dialog-answer.txt')
}

/** Answers the next native file dialog with `path` (consumed by that dialog). */
function answerDialog(path) {
  writeFileSync(dialogAnswer(), path)
}

before(async () => {
  assert.ok(existsSync(APP), `app binary not found at ${APP}; build it first`)
  mkdirSync(SHOTS, { recursive: true })
  dataDir = mkdtempSync(join(tmpdir(), 'huiqi-e2e-'))
  driver = await startDriver(PORT, { HUIQI_DB: join(dataDir, 'huiqi.db'), HUIQI_E2E_DIALOG_FILE: dialogAnswer() })
  session = await startApp()
  await asFirstLaunch(session)
})

after(async () => {
  await stopDriver(session, driver)
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('Huiqi desktop app', () => {
  test('opens on the empty firm list, in Chinese', async () => {
    const title = await session.waitForText(byTestId('app-title'), (t) => t.length > 0)
    assert.equal(title, '惠企政策自评与申报')
    assert.equal(await session.waitForText(byTestId('page-title'), Boolean), '企业列表')
    const nav = [['firms', '企业列表'], ['profile', '企业信息'], ['questionnaire', '问卷'], ['results', '评估结果'], ['dossier', '申报材料'], ['policies', '政策库']]
    for (const [screen, label] of nav) {
      assert.equal(await session.waitForText(byTestId(`nav-${screen}`), Boolean), label)
    }
    const empty = await session.waitForText(byTestId('firms-empty'), Boolean)
    assert.match(empty, /还没有企业/)
    await shot('01-firm-list-empty')
  })

  test('Chinese falls back to the bundled font, which the app serves', async () => {
    // The platform's Chinese UI face comes first (fast start); the bundled Noto Sans SC is the
    // fallback for machines without one, so it must be in the stack and load from the app.
    const family = await session.execute(
      `return getComputedStyle(document.querySelector('[data-testid="page-title"]')).fontFamily`,
    )
    assert.match(family, /"?Noto Sans SC"?/)
    const loaded = await session.execute(
      `return document.fonts.load('16px "Noto Sans SC"', '惠企申报材料')
         .then(faces => faces.filter(f => f.status === 'loaded').length)`,
    )
    assert.ok(loaded > 0, `no bundled face loaded for Chinese text (got ${loaded})`)
    // The dossier preview's face for rare Extension B characters (U+20270 as in the PDF test)
    // is served too, so a name the PDF prints also shows in the preview.
    const rare = await session.execute(
      `return document.fonts.load('16px "Huiqi Rare Han"', '\u{20270}')
         .then(faces => faces.filter(f => f.status === 'loaded').length)`,
    )
    assert.ok(rare > 0, `the rare-character face did not load (got ${rare})`)
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
    // A new firm opens on its profile; the list is one click away.
    await session.waitForText(byTestId('page-title'), (t) => t === '企业信息')
    await (await session.find(byTestId('nav-firms'))).click()

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
      ['profile', '企业信息'],
      ['policies', '政策库'],
      ['questionnaire', '问卷'],
      ['results', '评估结果'],
      ['dossier', '申报材料'],
      ['claims', '申报记录'],
      ['calendar', '日程'],
      ['firms', '企业列表'],
    ]
    for (const [screen, title] of screens) {
      await (await session.find(byTestId(`nav-${screen}`))).click()
      await session.waitForText(`${byTestId(`${screen}-view`)} ${byTestId('page-title')}`, (t) => t === title)
      if (screen !== 'firms' && screen !== 'policies') await shot(`07-${screen}`)
    }
  })

  test('journey: a Jinan manufacturer answers clause 7, sees 120万元 and saves the dossier', async () => {
    const id = await openFirm(FIRM_NAME)

    // Profile: where the firm is registered and what it makes.
    await (await session.find(byTestId('nav-profile'))).click()
    await pickCode('profile-region', '历下', '历下区')
    await pickCode('profile-industry', 'C34', '通用设备制造业')
    await (await session.find(byTestId('profile-save'))).click()
    await waitFor('the profile to be saved', () => cli('firm', 'show', String(id)).includes('370102'))
    await shot('10-profile')

    // Policy library → the 工业强市 document → clause 7 → its questions.
    await (await session.find(byTestId('nav-policies'))).click()
    await session.waitForContent(byTestId('policies-table'), (t) => t.includes('工业强市'))
    await clickWithText(byTestId('policy-open'), '工业强市')
    const source = await session.waitForContent(byTestId('policy-source'), (t) => t.includes('零门槛'))
    assert.match(source, /实际设备投资额 10% 的奖补/)
    await shot('11-policy-reader')
    await (await session.find(`${byTestId('policy-measure')}[data-measure="${MEASURE}"] ${byTestId('policy-answer')}`)).click()
    await session.waitForText(`${byTestId('questionnaire-view')} ${byTestId('page-title')}`, Boolean)

    // 工业企业 follows from the industry (C34, 制造业) and is not asked; the questionnaire is
    // limited to clause 7, and says so.
    assert.match(await session.waitForText(byTestId('q-filter'), Boolean), /仅所选措施（1 项）/)
    assert.equal((await session.findAll(question('firm.is_industrial'))).length, 0)
    await (await session.find(`${byTestId('add-item')}[data-kind="${PROJECT}"]`)).click()
    await session.find(byTestId('item-card'))
    await choose(`${PROJECT}.track`, 'ordinary')

    // A negative amount is refused next to the field and not stored.
    await answer(`${PROJECT}.equipment_investment`, '-5')
    const refused = await session.waitForText(`${question(`${PROJECT}.equipment_investment`)} ${byTestId('q-error')}`, Boolean)
    assert.match(refused, /项目实际设备投资额/)
    await shot('12-questionnaire-bad-amount')

    await answer(`${PROJECT}.equipment_investment`, '1,200万', { enter: false })
    const preview = await session.waitForText(
      `${question(`${PROJECT}.equipment_investment`)} ${byTestId('q-preview')}`,
      (t) => t.includes('12,000,000.00'),
    )
    assert.match(preview, /12,000,000\.00 元/)
    await answer(`${PROJECT}.equipment_investment`, '1,200万')
    await session.waitForText(`${question(`${PROJECT}.equipment_investment`)} ${byTestId('q-saved')}`, Boolean)

    // A completion date after the assessment date is refused; a past one is kept.
    await answer(`${PROJECT}.completed_on`, '2099-01-01')
    await session.waitForText(`${question(`${PROJECT}.completed_on`)} ${byTestId('q-error')}`, Boolean)
    await answer(`${PROJECT}.completed_on`, '2025年6月30日')
    await session.waitForText(`${question(`${PROJECT}.completed_on`)} ${byTestId('q-saved')}`, Boolean)
    await session.waitForText(byTestId('q-done'), Boolean, 'every question answered')
    await shot('13-questionnaire-done')

    const history = cli('answer', 'history', String(id))
    assert.match(history, /equipment_investment\t1,200万/)
    assert.doesNotMatch(history, /\t-5$/m, 'the refused amount was not stored')
    assert.doesNotMatch(history, /2099/, 'the refused date was not stored')

    // Results for the support year of the assessment date (this year): the project was
    // completed in 2025, so it belongs to the 2025 claim and nothing counts for this year.
    await (await session.find(byTestId('q-to-results'))).click()
    const otherYear = await session.waitForText(
      `${byTestId('outcome')}[data-measure="${MEASURE}"] ${byTestId('outcome-other-year')}`,
      Boolean,
    )
    assert.match(otherYear, /2025/)
    await shot('14a-results-other-year')

    // The 2025 support year, chosen beside the date: 10% × 1,200万元 = 120万元.
    await (await session.find(byTestId('support-year'))).click()
    // The option is clicked in the page: a WebDriver click can land on the popper's edge.
    await waitFor('the 2025 option', () =>
      session.execute(
        `const o = [...document.querySelectorAll('.el-select-dropdown__item')]
           .find(e => e.offsetParent && e.textContent.includes('2025 年度'))
         if (o) o.click()
         return !!o`,
      ),
    )
    await session.waitForText(byTestId('results-year'), (t) => t.includes('2025'))
    const amount = await session.waitForText(
      `${byTestId('outcome')}[data-measure="${MEASURE}"] ${byTestId('outcome-amount')}`,
      Boolean,
    )
    assert.match(amount, /1,200,000\.00/)
    assert.match(await session.waitForText(byTestId('results-total-exact'), Boolean), /1,200,000\.00/)
    await session.find(`${byTestId('results-chart')} canvas, ${byTestId('results-chart')} svg`)
    await shot('14-results')

    // Dossier: preview the pages, then save through the (answered) save dialog.
    await (await session.find(`${byTestId('outcome')}[data-measure="${MEASURE}"] ${byTestId('outcome-dossier')}`)).click()
    await (await session.find(byTestId('dossier-preview-button'))).click()
    await waitFor('the preview pages', async () => (await session.findAll(byTestId('dossier-page'))).length >= 4, 30000)
    await session.execute(`document.querySelector('[data-testid="dossier-page"]').scrollIntoView()`)
    await shot('15-dossier-preview')
    const pdf = join(dataDir, '申报材料.pdf')
    answerDialog(pdf)
    await (await session.find(byTestId('dossier-save'))).click()
    await session.waitForText(byTestId('dossier-saved'), Boolean)
    assert.ok(existsSync(pdf), 'the PDF was written where the dialog said')
    assert.equal(readFileSync(pdf).subarray(0, 4).toString(), '%PDF')
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
    assert.ok(text.includes(FIRM_NAME), 'the firm name is printed')
    assert.match(text, /申请金额：1,200,000\.00 元/)
    assert.match(text, /壹佰贰拾万元整/)
  })

  test('claims: the saved dossier is a submitted claim, and a received award is recorded', async () => {
    const id = await openFirm(FIRM_NAME)
    await (await session.find(byTestId('nav-claims'))).click()
    // Saving the dossier (previous test) recorded clause 7a as submitted for this year.
    await session.waitForContent(byTestId('claims-table'), (t) => t.includes('普通技术改造项目设备投资奖补') && t.includes('已申报'))

    // An award the firm already received last year, typed in as paid.
    await (await session.find(byTestId('claims-add'))).click()
    await (await session.find(byTestId('claim-form-measure'))).click()
    // Clicked in the page: other selects' options (the support year's) share the class.
    await waitFor(`the option ${MEASURE}`, () =>
      session.execute(
        `const o = [...document.querySelectorAll('.el-select-dropdown__item')]
           .find(e => e.offsetParent && e.textContent.includes(arguments[0]))
         if (o) { o.scrollIntoView({ block: 'center' }); o.click() }
         return !!o`,
        [`（${MEASURE}）`],
      ),
    )
    const year = await session.find(inputOf('claim-form-year'))
    await year.click()
    await year.type('\uE009a\uE009\uE017' + '2025' + '\uE004')
    const amount = await session.find(inputOf('claim-form-amount'))
    await amount.click()
    await amount.type('300万')
    const ref = await session.find(inputOf('claim-form-reference'))
    await ref.click()
    await ref.type('济财企指〔2025〕3号')
    await shot('16-claims-add')
    await (await session.find(byTestId('claim-form-save'))).click()
    await session.waitForContent(byTestId('claims-table'), (t) => t.includes('3,000,000.00 元') && t.includes('已拨付'))
    await shot('17-claims')

    // The dossier was saved for the 2025 support year chosen in the header: its claim is a
    // 2025 claim, beside the paid award just recorded.
    const stored = JSON.parse(cli('claim', 'list', String(id), '--year', '2025', '--json'))
    const paid = stored.filter((c) => c.state === 'paid')
    assert.equal(paid.length, 1)
    assert.equal(paid[0].measure, MEASURE)
    assert.equal(paid[0].amount, '3000000')
    assert.equal(paid[0].reference, '济财企指〔2025〕3号')
    assert.ok(stored.some((c) => c.state === 'submitted' && c.measure === MEASURE), 'the dossier claim is for 2025')

    // The results for 2025 now show what was already claimed or received: 120万 submitted
    // with the dossier + 300万 paid = 4,200,000.00 元.
    await (await session.find(byTestId('nav-results'))).click()
    const received = await session.waitForText(byTestId('results-total-received'), (t) => t.includes('4,200,000.00'))
    assert.match(received, /4,200,000\.00/)
    await shot('18-results-received')
  })

  test('bad input: each message appears and nothing wrong is stored', async () => {
    const id = firmId(FIRM_NAME)
    const before = cli('answer', 'history', String(id))

    // A credit code with a wrong check character cannot be saved on the profile.
    await (await session.find(byTestId('nav-profile'))).click()
    const code = await session.find(inputOf('profile-credit-code'))
    await code.click()
    await code.type('\uE009a\uE009\uE017' + BAD_CODE)
    const message = await session.waitForText(byTestId('profile-credit-code-error'), (t) => /校验码/.test(t))
    assert.match(message, /第 18 位/)
    await (await session.find(byTestId('profile-save'))).click()
    await sleep(500)
    assert.match(cli('firm', 'show', String(id)), new RegExp(VALID_CODE), 'the stored code is unchanged')
    await shot('20-profile-bad-code')

    // Text that is no amount at all.
    // Leaving the profile with the refused code asks first; "不保存" drops the edit.
    await (await session.find(byTestId('nav-questionnaire'))).click()
    await clickWithText('.el-message-box__btns button', '不保存')
    await answer(`${PROJECT}.equipment_investment`, 'abc')
    const error = await session.waitForText(`${question(`${PROJECT}.equipment_investment`)} ${byTestId('q-error')}`, Boolean)
    assert.ok(error.length > 4, error)
    await sleep(1500) // longer than the autosave delay
    assert.equal(cli('answer', 'history', String(id)), before, 'nothing new was stored')

    // An import file that is not ours.
    await (await session.find(byTestId('nav-firms'))).click()
    const notOurs = join(dataDir, 'not-ours.json')
    writeFileSync(notOurs, '{"hello": "world"}')
    answerDialog(notOurs)
    await (await session.find(byTestId('import-firm'))).click()
    const dialog = await session.waitForContent('.el-message-box, .el-dialog', (t) => /惠企|导出/.test(t))
    assert.ok(dialog.length > 0)
    await shot('21-import-not-ours')
    assert.equal(cli('firm', 'list').trim().split('\n').length, 1, 'no firm was added')
  })

  test('consultant: two firms, switching keeps each one\'s answers', async () => {
    await session.execute('document.querySelectorAll(".el-message-box__btns button, .el-dialog__headerbtn").forEach(b => b.click())')
    await (await session.find(byTestId('nav-firms'))).click()
    await (await session.find(byTestId('create-firm'))).click()
    const name = await session.find(inputOf('firm-name'))
    await waitFor('the create dialog to open', () => name.visible())
    await name.type(SECOND_FIRM)
    await (await session.find(byTestId('firm-submit'))).click()
    await waitFor('the second firm in the store', () => cli('firm', 'list').includes(SECOND_FIRM))

    // The first firm's filter (clause 7, from the policy library) does not follow the user.
    await openFirm(SECOND_FIRM)
    await session.find(byTestId('q-progress'))
    assert.equal((await session.findAll(byTestId('q-filter'))).length, 0, 'no filter inherited')
    assert.doesNotMatch(await session.waitForText(byTestId('q-progress-text'), Boolean), /还有 0 项待答/)
    await choose('firm.is_industrial', '否')
    await waitFor('the answer stored', () => /is_industrial\t否/.test(cli('answer', 'history', String(firmId(SECOND_FIRM)))))
    await shot('30-second-firm')

    const checked = async (fact) =>
      session.execute(
        `const el = document.querySelector('${question(fact)} ${byTestId('q-choice')}.is-active');
         return el ? el.getAttribute('data-value') : null`,
      )
    await openFirm(FIRM_NAME)
    await waitFor('the first firm\'s answer', async () => (await checked(`${PROJECT}.track`)) === 'ordinary')
    // Its own filter is still its own; one click shows every question again.
    await session.waitForText(byTestId('q-filter'), (t) => t.includes('仅所选措施'))
    await shot('32-first-firm-filtered')
    await (await session.find(byTestId('q-filter-clear'))).click()
    await waitFor('the filter gone', async () => (await session.findAll(byTestId('q-filter'))).length === 0)
    await openFirm(SECOND_FIRM)
    await waitFor('the second firm\'s answer', async () => (await checked('firm.is_industrial')) === '否')
    assert.equal((await session.findAll(byTestId('q-filter'))).length, 0)
    await (await session.find(byTestId('nav-firms'))).click()
    await shot('31-two-firms')
  })

  test('batch results export as an Excel workbook that reads back, and a row opens the firm', async () => {
    await (await session.find(byTestId('nav-firms'))).click()
    await session.waitForContent(byTestId('firms-table'), (t) => t.includes(SECOND_FIRM))
    // Clicked in the page: WebDriver finds the toolbar button before it can take a click.
    await waitFor('the batch button', () =>
      session.execute(
        `const b = document.querySelector('[data-testid="batch-assess"]')
         if (b && b.offsetParent && !b.disabled) { b.click(); return true }
         return false`,
      ),
    )
    const done = await session.waitForText(byTestId('batch-done'), Boolean, 'the batch finished')
    assert.match(done, /已评估 2 家企业/)
    // The table fits the dialog: its right edge (with 查看结果) is inside the dialog's.
    const fits = await session.execute(
      `const d = document.querySelector('[data-testid="batch-progress"]').getBoundingClientRect()
       const b = document.querySelector('[data-testid="batch-open-results"]').getBoundingClientRect()
       return b.right <= d.right && b.width > 0`,
    )
    assert.ok(fits, 'the row action is visible inside the dialog')
    await shot('33-batch-results')

    const xlsx = join(dataDir, '批量评估.xlsx')
    answerDialog(xlsx)
    await (await session.find(byTestId('batch-export-xlsx'))).click()
    await waitFor('the workbook written', () => existsSync(xlsx))
    const unzip = (part) => execFileSync('unzip', ['-p', xlsx, part], { encoding: 'utf8' })
    const workbook = unzip('xl/workbook.xml')
    assert.match(workbook, /name="汇总"/)
    assert.match(workbook, /name="明细"/)
    assert.match(workbook, /name="日程"/)
    const strings = unzip('xl/sharedStrings.xml')
    assert.ok(strings.includes(FIRM_NAME) && strings.includes(SECOND_FIRM), 'both firms in the workbook')

    const csv = join(dataDir, '批量评估.csv')
    answerDialog(csv)
    await (await session.find(byTestId('batch-export-csv'))).click()
    await waitFor('the CSV written', () => existsSync(csv))
    assert.match(readFileSync(csv, 'utf8'), /^\uFEFF?企业名称,可申请措施数/)

    // A click on the row opens that firm's results.
    await waitFor('the row clicked', () =>
      session.execute(
        `const row = [...document.querySelectorAll('[data-testid="batch-results"] tbody tr')]
           .find(r => r.textContent.includes(arguments[0]))
         if (row) row.querySelector('td').click()
         return !!row`,
        [SECOND_FIRM],
      ),
    )
    await session.waitForText(byTestId('current-firm'), (t) => t.includes(SECOND_FIRM))
    await session.find(byTestId('results-view'))
  })

  test('calendar: every firm\'s dates, the same as the command line, exported as .ics', async () => {
    await (await session.find(byTestId('nav-calendar'))).click()
    await session.find(byTestId('calendar-view'))
    await waitFor('all firms chosen', () =>
      session.execute(
        `const b = document.querySelector('[data-testid="calendar-scope-all"] input')
         if (b) b.click()
         return !!b`,
      ),
    )
    // The same date and support year as the header, whatever the clock says today.
    // The header's date field (Element Plus keeps the test id off its input).
    const asOf = await session.execute(`return document.querySelector('label.as-of input').value`)
    const yearText = await session.execute(`return document.querySelector('[data-testid="support-year"]').textContent`)
    const year = yearText.match(/\d{4}/)[0]
    const expected = [FIRM_NAME, SECOND_FIRM].flatMap((name) =>
      JSON.parse(cli('calendar', '--firm-id', String(firmId(name)), '--as-of', asOf, '--year', year, '--json')),
    )
    const shown = () =>
      session.execute(`return [...document.querySelectorAll('[data-testid="calendar-date"]')].map(e => e.textContent.trim())`)
    await waitFor('the calendar rows', async () => (await shown()).length === expected.length).catch(async (e) => {
      throw new Error(`${e.message}: ${JSON.stringify({ expected: expected.map((x) => x.date), shown: await shown() })}`)
    })
    const dates = await shown()
    assert.deepEqual([...dates].sort(), expected.map((e) => e.date).sort(), 'the dates the command line gives')
    assert.deepEqual(dates, [...dates].sort(), 'earliest first')
    await shot('34-calendar')
    if (expected.length) {
      const ics = join(dataDir, '日程.ics')
      answerDialog(ics)
      await (await session.find(byTestId('calendar-export'))).click()
      await waitFor('the calendar written', () => existsSync(ics))
      const text = readFileSync(ics, 'utf8')
      assert.match(text, /^BEGIN:VCALENDAR\r\n/)
      assert.equal(text.split('BEGIN:VEVENT').length - 1, expected.length)
    }
  })

  test('at 960 px wide, in English, row actions and wide tables stay on screen', async () => {
    await session.setWindowSize(960, 700)
    await waitFor('a 960 px window', async () => (await session.execute('return window.innerWidth')) <= 960)
    await (await session.find(byTestId('lang-en'))).click()
    // The firm with claims, so that the ledger has rows with actions.
    await openFirm(FIRM_NAME)
    // What is cut off: a table's buttons or links outside the window or outside the table's
    // own visible box, a table that scrolls sideways, and a page wider than the window.
    const cutOff = () =>
      session.execute(`
        const out = []
        const w = document.documentElement.clientWidth
        if (document.scrollingElement.scrollWidth > w + 1) out.push('page scrolls sideways: ' + document.scrollingElement.scrollWidth)
        for (const table of document.querySelectorAll('.el-table')) {
          if (!table.offsetParent) continue
          const box = table.getBoundingClientRect()
          const wrap = table.querySelector('.el-table__body-wrapper .el-scrollbar__wrap')
          if (wrap && wrap.scrollWidth > wrap.clientWidth + 1) out.push('a table scrolls sideways: ' + wrap.scrollWidth + ' > ' + wrap.clientWidth)
          for (const b of table.querySelectorAll('.el-table__body button, .el-table__body a')) {
            const r = b.getBoundingClientRect()
            if (!b.offsetParent || r.width === 0) continue
            if (r.right > Math.min(w, box.right) + 1 || r.left < box.left - 1) out.push(b.textContent.trim() + ' at ' + Math.round(r.left) + '–' + Math.round(r.right))
          }
        }
        return out`)
    try {
      for (const [screen, title] of [
        ['firms', 'Firms'],
        ['results', 'Results'],
        ['claims', 'Claims'],
        ['calendar', 'Calendar'],
        ['policies', 'Policies'],
      ]) {
        await (await session.find(byTestId(`nav-${screen}`))).click()
        await session.waitForText(`${byTestId(`${screen}-view`)} ${byTestId('page-title')}`, (t) => t === title)
        await shot(`40-960-en-${screen}`)
        assert.deepEqual(await cutOff(), [], `${screen} at 960 px`)
      }
    } finally {
      await (await session.find(byTestId('lang-zh'))).click()
      await session.setWindowSize(1280, 900)
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
