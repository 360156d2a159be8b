import { test, expect } from '@playwright/test';
import { appUp, audit, newCheckout, linkAtWallet } from './helpers';

// axe is injected as a script, which our own CSP (rightly) forbids: bypass it for the audit only.
test.use({ bypassCSP: true });

test('every page passes axe (WCAG 2.1 AA) in light and dark', async ({ page, request }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await audit(page, 'home');

  await page.goto(await newCheckout(request));
  await expect(page.getByRole('button', { name: /Link GCash/ })).toBeVisible();
  await audit(page, 'checkout');

  await linkAtWallet(page, /Link GCash/, false);
  await expect(page.getByRole('alert')).toBeVisible();
  await audit(page, 'return with an error');

  await page.getByRole('link', { name: 'Back to checkout' }).click();
  await linkAtWallet(page, /Link GCash/);
  await expect(page.getByRole('status')).toHaveText('GCash is linked. You can pay now.');
  await audit(page, 'checkout with a linked wallet');

  await page.getByRole('button', { name: /Pay ₱100\.00 with GCash/ }).click();
  await expect(page.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await audit(page, 'result');

  await page.getByRole('link', { name: 'Manage linked payment methods' }).click();
  await expect(page.getByRole('button', { name: 'Unlink' })).toBeVisible();
  await appUp(page);
  await audit(page, 'linked wallets');
  // The service's own page asking to confirm: what a browser without the app gets.
  await page.route(/\.wasm$/, (route) => route.abort());
  await page.goto(`${page.url()}?confirm=GCASH`);
  await expect(page.getByRole('button', { name: 'Yes, unlink' })).toBeVisible();
  await audit(page, 'linked wallets, confirming');
});
