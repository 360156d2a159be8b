import { test, expect } from '@playwright/test';
import { newCheckout, linkAtWallet } from './helpers';

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
  await expect(page.getByRole('alert')).toContainText('This checkout link');
});

test('wallet-link injection: a victim who agrees on an attacker\'s consent page links their wallet to nobody', async ({ browser, request }) => {
  // The attacker starts a link on their own checkout and keeps the wallet's consent URL.
  const attacker = await browser.newContext();
  const attackerPage = await attacker.newPage();
  await attackerPage.goto(await newCheckout(request, { buyer: `attacker-${Date.now()}` }));
  await attackerPage.getByRole('button', { name: /Link GCash/ }).click();
  await expect(attackerPage.getByRole('heading', { name: 'GCASH' })).toBeVisible();
  const consentUrl = attackerPage.url();

  // The victim opens it in their own browser ("link GCash for a voucher") and agrees.
  const victim = await browser.newContext();
  const victimPage = await victim.newPage();
  await victimPage.goto(consentUrl);
  await victimPage.getByRole('button', { name: /Agree/ }).click();
  await expect(victimPage).toHaveURL(/\/return\?/);
  await expect(victimPage.getByRole('alert')).toContainText('This link was started in another browser or app');

  // Antom's AUTHCODE_CREATED notification arrives meanwhile; it links nothing either.
  await victimPage.waitForTimeout(3_000);
  await attackerPage.goBack();
  await expect(attackerPage.getByRole('button', { name: /Link GCash/ })).toBeVisible();
  await expect(attackerPage.getByRole('button', { name: /Pay/ })).toHaveCount(0);
  await attacker.close();
  await victim.close();
});

test('a wallet that returns the buyer to another browser says where to finish; the checkout offers to link again', async ({ browser, page, request }) => {
  await page.goto(await newCheckout(request));
  await page.getByRole('button', { name: /Link GCash/ }).click();
  await expect(page.getByRole('heading', { name: 'GCASH' })).toBeVisible();
  // The wallet app opens the phone's default browser, not this one.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(page.url());
  await otherPage.getByRole('button', { name: /Agree/ }).click();
  await expect(otherPage.getByRole('alert')).toContainText('Go back to the checkout where you started');
  await other.close();
  // Back in the browser that started it: nothing was linked silently; it can link again.
  await page.goBack();
  await expect(page.getByRole('button', { name: /Link GCash/ })).toBeEnabled();
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
