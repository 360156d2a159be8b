import { test, expect, Page, Browser } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { appUp, newCheckout, audit } from './helpers';

/** A browser with JavaScript off holding `from`'s cookies: it sees only what the service sends. */
async function withoutScripts(browser: Browser, from: Page): Promise<Page> {
  const off = await browser.newContext({ javaScriptEnabled: false });
  await off.addCookies(await from.context().cookies());
  return off.newPage();
}

/** Warnings, errors and uncaught exceptions of `page`, as they come. */
function problems(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') seen.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => seen.push(`pageerror: ${e.message}`));
  return seen;
}

/** Holds the app's wasm back until the returned function is called: the buyer meets the service's page alone. */
async function holdApp(page: Page): Promise<() => void> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\.wasm$/, async (route) => {
    await gate;
    await route.continue();
  });
  return release;
}

/**
 * Opens `url` with the claim's answer held back until the returned function is
 * called, and waits for the app to have replaced the service's page.
 */
async function appUpClaimHeld(page: Page, url: string): Promise<() => void> {
  const releaseApp = await holdApp(page);
  let releaseClaim!: () => void;
  const claimHeld = new Promise<void>((resolve) => (releaseClaim = resolve));
  await page.route(/\/claim$/, async (route) => {
    await claimHeld;
    await route.continue();
  });
  await page.goto(url);
  // The service's page is marked; the app's own page, once mounted, is not.
  await page.locator('main').evaluate((main) => main.setAttribute('data-test-painted', ''));
  releaseApp();
  await expect(page.locator('main:not([data-test-painted])')).toHaveCount(1);
  return releaseClaim;
}

async function linkMaya(page: Page) {
  await appUp(page);
  const wallets = page.getByRole('group', { name: 'Choose a payment method' });
  await wallets.getByRole('radio', { name: /Maya/ }).check();
  await page.getByRole('button', { name: 'Link Maya' }).click();
  await expect(page.getByRole('heading', { name: 'MAYA' })).toBeVisible();
  await page.getByRole('button', { name: /Agree/ }).click();
  await expect(page.getByRole('status')).toHaveText('Maya is linked. You can pay now.');
}

test('with JavaScript off the first paint shows the order and the wallets, and the action waits', async ({ browser, request }) => {
  const url = await newCheckout(request, { amount: 125000 });
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const response = await page.goto(url);
  expect(response?.headers()['cache-control']).toBe('no-store');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pay Sandbox Merchant');
  await expect(page.locator('.order .total strong')).toHaveText('₱1,250.00');
  const wallets = page.getByRole('group', { name: 'Choose a payment method' });
  await expect(wallets.getByRole('radio')).toHaveCount(3);
  await expect(wallets.getByRole('radio', { name: /GCash/ })).toBeChecked();
  // Nothing of the buyer's before the claim, and no button that pretends to work:
  // the page says what linking and paying need.
  await expect(page.getByText(/Linked|Not linked/)).toHaveCount(0);
  await expect(page.getByRole('note').filter({ hasText: 'needs JavaScript' })).toHaveText(
    "This checkout needs JavaScript to link a wallet and pay. Turn on JavaScript in your browser's settings, or open this page in another browser.",
  );
  const action = page.locator('button.primary');
  await expect(action).toHaveText('Loading…');
  await expect(action).toBeDisabled();
  await expect(action).toHaveAttribute('aria-busy', 'true');
  await context.close();
});

test('the app takes the first paint over: one page, no console warnings, the claim done', async ({ page, request }) => {
  const seen = problems(page);
  await page.goto(await newCheckout(request));
  await expect(page.getByRole('button', { name: 'Link GCash' })).toBeEnabled();
  await expect(page.locator('main')).toHaveCount(1);
  await expect(page).not.toHaveURL(/#t=/);
  await expect(page.getByText('Not linked yet').first()).toBeVisible();
  expect(seen).toEqual([]);
  // The page's words and wallets were painted before the app was fetched: its
  // stylesheet is in the page; the app's glue and wasm wait for that paint, not
  // the other way round. The claim does not wait: the painted action works once
  // it has answered.
  const order = await page.evaluate(() => {
    const started = (test: (name: string) => boolean) =>
      performance.getEntriesByType('resource').find((e) => test(e.name))?.startTime;
    return {
      painted: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      glue: started((name) => /\/checkout-[^/]*\.js$/.test(name)),
      wasm: started((name) => name.endsWith('.wasm')),
      claim: started((name) => name.endsWith('/claim')),
      stylesheets: performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.css')).length,
    };
  });
  expect(order.painted).toBeGreaterThan(0);
  expect(order.claim).toBeGreaterThan(0);
  for (const fetched of [order.glue, order.wasm]) {
    expect(fetched).toBeGreaterThanOrEqual(order.painted!);
  }
  expect(order.stylesheets).toBe(0);
});

// One custom section appended keeps a wasm a valid module, a comment keeps the
// glue valid JavaScript: each still runs if nothing checks it against the build.
const tampered = [
  { part: 'wasm', url: /\.wasm$/, type: 'application/wasm', tail: Buffer.from([0x00, 0x02, 0x01, 0x78]) },
  { part: 'JS glue', url: /\/checkout-[^/]*\.js$/, type: 'text/javascript', tail: Buffer.from('\n// x\n') },
];
for (const t of tampered) {
  test(`an app that is not the one built (a tampered ${t.part}) does not run: the service's page works on its own`, async ({ page, request }) => {
    const seen = problems(page);
    await page.route(t.url, async (route) => {
      const served = await route.fetch();
      await route.fulfill({ contentType: t.type, body: Buffer.concat([await served.body(), t.tail]) });
    });
    await page.goto(await newCheckout(request));
    await expect.poll(() => seen.join('\n')).toMatch(/integrity/i);
    // The claim answered: the painted form posts to the service, with this buyer's label.
    await expect(page.getByRole('button', { name: 'Link GCash' })).toBeEnabled();
    await expect(page.locator('main form[action$="/act"]')).toHaveCount(1);
    // Nothing the app would add (its link states) is there: it did not run.
    await expect(page.getByText('Not linked yet')).toHaveCount(0);
  });
}

test('a returning buyer sees their linked wallet first at first paint, and the app changes nothing', async ({ page, browser, request }) => {
  const seen = problems(page);
  const buyer = `first-paint-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  await page.goto(await newCheckout(request, { buyer }));
  await linkMaya(page);

  // The buyer's next checkout, opened in the same browser: Maya first before any script ran.
  const next = await newCheckout(request, { buyer, amount: 2500 });
  const still = await withoutScripts(browser, page);
  await still.goto(next);
  const served = still.getByRole('group', { name: 'Choose a payment method' }).getByRole('radio');
  await expect(served.first()).toHaveAccessibleName(/Maya/);
  await expect(served.first()).toBeChecked();
  await expect(still.getByText(/Linked · /)).toBeVisible();
  await expect(still.locator('button.primary')).toBeDisabled();

  // The app claims it and the same page becomes usable.
  await page.goto(next);
  await expect(page.getByRole('button', { name: 'Pay ₱25.00 with Maya' })).toBeEnabled();
  // Now claimed: the service's page and the app's read the same, word for word.
  const claimed = await withoutScripts(browser, page);
  await claimed.goto(new URL(next).pathname);
  const byService = await claimed.locator('main').innerText();
  const byApp = await page.locator('main').innerText();
  expect(byApp).toBe(byService);
  // Claimed, it works with no script at all (a form post), and says nothing about needing one.
  await expect(claimed.getByRole('button', { name: 'Pay ₱25.00 with Maya' })).toBeEnabled();
  await expect(claimed.getByText('needs JavaScript')).toHaveCount(0);

  // The linked-wallets page (a bundle of its own): painted for this browser, the same list in the app.
  const walletsPage = `${new URL(next).pathname}/wallets`;
  await claimed.goto(walletsPage);
  await page.goto(walletsPage);
  await expect(page.getByRole('button', { name: 'Unlink' })).toBeEnabled();
  const listed = (p: Page) => p.locator('.linked-wallet .wallet-name').allInnerTexts();
  expect(await listed(claimed)).toEqual(['Maya 0917****123']);
  expect(await listed(page)).toEqual(await listed(claimed));
  await expect(page.locator('main')).toHaveCount(1);
  expect(seen).toEqual([]);
  await still.context().close();
  await claimed.context().close();
});

test('a wallet picked on the first paint, before the app arrived, stays picked', async ({ page, request }) => {
  const release = await holdApp(page);
  await page.goto(await newCheckout(request));
  const wallets = page.getByRole('group', { name: 'Choose a payment method' });
  await wallets.getByRole('radio', { name: /Maya/ }).check();
  release();
  await expect(page.getByRole('button', { name: 'Link Maya' })).toBeEnabled();
  await expect(wallets.getByRole('radio', { name: /Maya/ })).toBeChecked();
});

test('a wallet picked in the app while the claim is on its way stays picked when it comes back', async ({ page, request }) => {
  const releaseClaim = await appUpClaimHeld(page, await newCheckout(request));
  const wallets = page.getByRole('group', { name: 'Choose a payment method' });
  await wallets.getByRole('radio', { name: /Maya/ }).check();
  await expect(page.locator('button.primary')).toBeDisabled();
  releaseClaim();
  await expect(page.getByRole('button', { name: 'Link Maya' })).toBeEnabled();
  await expect(wallets.getByRole('radio', { name: /Maya/ })).toBeChecked();
});

test('a region picked in the app while the claim is on its way is shown once the claim is back', async ({ page, request }) => {
  const releaseClaim = await appUpClaimHeld(page, await newCheckout(request, { regions: ['PH', 'MY', 'SG'] }));
  await page.getByLabel('Region').selectOption('MY');
  releaseClaim();
  const wallets = page.getByRole('group', { name: 'Choose a payment method' });
  await expect(wallets.getByRole('radio', { name: /Touch 'n Go eWallet/ })).toBeVisible();
  await expect(wallets.getByRole('radio', { name: /GCash/ })).toHaveCount(0);
  await expect(page.locator('.region select')).toHaveValue('MY');
  await expect(page.locator('button.primary')).toBeEnabled();
});

test('a claim answered before the app arrived is rendered at once: the action is built once, enabled', async ({ page, request }) => {
  // Every primary action put into the page, by the parser (the service's paint) or by the app:
  // whether it came disabled. (A node is met once per record that adds it or an ancestor.)
  await page.addInitScript(() => {
    const seen = new WeakSet<Element>();
    const built: boolean[] = ((window as any).actionsBuilt = []);
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes)
          if (n instanceof Element)
            for (const b of [n, ...n.querySelectorAll('*')])
              if (b.matches('button.primary') && !seen.has(b)) {
                seen.add(b);
                built.push(b.hasAttribute('disabled'));
              }
    }).observe(document, { childList: true, subtree: true });
  });
  const release = await holdApp(page);
  const claimed = page.waitForResponse((r) => r.url().endsWith('/claim'));
  await page.goto(await newCheckout(request));
  expect((await claimed).status()).toBe(200);
  release();
  await expect(page.getByRole('button', { name: 'Link GCash' })).toBeEnabled();
  await expect(page.getByText('Not linked yet').first()).toBeVisible();
  // The service's (waiting), then the app's: enabled the moment it appeared.
  expect(await page.evaluate(() => (window as any).actionsBuilt)).toEqual([true, false]);
});

test('the app writes the painted amounts as the service did, without Intl; another language asks Intl', async ({ page, request }) => {
  // Intl's first use on a page loads its locale data: a long task on a phone, which the takeover no longer waits on.
  await page.addInitScript(() => {
    const Real = Intl.NumberFormat;
    (window as any).numberFormats = 0;
    (Intl as any).NumberFormat = function (...args: any[]) {
      (window as any).numberFormats++;
      return new (Real as any)(...args);
    };
  });
  await page.goto(await newCheckout(request, { amount: 125000 }));
  await expect(page.getByRole('button', { name: 'Link GCash' })).toBeEnabled();
  await appUp(page);
  await expect(page.locator('.order .total strong')).toHaveText('₱1,250.00');
  expect(await page.evaluate(() => (window as any).numberFormats)).toBe(0);
  // A language the service did not write this amount in: Intl writes it.
  await page.getByLabel('Language').selectOption('zh-CN');
  await expect(page.locator('.order .total strong')).toHaveText('PHP\u00a01,250.00');
  expect(await page.evaluate(() => (window as any).numberFormats)).toBeGreaterThan(0);
});

test('a first paint whose data cannot be read is replaced by the app’s own page, not doubled', async ({ page, request }) => {
  await page.route(/\/checkout\/cs_[^/?#]+$/, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(/(<script type="application\/json" id="first-paint">)[^<]*/, '$1{');
    expect(html).toContain('id="first-paint">{</script>');
    await route.fulfill({ response, body: html });
  });
  await page.goto(await newCheckout(request));
  await expect(page.getByRole('button', { name: 'Link GCash' })).toBeEnabled();
  await expect(page.locator('main')).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
});

test('before its app has loaded, the linked-wallets page’s Unlink asks on the service’s page, and the app goes on from the question', async ({ page, request }) => {
  await page.goto(await newCheckout(request));
  await linkMaya(page);
  const release = await holdApp(page);
  await page.getByRole('link', { name: 'Manage linked payment methods' }).click();
  // The painted page's Unlink works at once: the service asks to confirm.
  await page.getByRole('button', { name: 'Unlink' }).click();
  await expect(page).toHaveURL(/\/wallets\?confirm=MAYA$/);
  await expect(page.getByText('Unlink Maya? You will need to authorize it again to pay with it.')).toBeVisible();
  // The app takes the question over as it stands, and its own Yes unlinks (no form post).
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
  });
  release();
  await appUp(page);
  await page.getByRole('button', { name: 'Yes, unlink' }).click();
  await expect(page.getByRole('status')).toHaveText('Maya was unlinked.');
  expect(posts.filter((p) => p.endsWith('/wallets/unlink'))).toEqual([]);
});

test('a keyboard’s focus on the painted page stays where the buyer left it when the app takes over', async ({ page, request }) => {
  const release = await holdApp(page);
  await page.goto(await newCheckout(request));
  const maya = page.getByRole('radio', { name: /Maya/ });
  await maya.focus();
  await page.keyboard.press('ArrowDown');
  const grab = page.getByRole('radio', { name: /GrabPay/ });
  await expect(grab).toBeFocused();
  release();
  await appUp(page);
  // The app's own radio, not the painted one: focused, and checked as the buyer left it.
  await expect(grab).toBeFocused();
  await expect(grab).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Link GrabPay' })).toBeFocused();
});

test('a region and a language picked on the first paint, before the app arrived, stay picked', async ({ page, request }) => {
  const release = await holdApp(page);
  await page.goto(await newCheckout(request, { regions: ['PH', 'MY', 'SG'] }));
  await page.getByLabel('Region').selectOption('MY');
  await page.getByLabel('Language').selectOption('zh-CN');
  release();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('向 Sandbox Merchant 付款');
  const wallets = page.getByRole('group', { name: '选择付款方式' });
  await expect(wallets.getByRole('radio', { name: /Touch 'n Go eWallet/ })).toBeVisible();
  await expect(wallets.getByRole('radio', { name: /GCash/ })).toHaveCount(0);
  await expect(page.locator('.region select')).toHaveValue('MY');
  await expect(page.locator('.language select')).toHaveValue('zh-CN');
  await expect(page.locator('button.primary')).toBeEnabled();
});

test('the return page is painted by the service in the buyer’s language', async ({ browser, request }) => {
  const url = new URL(await newCheckout(request, { locale: 'zh-CN' }));
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${url.pathname}/return?authCode=nothing&authState=nothing`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('正在授权钱包');
  await expect(page.getByText('正在完成授权…')).toBeVisible();
  await context.close();
});

test('in a merchant’s frame the first paint shows before the app has loaded', async ({ page }, info) => {
  // No app at all: what shows is the service's page.
  await page.route(/\.wasm$/, (route) => route.abort());
  await page.goto(`/demo/embedded?buyer=first-paint-frame-${info.project.name}-${Date.now()}`);
  const frame = page.frameLocator('iframe[title="Checkout"]');
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText('Pay Sandbox Merchant');
  await expect(frame.getByRole('group', { name: 'Choose a payment method' }).getByRole('radio')).toHaveCount(3);
  await expect(frame.locator('button.primary')).toBeDisabled();
});

test('before the app has loaded the first paint passes axe in light and dark, in every language', async ({ browser, request }) => {
  // axe is injected as a script: this context bypasses the CSP for it (the page's own is tested elsewhere).
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.route(/\.wasm$/, (route) => route.abort());
  for (const locale of ['en', 'zh-CN', 'zh-TW']) {
    await page.goto(await newCheckout(request, { locale }));
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    // Without the app, once the claim answered: the service's page, usable.
    await expect(page.locator('button.primary')).toBeEnabled();
    await audit(page, `first paint, ${locale}`);
  }
  await context.close();
});

test('the service writes amounts exactly as this browser’s Intl does', async ({ page }) => {
  // The table the service formats with (crates/locale/intl/money.json), against Chromium's Intl.
  const table = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../crates/locale/intl/money.json'), 'utf8'));
  await page.goto('/healthz');
  const mismatches = await page.evaluate((table: any) => {
    const out: string[] = [];
    for (const [locale, numbers] of Object.entries<any>(table)) {
      for (const [currency, affixes] of Object.entries<any>(numbers.currencies)) {
        const digits = ['JPY', 'KRW', 'VND'].includes(currency) ? 0 : 2;
        for (const whole of ['0', '7', '999', '1000', '12345', '1234567']) {
          const major = digits ? `${whole}.05` : whole;
          const intl = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits })
            .format(major as any);
          const grouped = whole.length >= 3 + numbers.min_grouping ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, numbers.group) : whole;
          const ours = `${affixes.prefix}${grouped}${digits ? numbers.decimal + '05' : ''}${affixes.suffix}`;
          if (ours !== intl) out.push(`${locale} ${currency} ${major}: ${JSON.stringify(ours)} vs Intl ${JSON.stringify(intl)}`);
        }
      }
    }
    return out;
  }, table);
  expect(mismatches).toEqual([]);
});
