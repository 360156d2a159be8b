import { test, expect } from '@playwright/test';
import { linkAtWallet, shot } from './helpers';

const journeys = [
  { locale: 'en', label: 'English', heading: 'Pay Sandbox Merchant', action: /Link GCash|Pay ₱100\.00 with GCash/, link: /Link GCash/, pay: /Pay ₱100\.00 with GCash/, paid: 'Payment successful', back: 'Return to Sandbox Merchant' },
  { locale: 'zh-CN', label: '简体中文', heading: '向 Sandbox Merchant 付款', action: /授权 GCash|使用 GCash 支付/, link: /授权 GCash/, pay: /使用 GCash 支付/, paid: '支付成功', back: '返回 Sandbox Merchant' },
];

for (const j of journeys) {
  test(`the demo shop in ${j.label}: buy, link GCash if needed, pay, and come back to the shop`, async ({ page }, info) => {
    await page.goto('/demo');
    await page.getByLabel(/Checkout language/).selectOption(j.locale);
    await page.getByRole('button', { name: /Buy with Auto Debit/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(j.heading);
    // The demo has one buyer: GCash may already be linked from an earlier visit.
    const action = page.getByRole('button', { name: j.action });
    await expect(action).toBeVisible();
    if (j.link.test((await action.textContent()) ?? '')) {
      await linkAtWallet(page, j.link);
    }
    await page.getByRole('button', { name: j.pay }).click();
    await expect(page.getByRole('heading', { name: j.paid })).toBeVisible();
    await shot(page, `demo-paid-${j.locale}`, info.project.name);
    await page.getByRole('link', { name: j.back }).click();
    // The shop calls the order paid only once its webhook arrived (the page refreshes until then).
    await expect(page.locator('#status')).toHaveText('paid (payment.succeeded webhook received)', { timeout: 15_000 });
  });
}

test('the demo shop offers three regions and its own brand colour', async ({ page }) => {
  await page.goto('/demo');
  await page.getByRole('button', { name: /Buy with Auto Debit/ }).click();
  const wallets = page.getByRole('group', { name: 'Choose a payment method' });
  await expect(wallets.getByRole('radio')).toHaveCount(3);
  await page.getByLabel('Region').selectOption('MY');
  await expect(wallets.getByRole('radio', { name: /Touch 'n Go eWallet/ })).toBeVisible();
  await expect(wallets.getByRole('radio', { name: /Boost/ })).toBeVisible();
  const background = await page.locator('button.primary').evaluate((b) => getComputedStyle(b).backgroundColor);
  expect(background).toBe('rgb(122, 62, 0)');
});

test.describe('a buyer whose browser reads none of the checkout languages', () => {
  test.use({ locale: 'fr-FR' });

  test('the demo shop offers every language, and a KR checkout opens in Korean', async ({ page }) => {
    await page.goto('/demo');
    await expect(page.getByLabel(/Checkout language/).locator('option')).toHaveText([
      "The buyer's browser, else the region's language",
      'English', '简体中文', '繁體中文', '한국어', '日本語', 'ไทย', 'Tiếng Việt', 'Bahasa Indonesia', 'Bahasa Melayu', 'Filipino',
    ]);
    await page.getByLabel(/Buyer's region/).selectOption('KR');
    await page.getByRole('button', { name: /Buy with Auto Debit/ }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sandbox Merchant 결제');
    await expect(page.getByRole('radio', { name: /카카오페이/ })).toBeVisible();
    await expect(page.locator('.total strong')).toHaveText('₩13,000');
  });
});
