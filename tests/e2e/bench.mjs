// Desktop benchmark (not a test): cold start to the first interactive screen, and memory
// with 100 firms in the store. Run under Xvfb with the built app, tauri-driver and the CLI:
//
//   HUIQI_APP=target/release/huiqi-desktop HUIQI_CLI=target/release/huiqi \
//     xvfb-run -a node tests/e2e/bench.mjs
//
// "Start" is measured from asking tauri-driver for a session (which launches the app) to the
// moment the firm list is drawn and a click would be handled, read from the page's own mark
// `huiqi:firms-interactive` (set in the first task after the frame that drew the rows; its
// absolute time is performance.timeOrigin + the mark, on the same clock as this script). The
// time at which polling over WebDriver first saw the rows is reported too: it adds the polling
// interval and the round trips, so it is an upper bound. Memory is VmRSS from /proc for the app
// process and, separately, for the whole tree (WebKit runs the page in child processes).

import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Session, stopDriver, waitFor } from './webdriver.mjs'

const ROOT = resolve(import.meta.dirname, '../..')
const APP = resolve(process.env.HUIQI_APP ?? join(ROOT, 'target/release/huiqi-desktop'))
const CLI = resolve(process.env.HUIQI_CLI ?? join(ROOT, 'target/release/huiqi'))
const PORT = Number(process.env.TAURI_DRIVER_PORT ?? 4446)
const SERVER = `http://127.0.0.1:${PORT}`
const RUNS = Number(process.env.RUNS ?? 5)

function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
}

/** Proportional set size: shared pages split between the processes that map them, so a sum
 *  over the app and its WebKit helpers does not count shared libraries several times. */
function pssKiB(pid) {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
    return Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0)
  } catch {
    return 0
  }
}

function children(pid) {
  const out = []
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid === pid) out.push(Number(p))
    } catch {
      // the process ended while we looked
    }
  }
  return out
}

function tree(pid) {
  return [pid, ...children(pid).flatMap(tree)]
}

function appPid() {
  const out = execFileSync('pgrep', ['-f', '-n', APP], { encoding: 'utf8' }).trim()
  return Number(out.split('\n').pop())
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const dataDir = mkdtempSync(join(tmpdir(), 'huiqi-bench-'))
const db = join(dataDir, 'huiqi.db')
// 100 firms, each with a few answers, through the CLI (the same store code as the app).
const rows = ['企业名称,所在地区,所属行业']
for (let i = 1; i <= 100; i++) rows.push(`济南测试企业${String(i).padStart(3, '0')}有限公司,370102,C34`)
writeFileSync(join(dataDir, 'firms.csv'), rows.join('\n'))
execFileSync(CLI, ['--db', db, 'firm', 'import-csv', join(dataDir, 'firms.csv')])
for (let i = 1; i <= 100; i++) {
  execFileSync(CLI, ['--db', db, 'answer', 'set', String(i), 'firm.is_industrial', '是'])
  execFileSync(CLI, ['--db', db, 'answer', 'set', String(i), 'firm.revenue_last_year', `${1000 + i}万`])
}

const driver = spawn(process.env.TAURI_DRIVER ?? 'tauri-driver', ['--port', String(PORT), '--native-port', String(PORT + 1)], {
  // --native-port: the default (4445) would clash with a parallel e2e run's driver.
  env: { ...process.env, HUIQI_DB: db },
  stdio: ['ignore', 'ignore', 'inherit'],
  // Its own process group, for stopDriver (webdriver.mjs) to stop everything it started.
  detached: true,
})
try {
  await waitFor('tauri-driver', async () => (await fetch(`${SERVER}/status`)).ok, 20000)
  const starts = []
  const shownAt = []
  const perProcess = []
  const launches = []
  const inPage = []
  let appRss = 0
  let treeRss = 0
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now()
    const t0Epoch = Date.now()
    const session = await Session.start(SERVER, { browserName: 'wry', 'tauri:options': { application: APP } })
    launches.push(performance.now() - t0)
    await waitFor(
      'the firm list',
      () => session.execute('return document.querySelectorAll(\'[data-testid="firms-table"] tbody tr\').length'),
      30000,
    )
    starts.push(performance.now() - t0)
    // The page's own clock: from navigation start to now (the list is on screen).
    const names = ['huiqi:script', 'huiqi:mounted', 'huiqi:firms-shown', 'huiqi:firms-interactive']
    const [origin, script, mounted, shown, interactive] = await waitFor('the page marks', async () => {
      const marks = await session.execute(
        `return [performance.timeOrigin, ...${JSON.stringify(names)}.map((n) => performance.getEntriesByName(n)[0]?.startTime ?? null)]`,
      )
      return marks.every((m) => m !== null) && marks
    })
    shownAt.push(origin + interactive - t0Epoch)
    inPage.push({ script, mounted, shown, interactive })
    // Open a firm, then its results (the heaviest screen: the assessment and its chart), let
    // the page settle, and measure.
    await session.execute('document.querySelector(\'[data-testid="open-firm"]\')?.click()')
    await new Promise((r) => setTimeout(r, 1000))
    await session.execute('document.querySelector(\'[data-testid="nav-results"]\')?.click()')
    await waitFor('the results', () => session.execute('return !!document.querySelector(\'[data-testid="results-view"]\')'), 20000)
    await new Promise((r) => setTimeout(r, 2000))
    const pid = appPid()
    appRss = Math.max(appRss, rssKiB(pid))
    treeRss = Math.max(treeRss, tree(pid).reduce((sum, p) => sum + pssKiB(p), 0))
    if (run === RUNS - 1) {
      for (const p of tree(pid)) {
        const name = readFileSync(`/proc/${p}/comm`, 'utf8').trim()
        perProcess.push(`${name} RSS ${(rssKiB(p) / 1024).toFixed(1)} MiB, PSS ${(pssKiB(p) / 1024).toFixed(1)} MiB`)
      }
    }
    await session.end()
  }
  const ms = (xs) => xs.map((x) => x.toFixed(0)).join(', ')
  const pageMedian = (key) => median(inPage.map((p) => p[key])).toFixed(0)
  console.log(`cold start to the drawn, interactive firm list (100 firms), ${RUNS} runs: median ${median(shownAt).toFixed(0)} ms, all ${ms(shownAt)} ms`)
  console.log(`  seen by WebDriver polling (upper bound): median ${median(starts).toFixed(0)} ms, all ${ms(starts)} ms`)
  console.log(`  WebDriver session + process launch + window: median ${median(launches).toFixed(0)} ms`)
  console.log(`  page clock (from navigation start): script runs ${pageMedian('script')} ms, app mounted ${pageMedian('mounted')} ms, rows in the DOM ${pageMedian('shown')} ms, drawn and interactive ${pageMedian('interactive')} ms`)
  console.log(`memory with 100 firms, results screen open: app process RSS ${(appRss / 1024).toFixed(1)} MiB; app + WebKit processes PSS ${(treeRss / 1024).toFixed(1)} MiB`)
  console.log(`  last run, by process: ${perProcess.join('; ')}`)
} finally {
  await stopDriver(null, driver)
  rmSync(dataDir, { recursive: true, force: true })
}
