// The checkout as production runs it, in three browser engines over WebDriver:
// behind TLS (nginx in front of the merchant service, sandbox mode), and framed
// by another site's shop page (https://127.0.0.2 embedding https://127.0.0.1).
// Run with `node run.mjs` (or `node --test checkout.test.mjs`); the suite
// starts and stops everything itself (lib/stack.mjs, lib/drivers.mjs).
//
// Which engine runs which journey, and why (measured on 2 cores: the whole
// suite takes about 45 s, each engine 11-16 s of it):
// - One WebDriver session per engine, reused by all its journeys: starting
//   an engine costs more than a journey (Firefox 3-5 s, WebKit ~1 s plus Xvfb,
//   Chromium <1 s; each journey 1-4 s). Every journey makes its own checkout
//   (its own buyer), and the session goes back to one window after each test,
//   so the journeys do not depend on one another or on their order.
//   Engines run one after another: two at once on two cores only slows both.
// - The probe runs first in each engine, on a fresh cookie jar: it records what
//   a cross-site frame may keep there (the facts the embedded journey rests on).
//   In Chromium it proves --test-third-party-cookie-phaseout is what blocks
//   third-party cookies (a control session without the flag, ~1 s more).
// - Top level (a), embedded (b, b2), the return page (c), unlinking (d), the
//   two languages (e) and the code from another browser (h) run in all three:
//   they are where engines differ (a frame's cookies and storage,
//   window.opener across sites, resize observers, history and back, fonts for
//   Hangul and Thai), and each costs seconds. (h) starts a second session of
//   the engine as the other browser (~1-4 s); Chromium and Firefox only, see
//   the WebKit entry below.
// - axe (f) runs in all three too (axe-core is injected with executeScript,
//   which the page's CSP does not govern); dark mode only in Chromium, the one
//   engine whose WebDriver can emulate prefers-color-scheme (CDP).
// - WebAssembly off (i) in all three: a second session of the engine without
//   it (Chromium --js-flags=--jitless, Firefox javascript.options.wasm=false,
//   WebKit JSC_useWasm=false), as iOS Lockdown Mode or a browser policy
//   leaves a buyer: the service's page links and pays by itself.
// - Phone widths (g) only in WebKit: the engine of every iPhone browser, the
//   narrowest screens the checkout meets; tests/e2e covers a Pixel 7 in
//   Chromium. MiniBrowser's window gets to 320 px with a GTK theme that lets
//   its toolbar shrink (lib/drivers.mjs gtkConfig).
//
// The embedded journey (b) needs the frame to work without third-party
// cookies in WebKit (it rejects cookies set in a cross-site frame, Partitioned
// or not): the service's frame credential (X-Checkout-Credential) does that.
// Every journey asserts the outcome the buyer should get, and on failure says
// what the page showed instead (lib/page.mjs), with a screenshot in results/.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack } from './lib/stack.mjs';
import { chromium, firefoxEsr, webkit } from './lib/drivers.mjs';
import { onlyWindow, screenshot } from './lib/page.mjs';
import * as j from './lib/journeys.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.resolve(process.env.RESULTS_DIR ?? path.join(here, 'results'));
const wanted = (process.env.BROWSERS ?? 'chromium,firefox,webkit').split(',').map((s) => s.trim()).filter(Boolean);
// Only some journeys (their keys below: probe, topLevel, embedded, ...), e.g. while debugging one.
const only = process.env.JOURNEYS ? process.env.JOURNEYS.split(',').map((s) => s.trim()) : null;
const JOURNEY_TIMEOUT = 120_000;

let env;
before(async () => {
  env = await startStack();
}, { timeout: 90_000 });
after(async () => {
  await env?.stop();
});

/** Chromium: prefers-color-scheme through the DevTools protocol. */
const chromiumDark = (driver) => (on) =>
  driver.sendDevToolsCommand('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: on ? 'dark' : 'light' }] });

/** The probe in a Chromium without the flag: what the flag changes. */
async function chromiumControl() {
  const control = await chromium({ blockThirdPartyCookies: false });
  try {
    return await j.probeCrossSite({ driver: control.driver, env });
  } finally {
    await control.stop();
  }
}

const engines = {
  chromium: {
    start: () => chromium({ blockThirdPartyCookies: true }),
    startWithoutWasm: () => chromium({ blockThirdPartyCookies: true, wasm: false }),
    darkMode: chromiumDark,
    checkProbe: async (facts, t) => {
      const control = await chromiumControl();
      j.saveFacts(resultsDir, 'probe-chromium-without-flag', control);
      t.diagnostic(`without --test-third-party-cookie-phaseout: ${JSON.stringify(control)}`);
      assert.equal(control.cookiesBack.plain, true, 'without the flag (third-party cookies allowed in the profile), an unpartitioned SameSite=None cookie comes back to a cross-site frame');
      assert.equal(facts.cookiesBack.plain, false, 'with the flag, an unpartitioned SameSite=None cookie does not come back to a cross-site frame');
      assert.equal(facts.cookiesBack.partitioned, true, 'with the flag, a partitioned (CHIPS) cookie still comes back');
      assert.equal(control.firstPartyCookiesSentToFrame.plain, true, 'without the flag, a cookie set at top level is sent to the cross-site frame');
      assert.equal(facts.firstPartyCookiesSentToFrame.plain, false, 'with the flag, a cookie set at top level is not sent to the cross-site frame');
    },
    journeys: ['probe', 'topLevel', 'withoutWasm', 'embedded', 'frameHeight', 'returnPageError', 'otherBrowser', 'unlink', 'languages', 'accessibility'],
  },
  firefox: {
    start: () => firefoxEsr(),
    startWithoutWasm: () => firefoxEsr({ wasm: false }),
    journeys: ['probe', 'topLevel', 'withoutWasm', 'embedded', 'frameHeight', 'returnPageError', 'otherBrowser', 'unlink', 'languages', 'accessibility'],
  },
  webkit: {
    start: () => webkit({ logDir: env.dir }),
    startWithoutWasm: () => webkit({ logDir: env.dir, wasm: false }),
    // Not (h): in WebKitGTK it hung past its time-out (twice, also with Chromium
    // as the other browser; not yet understood, see the stop's note).
    journeys: ['probe', 'topLevel', 'withoutWasm', 'embedded', 'frameHeight', 'returnPageError', 'unlink', 'languages', 'accessibility', 'phoneWidths'],
  },
};

const titles = {
  probe: 'probe: what a cross-site frame may keep, and whether its tab can reach window.opener',
  topLevel: 'a. top level: link GCash at the wallet, pay',
  withoutWasm: 'i. WebAssembly off: the painted page links GCash at the wallet and pays, and unlinks it',
  embedded: 'b. embedded by another site over TLS: link in a new tab, pay in the frame, the shop hears it',
  frameHeight: "b2. embedded: the shop's iframe takes the checkout's height and keeps it",
  returnPageError: 'c. the return page with a foreign authState shows an error and a way back',
  otherBrowser: 'h. the wallet returns to another browser: the code shown there finishes the link where it started',
  unlink: 'd. linked wallets: unlink after confirming, the checkout offers to link again',
  languages: 'e. Korean (KR, KRW) and Thai (TH, THB) checkouts speak their language',
  accessibility: 'f. axe-core: no WCAG 2.1 A/AA violation on the checkout',
  phoneWidths: 'g. phone widths 320 and 390: no sideways scroll, no cut button',
};

for (const name of wanted) {
  const engine = engines[name];
  if (!engine) throw new Error(`BROWSERS: unknown engine ${name} (chromium, firefox, webkit)`);
  describe(name, { concurrency: 1 }, () => {
    let session;
    let mainWindow;
    before(async () => {
      const started = Date.now();
      session = await engine.start();
      mainWindow = await session.driver.getWindowHandle();
      const caps = await session.driver.getCapabilities();
      process.stdout.write(`# ${name}: ${caps.get('browserName')} ${caps.get('browserVersion')}, session in ${Date.now() - started} ms\n`);
    }, { timeout: 90_000 });
    after(async () => {
      await session?.stop();
    });
    afterEach(async () => {
      if (session) await onlyWindow(session.driver, mainWindow).catch(() => {});
    });

    for (const journey of engine.journeys.filter((k) => !only || only.includes(k))) {
      test(titles[journey], { timeout: JOURNEY_TIMEOUT }, async (t) => {
        const driver = session.driver;
        const ctx = {
          driver,
          env,
          darkMode: engine.darkMode?.(driver),
          // Another browser on the same machine (its own cookie jar): a second session of this engine.
          startOther: engine.start,
          startWithoutWasm: engine.startWithoutWasm,
          diagnostic: (m) => t.diagnostic(m),
        };
        try {
          if (journey === 'probe') {
            const facts = await j.probeCrossSite(ctx);
            j.saveFacts(resultsDir, `probe-${name}`, facts);
            t.diagnostic(JSON.stringify(facts));
            await engine.checkProbe?.(facts, t);
          } else {
            await j[journey](ctx);
          }
        } catch (e) {
          await screenshot(driver, resultsDir, `${name}-${journey}`);
          throw e;
        }
      });
    }
  });
}
