import { test, expect } from '@playwright/test';

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

test('an expired or reused checkout link says so', async ({ page }) => {
  await page.goto('/checkout/cs_unknown#t=not-a-token');
  await expect(page.getByRole('alert')).toContainText('This checkout link');
});
