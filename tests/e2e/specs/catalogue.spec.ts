import { test, expect } from '@playwright/test';

test('a buyer sees the Auto Debit wallets of each region', async ({ page }, info) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Auto Debit wallets');
  const philippines = page.getByRole('list', { name: 'PH' });
  await expect(philippines.getByRole('listitem')).toHaveText(['GCash', 'Maya', 'GrabPay']);
  await expect(page.getByRole('list', { name: 'KR' })).toContainText('KakaoPay');
  await page.screenshot({
    path: `../../target/e2e/screenshots/catalogue-${info.project.name}.png`,
    fullPage: true,
  });
});

test('a deep link into the app still loads the app', async ({ page }) => {
  await page.goto('/checkout/some-session/return?authCode=x&authState=y');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('the app runs under a strict content security policy', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') violations.push(m.text());
  });
  const response = await page.goto('/');
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(csp).not.toContain('unsafe-inline');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(violations).toEqual([]);
});
