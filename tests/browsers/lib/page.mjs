// What a test does with a page over WebDriver, in the buyer's terms: find a
// heading, a button or a status by what it says, wait until the app can act
// on it, click it. WebDriver has no accessibility-tree queries that all three
// engines share, so elements are found by their role's tags and their text
// (an element's aria-label, else its text), in the current browsing context.
//
// Every wait that times out says what the page showed instead (its headings,
// status and alerts), so a failure reads as what the buyer would have seen.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const ROLES = {
  heading: 'h1, h2, h3, h4, h5, h6, [role="heading"]',
  h1: 'h1',
  button: 'button, [role="button"], input[type="submit"], input[type="button"]',
  link: 'a[href]',
  status: '[role="status"], output',
  alert: '[role="alert"]',
  text: 'p, li, span, strong, div, td, dd, dt, label, h1, h2, h3',
};

/**
 * In the page: the first visible element of `selector` whose name matches
 * (exact string after trimming and collapsing spaces, or a regex source), and
 * what the page shows, for the error message.
 */
const FIND = `
const [selector, text, isRegex, flags, needEnabled] = arguments;
const norm = (s) => (s || '').replace(/\\s+/g, ' ').trim();
const nameOf = (e) => norm(e.getAttribute('aria-label') || e.innerText || e.textContent || e.value);
const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
const re = isRegex ? new RegExp(text, flags) : null;
const matches = (n) => (re ? re.test(n) : n === text);
for (const e of document.querySelectorAll(selector)) {
  if (!visible(e) || !matches(nameOf(e))) continue;
  if (needEnabled && (e.disabled || e.getAttribute('aria-busy') === 'true' || e.getAttribute('aria-disabled') === 'true')) {
    return { found: null, why: 'there but not enabled yet: ' + nameOf(e) };
  }
  return { found: e };
}
const shown = [];
for (const e of document.querySelectorAll('h1, h2, [role="status"], [role="alert"], button')) {
  if (visible(e) && nameOf(e)) shown.push(e.tagName.toLowerCase() + (e.getAttribute('role') ? '[' + e.getAttribute('role') + ']' : '') + ' "' + nameOf(e).slice(0, 120) + '"');
}
return { found: null, why: 'the page (' + location.href.replace(/#.*/, '') + ') shows: ' + (shown.join('; ') || '(nothing)') };
`;

const describeText = (text) => (text instanceof RegExp ? String(text) : JSON.stringify(text));

/** The WebElement of `role` named `text` (string: exact; RegExp: matches), once visible (and enabled). */
export async function find(driver, role, text, { timeout = 15_000, enabled = false } = {}) {
  const selector = ROLES[role] ?? role;
  const isRegex = text instanceof RegExp;
  const args = [selector, isRegex ? text.source : text, isRegex, isRegex ? text.flags : '', enabled];
  const until = Date.now() + timeout;
  let why = '';
  for (;;) {
    try {
      const { found, why: w } = await driver.executeScript(FIND, ...args);
      if (found) return found;
      why = w;
    } catch (e) {
      // A navigation in flight: the script's document went away under it.
      why = `the page did not answer (${e.name}: ${e.message.split('\n')[0]})`;
    }
    if (Date.now() > until) throw new Error(`no ${role} ${describeText(text)}${enabled ? ' (enabled)' : ''} within ${timeout} ms; ${why}`);
    await driver.sleep(150);
  }
}

/** Waits until `role` named `text` is visible. */
export const see = (driver, role, text, opts) => find(driver, role, text, opts);

/** The element's box in its document's viewport, and whether all of it is inside that viewport. */
const place = (driver, element) =>
  driver.executeScript(
    `const r = arguments[0].getBoundingClientRect();
     return { box: [r.x, r.y, r.width, r.height].join(), inside: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth };`,
    element,
  );

/**
 * Clicks the button (or link) named `text` once it is enabled, it is
 * in view and it stands still. WebDriver scrolls an element into view and
 * clicks the point where it found it: if the layout moves in between, the
 * click lands beside it. Seen in WebKit: in the shop's iframe, below the
 * frame's first 640 px, the frame grew (the embed library follows the
 * checkout's height) between that scroll and the click, and the Link click
 * was lost. Playwright waits for the same (its "stable" check).
 */
export async function click(driver, role, text, opts = {}) {
  // The service's painted page works before the app, which then renders the same
  // button in its place: one found just before that is gone, so it is found again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await clickOnce(driver, role, text, opts);
    } catch (e) {
      if (e.name !== 'StaleElementReferenceError' || attempt === 5) throw e;
    }
  }
}

async function clickOnce(driver, role, text, opts) {
  const element = await find(driver, role, text, { enabled: true, ...opts });
  let last = '';
  for (let i = 0; i < 30; i++) {
    const now = await place(driver, element);
    if (!now.inside) await driver.executeScript(`arguments[0].scrollIntoView({ block: 'center' });`, element);
    else if (now.box === last) break;
    last = now.inside ? now.box : '';
    await driver.sleep(100);
  }
  await element.click();
  return element;
}

/**
 * The heights an iframe (found by `css` in the current document) takes over
 * `ms`, sampled every 250 ms: the embed library sets it from the checkout's
 * resize messages.
 */
export async function frameHeights(driver, css, ms = 3000) {
  const heights = [];
  for (let t = 0; t <= ms; t += 250) {
    heights.push(await driver.executeScript('const f = document.querySelector(arguments[0]); return f ? Math.round(f.getBoundingClientRect().height) : -1;', css));
    await driver.sleep(250);
  }
  return heights;
}

/** Polls `fn` until it returns a truthy value; fails with `what()` after `timeout`. */
export async function until(driver, fn, what, timeout = 15_000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = `${e.name}: ${e.message.split('\n')[0]}`;
    }
    if (Date.now() > end) throw new Error(`${typeof what === 'function' ? await what(last) : what} (after ${timeout} ms; last: ${JSON.stringify(last)})`);
    await driver.sleep(150);
  }
}

/** The visible text of every `li` under `selector` (the shop's event list). */
export function listItems(driver, selector) {
  return driver.executeScript(`return Array.from(document.querySelectorAll(arguments[0])).map((e) => e.textContent.trim());`, selector);
}

/** Switches into the iframe found by `css` (in the current context), once it is there. */
export async function enterFrame(driver, css, timeout = 15_000) {
  const frame = await until(driver, () => driver.executeScript(`return document.querySelector(arguments[0]);`, css), `no frame ${css}`, timeout);
  await driver.switchTo().frame(frame);
}

/** Waits for a window that is not in `known`, and returns its handle. */
export async function newWindow(driver, known, timeout = 15_000) {
  return until(
    driver,
    async () => (await driver.getAllWindowHandles()).find((h) => !known.includes(h)),
    'no new tab or window opened',
    timeout,
  );
}

/** Back to one window, on its top document: closes every other window. */
export async function onlyWindow(driver, keep) {
  for (const handle of await driver.getAllWindowHandles()) {
    if (handle === keep) continue;
    await driver.switchTo().window(handle);
    await driver.close();
  }
  await driver.switchTo().window(keep);
  await driver.switchTo().defaultContent();
}

/**
 * What a buyer would see as broken layout at the page's current width: the page
 * scrolls sideways, or a button, link, picker or label cuts its own text
 * (the same checks as tests/e2e/specs/helpers.ts `layoutFaults`).
 */
export function layoutFaults(driver) {
  return driver.executeScript(`
    const faults = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) {
      faults.push('the page is ' + root.scrollWidth + 'px wide in a ' + root.clientWidth + 'px window');
    }
    const name = (e) => e.tagName.toLowerCase() + ' "' + (e.textContent || '').trim().slice(0, 40) + '"';
    for (const e of document.querySelectorAll('button, a, select, label, h1, h2, legend, .wallet-name, .wallet-state, strong')) {
      const box = e.getBoundingClientRect();
      if (box.width === 0 || getComputedStyle(e).visibility === 'hidden') continue;
      if (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0) faults.push(name(e) + ' cuts its text (' + e.scrollWidth + 'px in ' + e.clientWidth + 'px)');
      if (box.right > root.clientWidth + 1 || box.left < -1) faults.push(name(e) + ' sticks out of the window');
    }
    return faults;`);
}

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's WCAG 2.1 A/AA rules on the current document. axe is injected
 * with executeScript, which the page's CSP does not govern in any of the three
 * engines (the page's own CSP forbids injected <script> elements, rightly).
 */
export async function axeViolations(driver) {
  const loaded = await driver.executeScript(`${axeSource}\n;if (typeof axe !== 'undefined') window.axe = axe; return typeof window.axe;`);
  if (loaded !== 'object') throw new Error(`axe-core did not load (typeof axe: ${loaded})`);
  const result = await driver.executeAsyncScript(`
    const done = arguments[arguments.length - 1];
    window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }).then(
      (r) => done({ violations: r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')), passes: r.passes.length }),
      (e) => done({ error: String(e) }),
    );`);
  if (result.error) throw new Error(`axe-core failed: ${result.error}`);
  return result;
}

/** A screenshot into the results folder (best effort: a failing test's picture must not hide its error). */
export async function screenshot(driver, dir, name) {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.png`), await driver.takeScreenshot(), 'base64');
  } catch {
    // nothing to add
  }
}
