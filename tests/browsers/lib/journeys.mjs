// The buyer journeys, written once and run in each engine that runs them
// (see ../checkout.test.mjs for which engine runs which, and why).
// Texts are the English catalogue's (i18n/en/checkout.ftl) unless a journey
// asks for another language.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { axeViolations, click, enterFrame, find, layoutFaults, listItems, newWindow, onlyWindow, see, frameHeights, until } from './page.mjs';

let counter = 0;

/** A checkout session made through the merchant API, as a shop's backend would (over the service's loopback port). */
export async function newCheckout(env, opts = {}) {
  counter += 1;
  const buyer = opts.buyer ?? `browsers-${Date.now()}-${process.pid}-${counter}-${Math.random().toString(36).slice(2)}`;
  const amount = opts.amount ?? 10000;
  const response = await fetch(`${env.plain}/v1/checkout-sessions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${env.apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      buyer_reference: buyer,
      order: {
        reference: `order-${buyer}`,
        description: 'Kopi beans 250 g',
        amount,
        currency: opts.currency ?? 'PHP',
        items: [{ name: 'Kopi beans 250 g', quantity: 1, unit_amount: amount }],
      },
      region: opts.region ?? 'PH',
      locale: opts.locale,
      return_url: opts.returnUrl,
      embed_origin: opts.embedOrigin,
    }),
  });
  const body = await response.text();
  assert.equal(response.status, 201, `POST /v1/checkout-sessions answered ${response.status}: ${body}`);
  const url = JSON.parse(body).url;
  assert.ok(url.startsWith(`${env.origin}/checkout/`), `the checkout URL is on the TLS origin: ${url}`);
  return { url, id: new URL(url).pathname.split('/')[2] };
}

/** From the checkout, link the selected wallet at its (sandbox) page by agreeing. */
async function linkAtWallet(driver, linkButton, wallet = 'GCASH') {
  await click(driver, 'button', linkButton);
  await see(driver, 'heading', wallet);
  await click(driver, 'button', /Agree/);
}

/** a. Top level: open the checkout, link GCash at the wallet page, pay. */
export async function topLevel({ driver, env }) {
  const { url } = await newCheckout(env, { returnUrl: 'https://shop.example/thanks' });
  await driver.get(url);
  await linkAndPay(driver, env);
}

/** On an open ₱100.00 checkout: link GCash at its page, come back over https, pay. */
async function linkAndPay(driver, env) {
  await see(driver, 'h1', 'Pay Sandbox Merchant');
  await linkAtWallet(driver, /Link GCash/);
  await see(driver, 'status', 'GCash is linked. You can pay now.');
  assert.ok((await driver.getCurrentUrl()).startsWith(`${env.origin}/checkout/`), 'back at the checkout, over https');
  await click(driver, 'button', /Pay ₱100\.00 with GCash/);
  await see(driver, 'heading', 'Payment successful');
  await see(driver, 'text', '₱100.00 paid with GCash.');
}

/**
 * i. WebAssembly unavailable (iOS Lockdown Mode, a browser policy): another
 * session of the engine with it turned off. The service's painted page is the
 * checkout: its form links GCash at the wallet and pays, over TLS, and the
 * linked-wallets page's forms unlink it.
 */
export async function withoutWasm({ env, startWithoutWasm }) {
  const other = await startWithoutWasm();
  try {
    const driver = other.driver;
    const { url, id } = await newCheckout(env, {});
    await driver.get(url);
    assert.equal(await driver.executeScript('return typeof WebAssembly'), 'undefined', 'this session has no WebAssembly');
    await linkAndPay(driver, env);
    // The linked-wallets page's Unlink too: asked, confirmed, posted by the page's forms.
    await driver.get(`${env.origin}/checkout/${id}/wallets`);
    await unlinkGcash(driver);
  } finally {
    await other.stop();
  }
}

/**
 * b. Embedded on another site over TLS: the shop on https://127.0.0.2 frames the
 * checkout of https://127.0.0.1; the wallet opens in a tab of its own, which
 * hands the answer back to the frame; the frame pays; the shop hears it all.
 */
export async function embedded({ driver, env, diagnostic }) {
  const { url, id } = await newCheckout(env, { embedOrigin: env.shopOrigin });
  try {
    await embeddedJourney(driver, env, url, diagnostic);
  } finally {
    // How the frame proved who it is on each call (nginx logs whether a cookie or a credential came along).
    diagnostic?.(`the checkout's /api calls (status, cookie, credential): ${apiCalls(env, id).join('; ') || 'none'}`);
  }
  // The frame needs no third-party cookie: every call after its claim carries the claim's credential.
  const calls = apiCalls(env, id).filter((c) => !c.startsWith('POST /claim'));
  assert.ok(calls.length >= 4, `the frame's calls after its claim: ${calls.join('; ')}`);
  for (const call of calls) assert.match(call, / credential$/, `sent without the frame's credential: ${call}`);
}

/** This checkout's /api calls in nginx's access log: "POST claim 200 - credential". */
function apiCalls(env, id) {
  try {
    return fs
      .readFileSync(env.logs.access, 'utf8')
      .split('\n')
      .filter((l) => l.includes(`/api/checkout-sessions/${id}`))
      .map((l) => {
        const [, method, uri, status, , , cookie, credential] = l.split(' ');
        return `${method} ${uri.split(id)[1] || '/'} ${status} ${cookie} ${credential}`;
      });
  } catch {
    return [];
  }
}

async function embeddedJourney(driver, env, url, diagnostic) {
  await driver.get(`${env.shopOrigin}/shop.html?checkout=${encodeURIComponent(url)}`);
  const main = await driver.getWindowHandle();
  const heard = () => listItems(driver, '#events li');
  // The frame's checkout is claimed in the frame (it says so: ready).
  await until(driver, async () => (await heard()).includes('ready'), async () => `the shop heard no "ready": ${JSON.stringify(await heard())}`);
  await enterFrame(driver, '#checkout iframe');
  await see(driver, 'h1', 'Pay Sandbox Merchant');
  const known = await driver.getAllWindowHandles();
  // Wallet pages refuse framing: Link opens the wallet in a new tab.
  await click(driver, 'button', /Link GCash/);
  const walletTab = await newWindow(driver, known);
  await driver.switchTo().window(walletTab);
  await see(driver, 'heading', 'GCASH');
  // The hand-back to the frame rests on this (the frame opened the tab).
  diagnostic?.(`the wallet tab has window.opener: ${await driver.executeScript('return !!window.opener')}`);
  await click(driver, 'button', /Agree/);
  await see(driver, 'status', 'GCash is linked. You can close this tab and continue in the checkout.', { timeout: 20_000 });
  await driver.close();
  await driver.switchTo().window(main);
  await enterFrame(driver, '#checkout iframe');
  await see(driver, 'status', 'GCash is linked. You can pay now.', { timeout: 20_000 });
  await click(driver, 'button', /Pay ₱100\.00 with GCash/);
  await see(driver, 'heading', 'Payment successful');
  await driver.switchTo().defaultContent();
  const events = await until(
    driver,
    async () => {
      const all = await heard();
      return all.includes('authorized GCASH') && all.some((e) => /^payment_succeeded pay_/.test(e)) && all;
    },
    async () => `the shop's events: ${JSON.stringify(await heard())}`,
  );
  assert.equal(events[0], 'ready');
}

/**
 * b2. The shop's iframe takes the checkout's height and keeps it: no scrolling
 * inside the frame, and no growing once the page stands still.
 */
export async function frameHeight({ driver, env, diagnostic }) {
  const { url } = await newCheckout(env, { embedOrigin: env.shopOrigin });
  await driver.get(`${env.shopOrigin}/shop.html?checkout=${encodeURIComponent(url)}`);
  await until(driver, async () => (await listItems(driver, '#events li')).includes('ready'), 'the shop heard no "ready"');
  await enterFrame(driver, '#checkout iframe');
  await find(driver, 'button', /Link GCash/, { enabled: true });
  await driver.switchTo().defaultContent();
  await driver.sleep(1000);
  const heights = await frameHeights(driver, '#checkout iframe', 2000);
  diagnostic?.(`iframe heights over 2 s, from 1 s after ready: ${heights.join(' ')}`);
  await enterFrame(driver, '#checkout iframe');
  const inside = await driver.executeScript('return [document.documentElement.scrollHeight, window.innerHeight]');
  diagnostic?.(`inside the frame: scrollHeight ${inside[0]}, innerHeight ${inside[1]}`);
  assert.ok(heights[0] > 300, `the frame grew to its content (${heights[0]}px)`);
  assert.equal(new Set(heights).size, 1, `the frame keeps one height once the checkout stands still; it went ${heights.join(' → ')} px`);
  assert.ok(inside[0] <= inside[1], `nothing scrolls inside the frame (content ${inside[0]}px in ${inside[1]}px)`);
}

/** c. The wallet's return page with a state this checkout never issued: an error page, and a way back. */
export async function returnPageError({ driver, env }) {
  const { url, id } = await newCheckout(env);
  await driver.get(url);
  // Claimed in this browser (the action button works) before the forged return.
  await find(driver, 'button', /Link GCash/, { enabled: true });
  await driver.get(`${env.origin}/checkout/${id}/return?authCode=x&authState=nonsense`);
  await see(driver, 'h1', 'Linking your wallet');
  await see(driver, 'heading', 'The wallet was not linked');
  await see(driver, 'alert', /This authorization was not started here\. Please link the wallet again\./);
  await click(driver, 'link', 'Back to checkout');
  await see(driver, 'button', /Link GCash/);
}

/** d. The linked-wallets page: unlink after confirming, then the checkout offers to link again. */
export async function unlink({ driver, env }) {
  const { url } = await newCheckout(env);
  await driver.get(url);
  await linkAtWallet(driver, /Link GCash/);
  await see(driver, 'status', 'GCash is linked. You can pay now.');
  await click(driver, 'link', 'Manage linked payment methods');
  await unlinkGcash(driver);
  await click(driver, 'link', 'Back to checkout');
  await see(driver, 'button', /Link GCash/);
}

/** On the linked-wallets page: GCash unlinked after confirming (by the app, or by the page's forms without it). */
async function unlinkGcash(driver) {
  await see(driver, 'h1', 'Linked payment methods');
  await click(driver, 'button', 'Unlink');
  await see(driver, 'text', 'Unlink GCash? You will need to authorize it again to pay with it.');
  await click(driver, 'button', 'Yes, unlink');
  await see(driver, 'status', 'GCash was unlinked.');
  await see(driver, 'text', 'You have no linked payment methods.');
}

/** e. A Korean and a Thai checkout speak their language (i18n/ko, i18n/th). */
export async function languages({ driver, env }) {
  const cases = [
    { region: 'KR', currency: 'KRW', amount: 13000, locale: 'ko', heading: 'Sandbox Merchant 결제', action: /연결하기$/ },
    { region: 'TH', currency: 'THB', amount: 10000, locale: 'th', heading: 'ชำระเงินให้ Sandbox Merchant', action: /^ผูกบัญชี / },
  ];
  for (const c of cases) {
    const { url } = await newCheckout(env, c);
    await driver.get(url);
    await see(driver, 'h1', c.heading);
    await find(driver, 'button', c.action, { enabled: true });
    assert.equal(await driver.executeScript('return document.documentElement.lang'), c.locale);
  }
}

/** f. axe-core, WCAG 2.1 A/AA, on the checkout page (light; dark too where the engine can emulate it). */
export async function accessibility({ driver, env, darkMode, diagnostic }) {
  const { url } = await newCheckout(env);
  await driver.get(url);
  await find(driver, 'button', /Link GCash/, { enabled: true });
  const light = await axeViolations(driver);
  assert.deepEqual(light.violations, [], 'checkout (light)');
  assert.ok(light.passes > 10, `axe ran its rules (${light.passes} passed)`);
  diagnostic?.(`light: ${light.passes} rules passed`);
  if (darkMode) {
    await darkMode(true);
    try {
      assert.equal(await driver.executeScript(`return matchMedia('(prefers-color-scheme: dark)').matches`), true, 'dark scheme emulated');
      const dark = await axeViolations(driver);
      assert.deepEqual(dark.violations, [], 'checkout (dark)');
      diagnostic?.(`dark: ${dark.passes} rules passed`);
    } finally {
      await darkMode(false);
    }
  }
}

/**
 * g. Phone widths: the window at 320 and 390 css px, the checkout before and
 * after linking, the linked-wallets page: no sideways scroll, no cut button.
 * Returns the widths the page measured, for the report.
 */
export async function phoneWidths({ driver, env, diagnostic }) {
  const window = driver.manage().window();
  const before = await window.getRect();
  const measured = {};
  try {
    for (const width of [320, 390]) {
      await window.setRect({ width, height: 800 });
      const { url } = await newCheckout(env);
      await driver.get(url);
      await find(driver, 'button', /Link GCash/, { enabled: true });
      const inner = await driver.executeScript('return [window.innerWidth, document.documentElement.clientWidth]');
      measured[width] = inner;
      diagnostic?.(`window ${width}: innerWidth ${inner[0]}, clientWidth ${inner[1]}`);
      assert.equal(inner[0], width, `window.innerWidth at a ${width}px window`);
      assert.deepEqual(await layoutFaults(driver), [], `checkout at ${width}px`);
      await linkAtWallet(driver, /Link GCash/);
      await see(driver, 'status', 'GCash is linked. You can pay now.');
      assert.deepEqual(await layoutFaults(driver), [], `checkout with a linked wallet at ${width}px`);
      await click(driver, 'link', 'Manage linked payment methods');
      await find(driver, 'button', 'Unlink', { enabled: true });
      assert.deepEqual(await layoutFaults(driver), [], `linked wallets at ${width}px`);
    }
  } finally {
    await window.setRect({ width: before.width, height: before.height });
  }
  return measured;
}

/**
 * What a cross-site frame may keep in this browser, and whether a tab it opens
 * can talk back through window.opener (see sites.mjs). Returns the facts.
 */
export async function probeCrossSite({ driver, env }) {
  await driver.get(`${env.shopOrigin}/probe.html?frame=${encodeURIComponent(`${env.probeOrigin}/frame`)}`);
  const main = await driver.getWindowHandle();
  const frame = await until(driver, () => driver.executeScript('return window.probe && window.probe.frame'), 'the probe frame did not report');
  const known = await driver.getAllWindowHandles();
  await enterFrame(driver, 'iframe');
  await click(driver, 'button', 'Open tab');
  const facts = { ...frame, windowOpen: null, tabHasOpener: null, tabReachedOpener: false, openerAnsweredTab: false };
  try {
    const tab = await newWindow(driver, known, 10_000);
    await driver.switchTo().window(tab);
    const text = await until(
      driver,
      async () => {
        const t = await driver.executeScript(`return document.getElementById('result') && document.getElementById('result').textContent`);
        return t && t !== 'starting' && (t.startsWith('answered') || t.startsWith('no opener') || t.includes('threw')) && t;
      },
      'the probe tab did not finish',
      5_000,
    ).catch(async () => driver.executeScript(`return document.getElementById('result').textContent`));
    facts.tabSays = text;
    facts.openerAnsweredTab = text.startsWith('answered');
    facts.tabCookies = JSON.parse((await driver.executeScript(`return document.getElementById('result').dataset.cookies`)) ?? 'null');
  } catch (e) {
    facts.tabSays = `no tab: ${e.message}`;
  }
  await onlyWindow(driver, main);
  const handoff = await driver.executeScript('return window.probe.handoff || null');
  facts.windowOpen = handoff?.opened ?? null;
  facts.tabHasOpener = handoff?.heard?.hasOpener ?? (facts.tabSays?.startsWith('no opener') ? false : null);
  facts.tabReachedOpener = !!handoff?.heard;

  // Once the probe's site was visited at top level (cookies set first party, as a
  // buyer who opened a top-level checkout before has), does the framed page get them?
  await driver.get(`${env.probeOrigin}/first-party`);
  await until(driver, () => driver.executeScript(`return document.readyState === 'complete'`), 'the probe page did not load');
  await driver.get(`${env.shopOrigin}/probe.html?frame=${encodeURIComponent(`${env.probeOrigin}/frame?again`)}`);
  const again = await until(driver, () => driver.executeScript('return window.probe && window.probe.frame'), 'the probe frame did not report again');
  // What the frame's own request carried: first-party cookies sent into a cross-site frame?
  facts.firstPartyCookiesSentToFrame = {
    partitioned: again.cookiesOnFrameRequest.includes('probe_fp_partitioned'),
    plain: again.cookiesOnFrameRequest.includes('probe_fp_plain'),
  };
  await driver.get(`${env.probeOrigin}/clear`);
  return facts;
}

/** Appends `facts` to the results folder's probe file (one JSON per engine). */
export function saveFacts(dir, name, facts) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(facts, null, 2)}\n`);
}

/**
 * h. A wallet that brings the buyer back to another browser (a wallet app
 * opening the phone's default browser): that browser shows a code, naming the
 * merchant, with its warning; typed into the checkout that started the link, it
 * finishes it there. The other browser is a second session of the same engine
 * (its own cookie jar).
 */
export async function otherBrowser({ driver, env, startOther }) {
  const { url } = await newCheckout(env);
  await driver.get(url);
  await click(driver, 'button', /Link GCash/);
  await see(driver, 'heading', 'GCASH');
  const consent = await driver.getCurrentUrl();
  const other = await startOther();
  let code;
  try {
    await other.driver.get(consent);
    await click(other.driver, 'button', /Agree/);
    await see(other.driver, 'heading', 'Finish in the checkout where you started');
    await see(other.driver, 'text', /^Whoever types this code can pay Sandbox Merchant with your GCash\./);
    code = await other.driver.executeScript("return document.querySelector('.link-code-shown').innerText.trim()");
    assert.match(code, /^\d{3} \d{3}$/, `the code as shown: ${code}`);
    assert.equal(await other.driver.executeScript('return location.search'), '', "the wallet's answer left the address bar");
  } finally {
    await other.stop();
  }
  // Back in the browser that started it: the field for the code is offered.
  await driver.navigate().back();
  await see(driver, 'text', 'Did the wallet open in another browser? Type the 6-digit code shown there.');
  const field = await find(driver, 'input#link-code', /^$/);
  await field.sendKeys(code);
  await click(driver, 'button', 'Finish linking');
  await see(driver, 'status', 'GCash is linked. You can pay now.');
  await click(driver, 'button', /Pay ₱100\.00 with GCash/);
  await see(driver, 'heading', 'Payment successful');
}
