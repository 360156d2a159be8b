import { test, expect } from '@playwright/test';
import { appUp, newCheckout, linkAtWallet } from './helpers';

test('the app runs under a strict content security policy', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const response = await page.goto('/');
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(csp).not.toContain('unsafe-inline');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Checkout');
  expect(errors).toEqual([]);
});

test('a sandbox never passes for the real thing: the checkout, the linked wallets page and the console show a Sandbox banner', async ({ page, request }) => {
  const url = await newCheckout(request);
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pay Sandbox Merchant');
  const banner = page.getByRole('note', { name: 'Sandbox' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('no real money moves');
  const id = new URL(url).pathname.split('/')[2];
  await page.goto(`/checkout/${id}/wallets`);
  await expect(page.getByRole('note', { name: 'Sandbox' })).toBeVisible();
  await page.goto('/ops');
  await expect(page.getByRole('heading', { name: 'Sign in to the operator console' })).toBeVisible();
  await expect(page.getByRole('note', { name: 'Sandbox' })).toBeVisible();
});

test('an expired or reused checkout link says so', async ({ page }) => {
  await page.goto('/checkout/cs_unknown#t=not-a-token');
  await expect(page.getByRole('alert')).toContainText('This checkout link was already used or has expired');
});

test('a browser that never opened the checkout is told so, never that its link expired', async ({ page, request }) => {
  const id = new URL(await newCheckout(request)).pathname.split('/')[2];
  // The checkout's address without its one-time token: what a frame whose cookie was
  // blocked, or another browser, amounts to.
  await page.goto(`/checkout/${id}`);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('This checkout is not open in this browser');
  await expect(alert).not.toContainText('expired');
});

test('wallet-link injection: a victim who agrees on an attacker\'s consent page links their wallet to nobody', async ({ browser, request }) => {
  // The attacker starts a link on their own checkout and keeps the wallet's consent URL.
  const attacker = await browser.newContext();
  const attackerPage = await attacker.newPage();
  await attackerPage.goto(await newCheckout(request, { buyer: `attacker-${Date.now()}` }));
  await appUp(attackerPage);
  await attackerPage.getByRole('button', { name: /Link GCash/ }).click();
  await expect(attackerPage.getByRole('heading', { name: 'GCASH' })).toBeVisible();
  const consentUrl = attackerPage.url();

  // The victim opens it in their own browser ("link GCash for a voucher") and agrees.
  const victim = await browser.newContext();
  const victimPage = await victim.newPage();
  await victimPage.goto(consentUrl);
  await victimPage.getByRole('button', { name: /Agree/ }).click();
  // The return page takes the wallet's answer out of the address bar as soon as it has
  // read it, so only the path is certain here.
  await expect(victimPage).toHaveURL(/\/return(\?|$)/);
  // The victim's browser did not start the link: it shows a code, and warns never to hand it over.
  await expect(victimPage.getByRole('heading', { name: 'Finish in the checkout where you started' })).toBeVisible();
  await expect(victimPage.getByRole('note').filter({ hasText: 'Never give it to anyone' })).toBeVisible();
  const shown = (await victimPage.locator('.link-code-shown').innerText()).replace(/\D/g, '');
  expect(shown).toMatch(/^\d{6}$/);

  // Antom's AUTHCODE_CREATED notification arrives meanwhile; it links nothing either.
  await victimPage.waitForTimeout(3_000);
  await attackerPage.goBack();
  await expect(attackerPage.getByRole('button', { name: /Link GCash/ })).toBeVisible();
  await expect(attackerPage.getByRole('button', { name: /Pay/ })).toHaveCount(0);
  // The attacker never saw the code: a guess is refused, and nothing is linked.
  const guess = String((Number(shown) + 1) % 1_000_000).padStart(6, '0');
  await attackerPage.getByLabel(/Type the 6-digit code/).fill(guess);
  await attackerPage.getByRole('button', { name: 'Finish linking' }).click();
  await expect(attackerPage.getByRole('alert')).toContainText('That is not the code shown in the other browser');
  await expect(attackerPage.getByRole('button', { name: /Pay/ })).toHaveCount(0);
  await attacker.close();
  await victim.close();
});

test('a wallet that returns the buyer to another browser: the code shown there finishes the link where it started', async ({ browser, page, request }) => {
  await page.goto(await newCheckout(request));
  // Through the app, which offers the code's field once its link went to a wallet.
  await appUp(page);
  await page.getByRole('button', { name: /Link GCash/ }).click();
  await expect(page.getByRole('heading', { name: 'GCASH' })).toBeVisible();
  // The wallet app opens the phone's default browser, not this one.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(page.url());
  await otherPage.getByRole('button', { name: /Agree/ }).click();
  await expect(otherPage.getByText('If you started paying Sandbox Merchant in another browser or app, go back to that checkout and type this code there')).toBeVisible();
  await expect(otherPage.getByText('The code works for 5 minutes.')).toBeVisible();
  await expect(otherPage.getByRole('note').filter({ hasText: 'Whoever types this code can pay Sandbox Merchant with your GCash' })).toBeVisible();
  // The wallet's answer left the address bar: a reload cannot show new codes.
  expect(new URL(otherPage.url()).search).toBe('');
  const code = await otherPage.locator('.link-code-shown').innerText();
  await other.close();
  // Back in the browser that started it: nothing was linked silently; it can link
  // again, or type the code (as a person would, with its space).
  await page.goBack();
  await expect(page.getByRole('button', { name: /Link GCash/ })).toBeEnabled();
  await page.getByLabel(/Type the 6-digit code/).fill(code);
  await page.getByRole('button', { name: 'Finish linking' }).click();
  await expect(page.getByRole('status')).toHaveText('GCash is linked. You can pay now.');
  await page.getByRole('button', { name: /Pay ₱100\.00 with GCash/ }).click();
  await expect(page.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
});

test('two orders open in two tabs: each tab\'s Pay button charges its own order', async ({ context, request }) => {
  const buyer = `two-tabs-${Date.now()}`;
  const tabA = await context.newPage();
  await tabA.goto(await newCheckout(request, { buyer, amount: 10000 }));
  await expect(tabA.getByRole('heading', { level: 1 })).toHaveText('Pay Sandbox Merchant');
  await linkAtWallet(tabA, /Link GCash/);
  await expect(tabA.getByRole('button', { name: /Pay ₱100\.00 with GCash/ })).toBeVisible();
  // The same browser opens a second order (₱250.00) in another tab.
  const tabB = await context.newPage();
  await tabB.goto(await newCheckout(request, { buyer, amount: 25000 }));
  await expect(tabB.getByRole('button', { name: /Pay ₱250\.00 with GCash/ })).toBeVisible();
  // Back in the first tab: its button still pays the first order, for its own amount.
  await tabA.getByRole('button', { name: /Pay ₱100\.00 with GCash/ }).click();
  await expect(tabA.getByText('₱100.00 paid with GCash.')).toBeVisible();
  await tabB.reload();
  await expect(tabB.getByRole('button', { name: /Pay ₱250\.00 with GCash/ })).toBeVisible();
});
