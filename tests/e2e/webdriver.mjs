// A small W3C WebDriver client over fetch: just what the end-to-end tests use, so the
// suite needs no browser-automation package (and nothing that downloads drivers).

import { spawn } from 'node:child_process'

const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf'

async function call(url, method, body) {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const json = await response.json()
  if (!response.ok || json.value?.error) {
    const err = json.value ?? {}
    throw new Error(`${method} ${url}: ${err.error ?? response.status}: ${err.message ?? ''}`)
  }
  return json.value
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Retries `probe` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor(what, probe, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs
  let lastError
  while (Date.now() < deadline) {
    try {
      const value = await probe()
      if (value) return value
    } catch (e) {
      lastError = e
    }
    await sleep(150)
  }
  throw new Error(`timed out waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}`)
}

export class Session {
  static async start(serverUrl, capabilities) {
    const value = await call(`${serverUrl}/session`, 'POST', {
      capabilities: { alwaysMatch: capabilities },
    })
    return new Session(`${serverUrl}/session/${value.sessionId}`)
  }

  constructor(base) {
    this.base = base
  }

  end() {
    return call(this.base, 'DELETE')
  }

  /** The element for `css`, waiting until it exists. */
  async find(css, timeoutMs) {
    const found = await waitFor(`element ${css}`, async () => {
      const list = await call(`${this.base}/elements`, 'POST', { using: 'css selector', value: css })
      return list[0]
    }, timeoutMs)
    return new Element(this, found[ELEMENT_KEY])
  }

  async findAll(css) {
    const list = await call(`${this.base}/elements`, 'POST', { using: 'css selector', value: css })
    return list.map((e) => new Element(this, e[ELEMENT_KEY]))
  }

  /** Waits until the element for `css` shows text satisfying `predicate`; returns the text. */
  async waitForText(css, predicate, what = css) {
    let last = ''
    try {
      return await waitFor(`text of ${what}`, async () => {
        last = await (await this.find(css, 1000)).text()
        return predicate(last) ? last : null
      })
    } catch (e) {
      await this.onTimeout?.(what)
      throw new Error(`${e.message}; last text seen: ${JSON.stringify(last)}`)
    }
  }

  /**
   * Like waitForText, but reads the DOM's textContent: WebKitWebDriver's element text
   * drops most cells of Element Plus tables (fixed-layout, split header/body tables).
   */
  async waitForContent(css, predicate, what = css) {
    let last = ''
    try {
      return await waitFor(`content of ${what}`, async () => {
        last = await this.execute('return document.querySelector(arguments[0])?.textContent ?? ""', [css])
        return predicate(last) ? last : null
      })
    } catch (e) {
      await this.onTimeout?.(what)
      throw new Error(`${e.message}; last content seen: ${JSON.stringify(last)}`)
    }
  }

  execute(script, args = []) {
    return call(`${this.base}/execute/sync`, 'POST', { script, args })
  }

  /** Resizes the window (W3C Set Window Rect). */
  setWindowSize(width, height) {
    return call(`${this.base}/window/rect`, 'POST', { width, height })
  }

  /** PNG bytes of the whole window. */
  async screenshot() {
    return Buffer.from(await call(`${this.base}/screenshot`, 'GET'), 'base64')
  }
}

export class Element {
  constructor(session, id) {
    this.url = `${session.base}/element/${id}`
  }

  /** Clicks like a person: if an overlay is still fading out over the element, try again. */
  async click() {
    const deadline = Date.now() + 5000
    for (;;) {
      try {
        return await call(`${this.url}/click`, 'POST', {})
      } catch (e) {
        if (!/click intercepted/.test(e.message) || Date.now() > deadline) throw e
        await sleep(200)
      }
    }
  }

  type(text) {
    return call(`${this.url}/value`, 'POST', { text })
  }

  clear() {
    return call(`${this.url}/clear`, 'POST', {})
  }

  text() {
    return call(`${this.url}/text`, 'GET')
  }

  async visible() {
    return call(`${this.url}/displayed`, 'GET')
  }
}

/** Starts tauri-driver on `port`, its native driver on the next port (so two suites, or two
 *  checkouts, can run at once), with `env` added to the environment: the app reads HUIQI_DB,
 *  and an e2e build answers its next file dialog from HUIQI_E2E_DIALOG_FILE; tauri-driver and
 *  WebKitWebDriver pass the environment on. Resolves once the driver listens. */
export async function startDriver(port, env) {
  const driver = spawn(process.env.TAURI_DRIVER ?? 'tauri-driver', ['--port', String(port), '--native-port', String(port + 1)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
    // A process group of its own, so that `stopDriver` stops everything it started.
    detached: true,
  })
  await waitFor('tauri-driver to listen', async () => (await fetch(`http://127.0.0.1:${port}/status`)).ok, 20000)
  return driver
}

/** Ends `session` and stops tauri-driver with every process it started (WebKitWebDriver, the
 *  app, WebKit's helpers): the whole process group. Killing the driver alone once left an app
 *  whose session had not closed it running after its suite, holding the test runner's output
 *  open, and the run never ended. */
export async function stopDriver(session, driver) {
  await session?.end().catch(() => {})
  if (!driver?.pid) return
  try {
    process.kill(-driver.pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}

/** The webview keeps localStorage (the chosen language) in the user's profile, outside
 *  HUIQI_DB: reload the page with it cleared, so that every run starts as a first launch. */
export async function asFirstLaunch(session) {
  await session.execute('localStorage.clear(); window.__huiqiOldPage = true; location.reload()')
  await waitFor('the reloaded page', () =>
    session.execute('return !window.__huiqiOldPage && !!document.querySelector(\'[data-testid="app-title"]\')'),
  )
}
