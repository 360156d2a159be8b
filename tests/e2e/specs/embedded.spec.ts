import { test, expect } from '@playwright/test';

test('embedded in a merchant page: link in a new tab, pay in the frame, events reach the parent', async ({ page, context }, info) => {
  // Two tabs and the frame's 2 s polling: more than the default 30 s on a loaded 2-core machine.
  test.setTimeout(60_000);
  const buyer = `embedded-${info.project.name}-${Date.now()}`;
  await page.goto(`/demo/embedded?buyer=${buyer}`);
  const events = page.locator('#events li');
  await expect(events.filter({ hasText: /^ready$/ })).toHaveCount(1);

  const frame = page.frameLocator('iframe[title="Checkout"]');
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText('Pay Sandbox Merchant');
  // Wallet pages refuse framing: the wallet opens in a new tab.
  const [walletTab] = await Promise.all([
    context.waitForEvent('page'),
    frame.getByRole('button', { name: /Link GCash/ }).click(),
  ]);
  await expect(frame.getByRole('status')).toHaveText('Continue in the GCash tab that just opened.');
  await expect(walletTab.getByRole('heading', { name: 'GCASH' })).toBeVisible();
  await walletTab.getByRole('button', { name: /Agree/ }).click();
  // The tab has none of the frame's (partitioned) cookies: it hands the code back to the
  // frame that opened it, which finishes the link with its own session and answers.
  await expect(walletTab.getByRole('status')).toHaveText('GCash is linked. You can close this tab and continue in the checkout.');
  await walletTab.close();

  await expect(frame.getByRole('status')).toHaveText('GCash is linked. You can pay now.', { timeout: 10_000 });
  await expect(events.filter({ hasText: /^authorized GCASH$/ })).toHaveCount(1);
  await frame.getByRole('button', { name: /Pay ₱100\.00 with GCash/ }).click();
  await expect(frame.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await expect(events.filter({ hasText: /^payment_succeeded pay_/ })).toHaveCount(1);
  // The frame grew to its content (resize events), so nothing scrolls inside it.
  const height = await page.locator('#checkout').evaluate((el) => el.getBoundingClientRect().height);
  expect(height).toBeGreaterThan(300);
});

test('the checkout refuses to be framed by a page the merchant did not allow', async ({ request }) => {
  const response = await request.get('/checkout/anything');
  const csp = response.headers()['content-security-policy'];
  expect(csp).toMatch(/frame-ancestors 'self'[^;]*/);
  expect(csp).not.toContain('frame-ancestors *');
});
