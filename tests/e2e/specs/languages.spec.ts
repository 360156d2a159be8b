import { test, expect } from '@playwright/test';
import { appUp, newCheckout, linkAtWallet, shot } from './helpers';

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

// Link and pay in three of the region languages, each chosen another way: the
// buyer region (nothing else names a language), the merchant's session, the browser.
test.describe('a browser that reads none of the checkout languages', () => {
  test.use({ locale: 'fr-FR' });

  test('한국어: a KR checkout opens in Korean, links KakaoPay and pays', async ({ page, request }, info) => {
    await page.goto(await newCheckout(request, { region: 'KR', currency: 'KRW', amount: 15000 }));
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sandbox Merchant 결제');
    await expect(page.getByLabel('언어')).toHaveValue('ko');
    await shot(page, 'checkout-ko', info.project.name);
    await linkAtWallet(page, /카카오페이 연결하기/, true, 'KAKAOPAY');
    await expect(page.getByRole('status')).toHaveText('카카오페이 연결이 완료되었습니다. 이제 결제할 수 있습니다.');
    await page.getByRole('button', { name: '카카오페이 결제 · ₩15,000' }).click();
    await expect(page.getByRole('heading', { name: '결제 완료' })).toBeVisible();
    await expect(page.getByText('카카오페이에서 ₩15,000 결제가 완료되었습니다.')).toBeVisible();
    await shot(page, 'paid-ko', info.project.name);
  });
});

test('ไทย: the merchant asks for Thai; link TrueMoney and pay', async ({ page, request }, info) => {
  await page.goto(await newCheckout(request, { region: 'TH', currency: 'THB', amount: 35000, locale: 'th' }));
  await expect(page.locator('html')).toHaveAttribute('lang', 'th');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ชำระเงินให้ Sandbox Merchant');
  await linkAtWallet(page, /ผูกบัญชี TrueMoney/, true, 'TRUEMONEY');
  await expect(page.getByRole('status')).toHaveText('ผูกบัญชี TrueMoney แล้ว ชำระเงินได้เลย');
  await page.getByRole('button', { name: 'ชำระ ฿350.00 ด้วย TrueMoney' }).click();
  await expect(page.getByRole('heading', { name: 'ชำระเงินสำเร็จ' })).toBeVisible();
  await shot(page, 'paid-th', info.project.name);
});

test.describe('an Indonesian browser', () => {
  test.use({ locale: 'id-ID' });

  test('Bahasa Indonesia: link DANA and pay, IDR with its two decimals', async ({ page, request }, info) => {
    await page.goto(await newCheckout(request, { region: 'ID', currency: 'IDR', amount: 15000000 }));
    await expect(page.locator('html')).toHaveAttribute('lang', 'id');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bayar ke Sandbox Merchant');
    await linkAtWallet(page, /Hubungkan DANA/, true, 'DANA');
    await expect(page.getByRole('status')).toHaveText('DANA sudah terhubung. Anda bisa membayar sekarang.');
    await page.getByRole('button', { name: 'Bayar Rp\u00a0150.000,00 dengan DANA' }).click();
    await expect(page.getByRole('heading', { name: 'Pembayaran berhasil' })).toBeVisible();
    await shot(page, 'paid-id', info.project.name);
  });
});

test('only the buyer\'s language comes with the page; another is fetched when picked', async ({ page, request }) => {
  const catalogues: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/i18n/')) catalogues.push(new URL(r.url()).pathname);
  });
  await page.goto(await newCheckout(request, { region: 'KR', currency: 'KRW', amount: 15000, locale: 'ko' }));
  await expect(page.getByRole('button', { name: /카카오페이 연결하기/ })).toBeEnabled();
  await appUp(page);
  expect(catalogues, 'the Korean words came in the page').toEqual([]);
  // The app's own bundle carries English only.
  const wasm = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => e.name).find((n) => n.endsWith('.wasm')),
  );
  const bytes = Buffer.from(await (await request.get(wasm!)).body());
  expect(bytes.includes(Buffer.from('Link { $wallet }'))).toBe(true);
  for (const foreign of ['연결하기', 'と連携する', 'ผูกบัญชี', 'Hubungkan', 'Pautkan', 'I-link ang', '授權', 'Liên kết']) {
    expect(bytes.includes(Buffer.from(foreign)), foreign).toBe(false);
  }
  await page.getByLabel('언어').selectOption('ja');
  await expect(page.getByRole('button', { name: /KakaoPay と連携する/ })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  expect(catalogues).toEqual(['/i18n/ja/checkout.ftl']);
  // Back to Korean: its words are still here, nothing is fetched again.
  await page.getByLabel('言語').selectOption('ko');
  await expect(page.getByRole('button', { name: /카카오페이 연결하기/ })).toBeVisible();
  expect(catalogues).toEqual(['/i18n/ja/checkout.ftl']);
});

test('the picker names ten languages, each in itself, and works from the keyboard', async ({ page, request }) => {
  await page.goto(await newCheckout(request));
  const picker = page.getByRole('combobox', { name: 'Language' });
  await expect(picker.locator('option')).toHaveText([
    'English', '简体中文', '繁體中文', '한국어', '日本語', 'ไทย', 'Tiếng Việt', 'Bahasa Indonesia', 'Bahasa Melayu', 'Filipino',
  ]);
  for (const [code, lang] of [['ko', 'ko'], ['th', 'th'], ['fil', 'fil']]) {
    await expect(picker.locator(`option[value="${code}"]`)).toHaveAttribute('lang', lang);
  }
  await expect(page.getByRole('button', { name: /Link GCash/ })).toBeEnabled();
  // The painted page's button works before the app: wait for the app's own page,
  // which replaces the painted picker this test focuses.
  await appUp(page);
  await picker.focus();
  await page.keyboard.press('End');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fil');
  await expect(page.getByRole('button', { name: /I-link ang GCash/ })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Wika' })).toBeFocused();
});

test.describe('a Korean browser without a checkout', () => {
  test.use({ locale: 'ko-KR' });

  test('the app alone (no first paint) fetches Korean before it renders anything', async ({ page }) => {
    const seen: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/i18n/')) seen.push(new URL(r.url()).pathname);
    });
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('결제');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    expect(seen).toEqual(['/i18n/ko/checkout.ftl']);
  });
});

test('繁體中文 in Hong Kong: AlipayHK as Hong Kong writes it, HKD, dates day first', async ({ page, request }) => {
  await page.goto(await newCheckout(request, { region: 'HK', currency: 'HKD', amount: 7800, locale: 'zh-TW' }));
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
  await linkAtWallet(page, /授權支付寶香港/, true, 'ALIPAY_HK');
  await page.getByRole('button', { name: '使用支付寶香港支付 HK$78.00' }).click();
  await expect(page.getByRole('heading', { name: '付款成功' })).toBeVisible();
  // Intl's zh-HK: 3/12/2026 (Taiwan writes 2026/12/3).
  await expect(page.locator('dd').last()).toHaveText(/^\d{1,2}\/\d{1,2}\/20\d\d/);
});
