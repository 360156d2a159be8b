import { test, expect } from '@playwright/test';
import { appUp, newCheckout, linkAtWallet, shot, apiHeaders } from './helpers';

test('a buyer links GCash and pays in one click', async ({ page, request }, info) => {
  const url = await newCheckout(request, { returnUrl: 'https://shop.example/thanks' });
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pay Sandbox Merchant');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page).not.toHaveURL(/#t=/); // the one-time token leaves the address bar
  const wallets = page.getByRole('group', { name: 'Choose a payment method' });
  await expect(wallets.getByRole('radio')).toHaveCount(3);
  await expect(wallets.getByRole('radio', { name: /GCash/ })).toBeChecked();
  await shot(page, 'checkout-en', info.project.name);

  await linkAtWallet(page, /Link GCash/);
  await expect(page.getByRole('status')).toHaveText('GCash is linked. You can pay now.');
  await expect(wallets.getByText('Linked · 0917****123')).toBeVisible();
  await page.getByRole('button', { name: /Pay ₱100\.00 with GCash/ }).click();
  await expect(page.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await expect(page.getByText('₱100.00 paid with GCash.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Return to Sandbox Merchant' })).toHaveAttribute('href', 'https://shop.example/thanks');
  await shot(page, 'paid-en', info.project.name);

  // A reload shows the same honest result.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
});

test('a setup checkout links GCash without paying and goes back to the merchant', async ({ page, request }, info) => {
  const url = await newCheckout(request, { mode: 'setup', returnUrl: 'https://shop.example/subscribed' });
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Link a wallet for Sandbox Merchant');
  await linkAtWallet(page, /Link GCash/);
  await expect(page.getByRole('heading', { name: 'GCash is linked' })).toBeVisible();
  await expect(page.getByText('Sandbox Merchant will charge this wallet as you agreed. Nothing has been charged yet.')).toBeVisible();
  await expect(page.getByRole('button', { name: /Pay/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Return to Sandbox Merchant' })).toHaveAttribute('href', 'https://shop.example/subscribed');
  await shot(page, 'setup-linked-en', info.project.name);
  const id = new URL(url).pathname.split('/')[2];
  const session = await (await request.get(`/v1/checkout-sessions/${id}`, { headers: apiHeaders() })).json();
  expect(session.state).toBe('completed');
  expect(session.payment_id).toBeNull();
});

test('a buyer who declines at the wallet gets a clear message and a way back', async ({ page, request }, info) => {
  await page.goto(await newCheckout(request));
  await linkAtWallet(page, /Link GCash/, false);
  await expect(page.getByRole('heading', { name: 'The wallet was not linked' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('You did not authorize the wallet');
  await shot(page, 'declined-en', info.project.name);
  await page.getByRole('link', { name: 'Back to checkout' }).click();
  await expect(page.getByRole('button', { name: /Link GCash/ })).toBeVisible();
});

test('insufficient balance says why and lets the buyer try again', async ({ page, request }, info) => {
  await page.goto(await newCheckout(request, { amount: 10001 }));
  await linkAtWallet(page, /Link GCash/);
  await page.getByRole('button', { name: /Pay ₱100\.01 with GCash/ }).click();
  await expect(page.getByRole('alert')).toContainText('Your account balance is not enough for this payment.');
  await expect(page.getByRole('button', { name: /Pay ₱100\.01 with GCash/ })).toBeEnabled();
  await shot(page, 'failed-en', info.project.name);
});

test('a processing payment turns into success without a reload', async ({ page, request }) => {
  await page.goto(await newCheckout(request, { amount: 10003 }));
  await linkAtWallet(page, /Link GCash/);
  await page.getByRole('button', { name: /Pay ₱100\.03 with GCash/ }).click();
  await expect(page.getByRole('heading', { name: 'Payment processing' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Payment successful' })).toBeVisible({ timeout: 15_000 });
});

test('a double click on Pay makes one payment', async ({ page, request }) => {
  await page.goto(await newCheckout(request));
  await linkAtWallet(page, /Link GCash/);
  let payCalls = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/payments')) payCalls += 1;
  });
  await page.getByRole('button', { name: /Pay ₱100\.00 with GCash/ }).dblclick();
  await expect(page.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  expect(payCalls).toBe(1);
});

test('reloading the return page keeps the link and lands on the checkout', async ({ page, request }) => {
  await page.goto(await newCheckout(request));
  let returnUrl = '';
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame() && f.url().includes('/return?')) returnUrl = f.url();
  });
  await linkAtWallet(page, /Link GCash/);
  await expect(page.getByRole('status')).toHaveText('GCash is linked. You can pay now.');
  expect(returnUrl).toContain('authCode=');
  await page.goto(returnUrl);
  await expect(page.getByRole('status')).toHaveText('GCash is linked. You can pay now.');
  await page.goBack();
  await expect(page).not.toHaveURL(/authCode/);
});

test('a buyer unlinks a wallet after confirming', async ({ page, request }, info) => {
  await page.goto(await newCheckout(request));
  await linkAtWallet(page, /Link GCash/);
  await page.getByRole('link', { name: 'Manage linked payment methods' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Linked payment methods');
  await page.getByRole('button', { name: 'Unlink' }).click();
  await expect(page.getByText('Unlink GCash? You will need to authorize it again to pay with it.')).toBeVisible();
  await shot(page, 'unlink-en', info.project.name);
  await page.getByRole('button', { name: 'Yes, unlink' }).click();
  await expect(page.getByRole('status')).toHaveText('GCash was unlinked.');
  await expect(page.getByText('You have no linked payment methods.')).toBeVisible();
  await page.getByRole('link', { name: 'Back to checkout' }).click();
  await expect(page.getByRole('button', { name: /Link GCash/ })).toBeVisible();
});

test('back from unlinking on the linked-wallets page, the checkout offers to link again', async ({ page, request }) => {
  await page.goto(await newCheckout(request));
  await linkAtWallet(page, /Link GCash/);
  await expect(page.getByRole('button', { name: /Pay ₱100\.00 with GCash/ })).toBeVisible();
  await page.getByRole('link', { name: 'Manage linked payment methods' }).click();
  // The app's Unlink (the painted page's would post, and Back would land on its question).
  await appUp(page);
  await page.getByRole('button', { name: 'Unlink' }).click();
  await page.getByRole('button', { name: 'Yes, unlink' }).click();
  await expect(page.getByRole('status')).toHaveText('GCash was unlinked.');
  // The browser's back button may bring the checkout back as it was left.
  await page.goBack();
  await expect(page.getByRole('button', { name: /Link GCash/ })).toBeVisible();
});
