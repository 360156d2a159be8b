// Page speed of our checkout, of Adyen's Drop-in and of the floor page (the
// least a page on our stack can be: bench/floor), measured the same way in the
// same run, interleaved: Lighthouse (mobile, simulated throttling) and
// Playwright (CDP CPU 4x, DevTools "Slow 4G") timing navigation -> wallet list
// visible, and navigation -> primary action usable (a click on "Link …" / "Pay …"
// that actually starts the link or the payment: our POST to /authorizations by
// the app, or the painted page's form post before it, Adyen's onSubmit), and the main thread's work after the first contentful
// paint (a Chrome trace at CPU 4x: what Lighthouse's TBT estimates, measured).
// Prints one JSON object; `cargo xtask bench` makes the table.
//
// env: BASE (http://127.0.0.1:port), API_KEY, CHROMIUM, LH_RUNS, PW_RUNS,
// TRACE_RUNS, PAGES, TRACE_DETAIL=1 (the longest task's parts, on stderr)
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { chromium } from 'playwright-core';

const base = process.env.BASE;
const apiKey = process.env.API_KEY;
const chromePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const lhRuns = Number(process.env.LH_RUNS ?? 5);
const pwRuns = Number(process.env.PW_RUNS ?? 7);
const traceRuns = Number(process.env.TRACE_RUNS ?? pwRuns);
// Nothing leaves the machine: every name but loopback fails at once.
const closedNetwork = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';
const chromeFlags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', closedNetwork];

// A fresh checkout each time: its link's token is single-use, as in production.
async function ourUrl() {
  const r = await fetch(`${base}/v1/checkout-sessions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      buyer_reference: `bench-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      order: { reference: `bench-${Date.now()}`, description: 'Kopi beans 250 g', amount: 10000, currency: 'PHP',
        items: [{ name: 'Kopi beans 250 g', quantity: 1, unit_amount: 10000 }] },
      region: 'PH',
      locale: 'en',
    }),
  });
  if (r.status !== 201) throw new Error(`checkout session: ${r.status}`);
  return (await r.json()).url;
}
const pages = {
  // `settled`: the trace runs until the app has taken the page over (its page has
  // no form #act, which only the service's page carries), not only until the
  // painted form works, so the app's own work is in it.
  ours: { url: ourUrl, selector: 'fieldset.wallets label.wallet', action: 'main button.primary', settled: 'main:not(:has(#act)) button.primary' },
  adyen: { url: async () => `${base}/bench/adyen/index.html`, selector: '.adyen-checkout__payment-method', action: '.adyen-checkout__button--pay' },
  // The floor page has no action: it only shows the list.
  floor: { url: async () => `${base}/bench/floor-fluent/index.html`, selector: 'ul.wallets li' },
};
// PAGES=ours,adyen measures only those (the table wants all three).
const names = process.env.PAGES ? process.env.PAGES.split(',') : Object.keys(pages);

async function lighthouseRun(url) {
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error' }, {
      extends: 'lighthouse:default',
      settings: { formFactor: 'mobile', throttlingMethod: 'simulate', onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'] },
    });
    const lhr = result.lhr;
    const audit = (id) => lhr.audits[id]?.numericValue ?? null;
    const score = (id) => (lhr.categories[id]?.score ?? 0) * 100;
    return {
      lcp_ms: audit('largest-contentful-paint'),
      fcp_ms: audit('first-contentful-paint'),
      tbt_ms: audit('total-blocking-time'),
      cls: audit('cumulative-layout-shift'),
      performance: score('performance'),
      accessibility: score('accessibility'),
      best_practices: score('best-practices'),
      seo: score('seo'),
      transfer_bytes: audit('total-byte-weight'),
    };
  } finally {
    await chrome.kill();
  }
}

// A phone-sized page with its CPU slowed 4x and nothing cached, and its CDP session.
async function phonePage(browser) {
  const context = await browser.newContext({ viewport: { width: 412, height: 915 }, deviceScaleFactor: 2.625, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  return { context, page, cdp };
}

async function visibleRun(browser, url, selector, action) {
  const { context, page, cdp } = await phonePage(browser);
  // A form the page posts itself (ours before the app arrived, #35): the click
  // that submitted it is the one that started the link. Told through a binding,
  // since the page then navigates away.
  let posted;
  const postedAt = new Promise((resolve) => (posted = resolve));
  await page.exposeBinding('benchPosted', (_source, at) => posted(at));
  await page.addInitScript(() =>
    document.addEventListener('submit', (e) => {
      if (!e.defaultPrevented) window.benchPosted(performance.now());
    }),
  );
  // Chrome DevTools' "Slow 4G" preset.
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 562.5,
    downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8,
    uploadThroughput: (750 * 1024 * 0.9) / 8,
  });
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  // Polled every animation frame; the value is ms since navigation start.
  const handle = await page.waitForFunction((sel) => {
    const items = [...document.querySelectorAll(sel)];
    return items.length >= 3 && items.every((e) => e.getBoundingClientRect().height > 0) ? performance.now() : false;
  }, selector, { polling: 'raf', timeout: 120_000 });
  const ms = await handle.jsonValue();
  let actionMs = null;
  if (action) {
    // Click the primary action whenever it can be clicked, each frame, until a
    // click did start something: then the time that click happened is the figure.
    const started = page.waitForFunction((sel) => {
      const ours = performance.getEntriesByType('resource').find((e) => e.name.includes('/authorizations'));
      if (ours) return ours.startTime;
      if (window.benchActionAt !== undefined) return window.benchActionAt;
      const button = document.querySelector(sel);
      if (button && !button.disabled && button.getBoundingClientRect().height > 0) button.click();
      return false;
    }, action, { polling: 'raf', timeout: 120_000 }).then((h) => h.jsonValue());
    // A post navigates the page, which ends the polling: the binding has the time.
    actionMs = await Promise.race([postedAt, started.catch(() => postedAt)]);
  }
  await context.close();
  return { ms, actionMs };
}

// The renderer's main-thread tasks from the first contentful paint until the
// page is still for a second after its list (and action) is ready, at CPU 4x
// on loopback: busy = their sum, blocking = Σ(task − 50 ms) as TBT counts it,
// longest = the longest one. Lighthouse's TBT is a simulation that moves by
// hundreds of ms between runs on a small machine; this is the trace itself.
async function mainThreadRun(browser, url, selector, action) {
  const { context, page, cdp } = await phonePage(browser);
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'loading', 'v8.execute', 'blink.user_timing'] });
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  // Polled from here by a bare CDP evaluation: Playwright's own waiting would
  // put its injected script (hundreds of ms at CPU 4x) in the trace it measures.
  const ready = `(() => { const items = [...document.querySelectorAll(${JSON.stringify(selector)})];
    const button = ${JSON.stringify(action ?? null)} && document.querySelector(${JSON.stringify(action ?? '')});
    return items.length >= 3 && (${!action} || (!!button && !button.disabled)); })()`;
  const deadline = Date.now() + 120_000;
  while (!(await cdp.send('Runtime.evaluate', { expression: ready, returnByValue: true })).result.value) {
    if (Date.now() > deadline) throw new Error(`${url}: not ready in 120 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await page.waitForTimeout(1000);
  const trace = JSON.parse((await browser.stopTracing()).toString());
  await context.close();
  const events = trace.traceEvents ?? trace;
  const fcp = events.find((e) => e.name === 'firstContentfulPaint');
  if (!fcp) throw new Error(`no first contentful paint in the trace of ${url}`);
  const onMain = (e) => e.pid === fcp.pid && e.tid === fcp.tid;
  const tasks = events.filter((e) => onMain(e) && e.ph === 'X' && e.name === 'RunTask' && e.ts + e.dur > fcp.ts);
  // A task that began before the paint counts from it, as TBT counts it.
  const durations = tasks.map((t) => (t.ts + t.dur - Math.max(t.ts, fcp.ts)) / 1000);
  const longest = tasks[durations.indexOf(Math.max(...durations))];
  if (process.env.TRACE_DETAIL && longest) {
    // The longest task's self time by event name, largest first.
    const inside = events
      .filter((e) => onMain(e) && e.ph === 'X' && e.ts >= longest.ts && e.ts + e.dur <= longest.ts + longest.dur)
      .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const self = {};
    const stack = [];
    for (const e of inside) {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
      if (stack.length) self[stack.at(-1).name] -= e.dur;
      self[e.name] = (self[e.name] ?? 0) + e.dur;
      stack.push(e);
    }
    const line = Object.entries(self).sort((a, b) => b[1] - a[1]).slice(0, 10).map(([n, us]) => `${n} ${(us / 1000).toFixed(1)}`).join(', ');
    const marks = events.filter((e) => e.cat?.includes('user_timing') && e.name.startsWith('p:')).map((e) => `${e.name}@${((e.ts - longest.ts) / 1000).toFixed(1)}`).join(' ');
    if (marks) console.error(`  marks: ${marks}`);
    console.error(`${url.slice(0, 40)}: longest ${(longest.dur / 1000).toFixed(1)} ms at +${((longest.ts - fcp.ts) / 1000).toFixed(0)} ms after FCP: ${line}`);
  }
  return {
    busy_ms: durations.reduce((a, b) => a + b, 0),
    blocking_ms: durations.reduce((a, d) => a + Math.max(0, d - 50), 0),
    longest_ms: Math.max(0, ...durations),
  };
}

const out = { lighthouse: {}, visible_ms: {}, action_ms: {}, main_thread: {} };
for (const name of names) {
  out.lighthouse[name] = [];
  out.visible_ms[name] = [];
  out.action_ms[name] = [];
  out.main_thread[name] = [];
}
for (let i = 0; i < lhRuns; i++) {
  for (const name of names) {
    out.lighthouse[name].push(await lighthouseRun(await pages[name].url()));
  }
}
const browser = await chromium.launch({ executablePath: chromePath, args: chromeFlags.filter((f) => f !== '--headless=new') });
for (let i = 0; i < pwRuns; i++) {
  for (const name of names) {
    const run = await visibleRun(browser, await pages[name].url(), pages[name].selector, pages[name].action);
    out.visible_ms[name].push(run.ms);
    if (run.actionMs !== null) out.action_ms[name].push(run.actionMs);
  }
}
for (let i = 0; i < traceRuns; i++) {
  for (const name of names) {
    out.main_thread[name].push(await mainThreadRun(browser, await pages[name].url(), pages[name].selector, pages[name].settled ?? pages[name].action));
  }
}
await browser.close();
console.log(JSON.stringify(out));
