import { test, expect } from '@playwright/test';
import { linkAtWallet, shot } from './helpers';

test('the demo shop: buy, link GCash if needed, pay, and come back to the shop', async ({ page }, info) => {
  await page.goto('/demo');
  await page.getByLabel(/Checkout language/).selectOption('zh-CN');
  await page.getByRole('button', { name: /Buy with Auto Debit/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('向 Sandbox Merchant 付款');
  // The demo has one buyer: GCash may already be linked from an earlier visit.
  const action = page.getByRole('button', { name: /授权 GCash|使用 GCash 支付/ });
  await expect(action).toBeVisible();
  if ((await action.textContent())?.includes('授权')) {
    await linkAtWallet(page, /授权 GCash/);
  }
  await page.getByRole('button', { name: /使用 GCash 支付/ }).click();
  await expect(page.getByRole('heading', { name: '支付成功' })).toBeVisible();
  await shot(page, 'demo-paid-zh-CN', info.project.name);
  await page.getByRole('link', { name: '返回 Sandbox Merchant' }).click();
  await expect(page.locator('#status')).toHaveText('succeeded');
});

test('the demo shop offers three regions and its own brand colour', async ({ page }) => {
  await page.goto('/demo');
  await page.getByRole('button', { name: /Buy with Auto Debit/ }).click();
  const wallets = page.getByRole('group', { name: 'Pay with a wallet' });
  await expect(wallets.getByRole('radio')).toHaveCount(3);
  await page.getByLabel('Region').selectOption('MY');
  await expect(wallets.getByRole('radio', { name: /Touch 'n Go eWallet/ })).toBeVisible();
  await expect(wallets.getByRole('radio', { name: /Boost/ })).toBeVisible();
  const background = await page.locator('button.primary').evaluate((b) => getComputedStyle(b).backgroundColor);
  expect(background).toBe('rgb(122, 62, 0)');
});
