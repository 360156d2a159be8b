import { test, expect, Page, APIRequestContext } from '@playwright/test';
import { newCheckout } from './helpers';

// A merchant's page on another origin (another port of this loopback host:
// same site, so the checkout's SameSite=Lax cookie works over http; a
// cross-site page needs the https cookie, SameSite=None; Secure; Partitioned)
// embeds checkouts with /embed/v1.js, pinned by its integrity hash, under a CSP
// with no inline script or style (tests/e2e/merchant-page.mjs).
const port = Number(process.env.E2E_PORT ?? 18080);
const shop = `http://127.0.0.1:${Number(process.env.E2E_SHOP_PORT ?? port + 1)}`;

async function shopWith(page: Page, request: APIRequestContext, count: number, extra: Record<string, string> = {}) {
  const urls: string[] = [];
  for (let i = 0; i < count; i++) urls.push(await newCheckout(request, { embedOrigin: shop }));
  const query = new URLSearchParams(extra);
  urls.forEach((url, i) => query.set(`checkout${i + 1}`, url));
  await page.goto(`${shop}/shop.html?${query}`);
  return urls.map((url) => new URL(url).pathname.split('/')[2]);
}

test('another shop embeds the checkout with one script tag: link, pay, and hear every event in order', async ({ page, request, context }) => {
  test.setTimeout(60_000);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  const [session] = await shopWith(page, request, 1);
  const frame = page.frameLocator('#checkout-1 iframe');
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText('Pay Sandbox Merchant');
  const events = page.locator('#events-1 li');
  await expect(events).toHaveText(['ready']);
  const iframe = page.locator('#checkout-1 iframe');
  await expect(iframe).toHaveAttribute('title', 'Checkout');
  expect(await iframe.getAttribute('sandbox')).not.toContain('allow-top-navigation');

  // Wallet pages refuse framing: the wallet opens in a tab of its own.
  const [walletTab] = await Promise.all([
    context.waitForEvent('page'),
    frame.getByRole('button', { name: /Link GCash/ }).click(),
  ]);
  await expect(walletTab.getByRole('heading', { name: 'GCASH' })).toBeVisible();
  await walletTab.getByRole('button', { name: /Agree/ }).click();
  await expect(walletTab.getByRole('status')).toHaveText('GCash is linked. You can close this tab and continue in the checkout.');
  await walletTab.close();
  await expect(frame.getByRole('status')).toHaveText('GCash is linked. You can pay now.', { timeout: 10_000 });
  await frame.getByRole('button', { name: /Pay ₱100\.00 with GCash/ }).click();
  await expect(frame.getByRole('heading', { name: 'Payment successful' })).toBeVisible();

  await expect(events).toHaveText(['ready', 'authorized GCASH', /^payment_succeeded pay_/]);
  const heard = await page.evaluate(() => (window as any).events[1]);
  expect(heard.map((e: any) => e.session)).toEqual([session, session, session]);
  expect(heard[2]).toMatchObject({ type: 'payment_succeeded', amount: { minor: 10000, currency: 'PHP' } });
  // The frame follows its content's height (no scrolling inside it), set without any inline style the CSP would refuse.
  expect(await iframe.evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(300);
  expect(problems, 'no CSP violation or other console complaint on the shop page').toEqual([]);
});

test('each checkout hears only its own frame; forged messages from the page or another frame are ignored', async ({ page, request }) => {
  const [one, two] = await shopWith(page, request, 2, { locale: 'ko' });
  await expect(page.frameLocator('#checkout-1 iframe').getByRole('heading', { level: 1 })).toHaveText('Sandbox Merchant 결제');
  await expect(page.locator('#events-1 li')).toHaveText(['ready']);
  await expect(page.locator('#events-2 li')).toHaveText(['ready']);
  expect(await page.evaluate(() => (window as any).events[1][0].session)).toBe(one);
  expect(await page.evaluate(() => (window as any).events[2][0].session)).toBe(two);

  // The shop's own window (its origin, not a checkout frame) pretends a payment succeeded.
  await page.evaluate(() =>
    window.postMessage({ source: 'antom-checkout', event: 'payment_succeeded', session: 'forged', payment: 'pay_forged', amount: 1, currency: 'PHP' }, '*'),
  );
  // A frame of the checkout's own origin that is no mounted checkout does the same:
  // a real checkout made for this shop (an unknown id's page may be framed by no one).
  const strayUrl = await newCheckout(request, { embedOrigin: shop });
  const stray = new URL(strayUrl).pathname.split('/')[2];
  await page.evaluate((src) => {
    const frame = document.createElement('iframe');
    frame.src = src;
    document.body.appendChild(frame);
  }, strayUrl);
  await expect.poll(() => page.frames().some((f) => f.url().includes(`/checkout/${stray}`))).toBe(true);
  await page.frames().find((f) => f.url().includes(`/checkout/${stray}`))!.evaluate(() =>
    parent.postMessage({ source: 'antom-checkout', event: 'payment_failed', session: 'stray', payment: 'pay_stray', amount: 1, currency: 'PHP' }, '*'),
  );
  // Checkout 2's own frame speaks: only checkout 2 hears it (the sentinel: the forgeries were posted before it).
  await page.frames().find((f) => f.url().includes(`/checkout/${two}`))!.evaluate(() =>
    parent.postMessage({ source: 'antom-checkout', event: 'authorized', session: 'from-two', wallet: 'MAYA' }, '*'),
  );
  await expect(page.locator('#events-2 li')).toHaveText(['ready', 'authorized MAYA']);
  await expect(page.locator('#events-1 li')).toHaveText(['ready']);
});

test('destroy() removes the frame and its listener, once', async ({ page, request }) => {
  await shopWith(page, request, 2);
  await expect(page.locator('#events-2 li')).toHaveText(['ready']);
  expect(await page.evaluate(() => (window as any).messageListeners)).toBe(2);
  await page.evaluate(() => (window as any).mounted[1].destroy());
  await expect(page.locator('#checkout-1 iframe')).toHaveCount(0);
  expect(await page.evaluate(() => (window as any).messageListeners)).toBe(1);
  await page.evaluate(() => (window as any).mounted[1].destroy());
  expect(await page.evaluate(() => (window as any).messageListeners)).toBe(1);
  await page.evaluate(() => (window as any).mounted[2].destroy());
  expect(await page.evaluate(() => (window as any).messageListeners)).toBe(0);
  await expect(page.locator('iframe')).toHaveCount(0);
});

test('mount() refuses what is not a checkout URL or an element', async ({ page }) => {
  await page.goto(`${shop}/shop.html`);
  const refused = await page.evaluate(() =>
    [
      () => (window as any).AntomCheckout.mount('#nowhere', { url: 'https://pay.example/checkout/cs_1' }),
      () => (window as any).AntomCheckout.mount('#checkout-1', { url: 'http://pay.example/checkout/cs_1' }),
      () => (window as any).AntomCheckout.mount('#checkout-1', { url: 'javascript:alert(1)' }),
    ].map((f) => {
      try {
        f();
        return 'mounted';
      } catch (e) {
        return (e as Error).name;
      }
    }),
  );
  expect(refused).toEqual(['TypeError', 'TypeError', 'TypeError']);
  await expect(page.locator('iframe')).toHaveCount(0);
});
