import { test, expect, Page } from '@playwright/test';
import { appUp, newCheckout, apiHeaders } from './helpers';

// Where WebAssembly is unavailable (iOS Lockdown Mode, a locked-down WebView or
// browser policy), the service's first paint is the checkout: its form posts to
// the service, which links and pays (src/routes/checkout/action.rs,
// crates/merchant/src/http/first_paint/forms.rs).

/** The page's scripts find no WebAssembly, as in Lockdown Mode. */
async function withoutWebAssembly(page: Page) {
  await page.addInitScript(() => {
    delete (globalThis as any).WebAssembly;
  });
}

/** How many payments of exactly `amount` the merchant's API lists. */
async function paymentsOf(request: import('@playwright/test').APIRequestContext, amount: number): Promise<number> {
  const r = await request.get(`/v1/payments?min_amount=${amount}&max_amount=${amount}`, { headers: apiHeaders() });
  expect(r.status()).toBe(200);
  return (await r.json()).total;
}

test('without WebAssembly a buyer links a wallet and pays, and a double tap is one payment', async ({ page, request }) => {
  await withoutWebAssembly(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A whole peso amount of its own (the sandbox scripts amounts by their last two digits: 01 fails, 03 waits).
  const amount = (2000 + Math.floor(Math.random() * 900)) * 100;
  await page.goto(await newCheckout(request, { amount }));
  const total = await page.locator('.order .total strong').innerText();
  // The claim answered: the painted page's button works, labelled for this buyer.
  await page.getByRole('group', { name: 'Choose a payment method' }).getByRole('radio', { name: /Maya/ }).check();
  await page.getByRole('button', { name: 'Link Maya' }).click();
  await expect(page.getByRole('heading', { name: 'MAYA' })).toBeVisible();
  await page.getByRole('button', { name: /Agree/ }).click();
  // The service finished the link for this browser and says so on its page.
  await expect(page.getByRole('status')).toHaveText('Maya is linked. You can pay now.');
  expect(new URL(page.url()).search).toBe('?linked=MAYA');
  const pay = page.getByRole('button', { name: `Pay ${total} with Maya` });
  await expect(pay).toBeEnabled();
  // A double tap: the second submit of the same page is held back, and would be the same payment anyway.
  await pay.dblclick();
  await expect(page.getByRole('heading', { name: 'Payment successful' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(`${total} paid with Maya.`)).toBeVisible();
  expect(await paymentsOf(request, amount)).toBe(1);
  expect(errors).toEqual([]);
});

test('without WebAssembly a declined link says why and nothing is linked', async ({ page, request }) => {
  await withoutWebAssembly(page);
  await page.goto(await newCheckout(request));
  await page.getByRole('button', { name: 'Link GCash' }).click();
  await expect(page.getByRole('heading', { name: 'GCASH' })).toBeVisible();
  await page.getByRole('button', { name: /Decline/ }).click();
  await expect(page.getByRole('alert')).toContainText('You did not authorize');
  await expect(page.getByRole('button', { name: 'Link GCash' })).toBeEnabled();
});

test('without WebAssembly a buyer unlinks a wallet after confirming, may keep it, and a double tap is one unlink', async ({ page, request }) => {
  await withoutWebAssembly(page);
  await page.goto(await newCheckout(request));
  await page.getByRole('button', { name: 'Link GCash' }).click();
  await page.getByRole('button', { name: /Agree/ }).click();
  await expect(page.getByRole('status')).toHaveText('GCash is linked. You can pay now.');
  await page.getByRole('link', { name: 'Manage linked payment methods' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Linked payment methods');
  // Asked, and kept: nothing is done.
  await page.getByRole('button', { name: 'Unlink' }).click();
  await expect(page.getByText('Unlink GCash? You will need to authorize it again to pay with it.')).toBeVisible();
  await page.getByRole('button', { name: 'Keep it' }).click();
  await expect(page.getByRole('button', { name: 'Unlink' })).toBeVisible();
  await expect(page.getByText('GCash 0917****123')).toBeVisible();
  // Asked, and confirmed with a double tap: one post.
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
  });
  await page.getByRole('button', { name: 'Unlink' }).click();
  await page.getByRole('button', { name: 'Yes, unlink' }).dblclick();
  await expect(page.getByRole('status')).toHaveText('GCash was unlinked.');
  await expect(page.getByText('You have no linked payment methods.')).toBeVisible();
  expect(posts.filter((p) => p.endsWith('/wallets/unlink'))).toHaveLength(1);
  await page.getByRole('link', { name: 'Back to checkout' }).click();
  await expect(page.getByRole('button', { name: 'Link GCash' })).toBeEnabled();
});

test('with JavaScript off, a browser that claimed the checkout picks another wallet, links it and pays, on the service’s pages alone', async ({ browser, page, request }) => {
  // A whole peso amount of its own (the sandbox scripts amounts by their last two digits).
  const amount = (2000 + Math.floor(Math.random() * 900)) * 100;
  await page.goto(await newCheckout(request, { amount }));
  await appUp(page);
  // The claim took a script (its token is in the fragment); from here on none runs.
  const off = await browser.newContext({ javaScriptEnabled: false });
  await off.addCookies(await page.context().cookies());
  const p = await off.newPage();
  await p.goto(page.url());
  const total = await p.locator('.order .total strong').innerText();
  await p.getByRole('radio', { name: /Maya/ }).check();
  // No script relabels the button, which still says GCash's action: the service
  // does nothing for Maya but paint the page again with Maya picked and its action.
  await p.getByRole('button', { name: 'Link GCash' }).click();
  await expect(p).toHaveURL(/\?wallet=MAYA$/);
  await expect(p.getByRole('radio', { name: /Maya/ })).toBeChecked();
  await p.getByRole('button', { name: 'Link Maya' }).click();
  await expect(p.getByRole('heading', { name: 'MAYA' })).toBeVisible();
  await p.getByRole('button', { name: /Agree/ }).click();
  await expect(p.getByRole('status')).toHaveText('Maya is linked. You can pay now.');
  await p.getByRole('button', { name: `Pay ${total} with Maya` }).click();
  await expect(p.getByRole('heading', { name: 'Payment successful' })).toBeVisible({ timeout: 15_000 });
  expect(await paymentsOf(request, amount)).toBe(1);
  await off.close();
});

test('a tap before the app arrived is posted once: the app does not take the page over mid-way', async ({ page, request }) => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\.wasm$/, async (route) => {
    await gate;
    await route.continue();
  });
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && !r.url().endsWith('/claim')) posts.push(new URL(r.url()).pathname);
  });
  await page.goto(await newCheckout(request));
  const link = page.getByRole('button', { name: 'Link GCash' });
  await expect(link).toBeEnabled();
  await link.click();
  release();
  await expect(page.getByRole('heading', { name: 'GCASH' })).toBeVisible();
  await page.getByRole('button', { name: /Agree/ }).click();
  await expect(page.getByRole('status')).toHaveText('GCash is linked. You can pay now.');
  // One post of the form, none by the app; then the wallet page's own.
  expect(posts.filter((p) => p.startsWith('/checkout/') || p.startsWith('/api/'))).toEqual([
    expect.stringMatching(/^\/checkout\/cs_[^/]+\/act$/),
  ]);
});
