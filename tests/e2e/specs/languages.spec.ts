import { test, expect } from '@playwright/test';
import { newCheckout, linkAtWallet, shot } from './helpers';

test('简体中文: link and pay end to end', async ({ page, request }, info) => {
  await page.goto(await newCheckout(request, { locale: 'zh-CN' }));
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('向 Sandbox Merchant 付款');
  await shot(page, 'checkout-zh-CN', info.project.name);
  await linkAtWallet(page, /授权 GCash/);
  await expect(page.getByRole('status')).toHaveText('GCash 已授权，现在可以付款。');
  await page.getByRole('button', { name: /使用 GCash 支付/ }).click();
  await expect(page.getByRole('heading', { name: '支付成功' })).toBeVisible();
  await shot(page, 'paid-zh-CN', info.project.name);
});

test('繁體中文: link and pay end to end', async ({ page, request }, info) => {
  await page.goto(await newCheckout(request, { locale: 'zh-TW' }));
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
  await linkAtWallet(page, /授權 GCash/);
  await expect(page.getByRole('status')).toHaveText('GCash 已授權，現在可以付款。');
  await page.getByRole('button', { name: /使用 GCash 支付/ }).click();
  await expect(page.getByRole('heading', { name: '付款成功' })).toBeVisible();
  await shot(page, 'paid-zh-TW', info.project.name);
});

test('the buyer can switch language on the page, and it is remembered', async ({ page, request }) => {
  await page.goto(await newCheckout(request));
  await expect(page.getByRole('button', { name: /Link GCash/ })).toBeVisible();
  await page.getByLabel('Language').selectOption('zh-TW');
  await expect(page.getByRole('button', { name: /授權 GCash/ })).toBeVisible();
  await page.goto(await newCheckout(request));
  await expect(page.getByRole('button', { name: /授權 GCash/ })).toBeVisible();
});
