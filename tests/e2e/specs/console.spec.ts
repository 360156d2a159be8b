import { test, expect, Page, APIRequestContext } from '@playwright/test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { apiHeaders, apiKey, audit, paidPayment, shot } from './helpers';

// The console reconciles "today" against the whole sandbox, so it runs after the
// other suites (see playwright.config.ts) and its tests run one after another.
test.describe.configure({ mode: 'serial' });

async function signIn(page: Page) {
  await page.goto('/ops');
  await page.getByLabel('Merchant API key').fill(apiKey());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Payments', level: 1 })).toBeVisible();
}

test('the key is asked for once, checked, and kept in memory only', async ({ page }) => {
  const response = await page.goto('/ops');
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  await expect(page.getByRole('heading', { name: 'Sign in to the operator console' })).toBeVisible();
  await page.getByLabel('Merchant API key').fill('sk_sandbox_wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('That API key was not accepted');
  await page.getByLabel('Merchant API key').fill(apiKey());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Payments', level: 1 })).toBeVisible();
  expect(page.url()).not.toContain(apiKey());
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toContain(apiKey().slice(-12));
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in to the operator console' })).toBeVisible();
});

test('payments are filtered, refunded in part after a confirmation, declared, and cancelled', async ({ page, request, playwright }, info) => {
  const paid = await paidPayment(playwright, request, 12000);
  // Amounts ending in 01: the sandbox wallet's balance runs short.
  const failed = await paidPayment(playwright, request, 7001);
  const toCancel = await paidPayment(playwright, request, 4500);
  // Customs declarations are for Alipay (China) payments: CNY 88.00.
  const fromChina = await paidPayment(playwright, request, 8800, { region: 'CN', currency: 'CNY', wallet: 'ALIPAY_CN', login: '13812345678' });
  expect(failed.state).toBe('failed');

  await signIn(page);
  await page.getByLabel('Status').selectOption('failed');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByRole('link', { name: failed.id })).toBeVisible();
  await expect(page.getByRole('link', { name: paid.id })).toHaveCount(0);

  await page.getByLabel('Status').selectOption('');
  await page.getByLabel('Amount at least').fill('100');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByRole('alert')).toHaveText('Choose a currency to filter by amount.');
  await page.getByLabel('Currency').selectOption('PHP');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByRole('link', { name: paid.id })).toBeVisible();
  await expect(page.getByRole('link', { name: toCancel.id })).toHaveCount(0);
  await shot(page, 'console-payments', info.project.name);

  // Refund ₱20.00 of ₱120.00: asked, confirmed, done once even if clicked twice.
  await page.getByRole('link', { name: paid.id }).click();
  await expect(page.getByRole('heading', { name: `Payment ${paid.id}` })).toBeVisible();
  await page.getByLabel('Amount (PHP)').fill('200.00');
  await page.getByRole('button', { name: 'Refund…' }).click();
  await expect(page.getByText('Up to ₱120.00 can still be refunded.')).toBeVisible();
  await expect(page.getByLabel('Amount (PHP)')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Amount (PHP)').fill('20.00');
  await page.getByRole('button', { name: 'Refund…' }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('Refund ₱20.00 to the buyer? This cannot be undone.');
  await confirm.getByRole('button', { name: 'Yes, refund' }).dblclick();
  await expect(page.getByRole('status')).toHaveText('Refund of ₱20.00 succeeded.');
  await expect(page.getByText('Refund succeeded', { exact: true })).toBeVisible();
  const refunds = await (await request.get(`/v1/payments/${paid.id}/refunds`, { headers: apiHeaders() })).json();
  expect(refunds.map((r: { amount: number }) => r.amount)).toEqual([2000]);
  await expect(page.getByText('Up to ₱100.00 can still be refunded.')).toBeVisible();
  // A refunded payment cannot be voided: the console does not offer it.
  await expect(page.getByRole('button', { name: 'Cancel payment…' })).toHaveCount(0);
  // Nor a GCash payment's customs declaration: only Alipay (China) payments are declared.
  await expect(page.getByRole('heading', { name: 'Declare to customs' })).toHaveCount(0);
  await expect(page.getByText('Operator asked for a refund')).toBeVisible();

  // Declare to customs, in CNY: what Antom says customs may be told of the payment.
  await page.goto('/ops');
  await signIn(page);
  await page.getByRole('link', { name: fromChina.id }).click();
  await expect(page.getByRole('heading', { name: `Payment ${fromChina.id}` })).toBeVisible();
  await expect(page.getByLabel('Amount to declare (CNY)')).toHaveValue('88.00');
  // The payment's webhooks are on its timeline (the sandbox demo shop listens for them).
  await expect(page.getByText('Webhook: payment succeeded')).toBeVisible();
  await page.getByLabel('Customs office code').fill('ZONGSHU');
  await page.getByLabel('Merchant customs registration code').fill('1234567890');
  await page.getByLabel('Merchant customs registration name').fill('Kopi Shop Ltd');
  await page.getByRole('button', { name: 'Declare', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText(/^CN¥88\.00 declared to customs office ZONGSHU\.$/);
  await expect(page.getByText('Customs declaration sent')).toBeVisible();
  await shot(page, 'console-payment', info.project.name);

  // Cancel another payment, after saying no once.
  await page.goto('/ops');
  await signIn(page);
  await page.getByRole('link', { name: toCancel.id }).click();
  await page.getByRole('button', { name: 'Cancel payment…' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('Cancel this payment and return ₱45.00 to the buyer?');
  await page.getByRole('button', { name: 'No, keep it' }).click();
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await page.getByRole('button', { name: 'Cancel payment…' }).click();
  await page.getByRole('button', { name: 'Yes, cancel payment' }).click();
  await expect(page.getByRole('status')).toHaveText('The payment was cancelled.');
  await expect(page.locator('.summary')).toContainText('Cancelled');
});

async function settled(request: APIRequestContext) {
  // Reconcile a quiet sandbox: nothing of ours may still be in flight.
  await expect
    .poll(async () => (await (await request.get('/v1/payments?state=processing', { headers: apiHeaders() })).json()).total, { timeout: 45_000 })
    .toBe(0);
}

test('a sandbox day reconciles clean, and a tampered amount shows exactly that mismatch', async ({ page, request, playwright }, info) => {
  const paid = await paidPayment(playwright, request, 13300);
  await settled(request);
  const answer = await (await request.post('/sandbox/control/settlement', { data: {} })).json();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reports-'));
  const files: string[] = answer.files.map((f: { name: string; content: string }) => {
    fs.writeFileSync(path.join(dir, f.name), f.content);
    return path.join(dir, f.name);
  });

  await signIn(page);
  await page.getByRole('link', { name: 'Reconciliation' }).click();
  await expect(page.getByRole('heading', { name: 'Settlement reconciliation' })).toBeVisible();
  await page.getByLabel(/Antom report files/).setInputFiles(files);
  await page.getByRole('button', { name: 'Import and reconcile' }).click();
  await expect(page.locator('.verdict')).toHaveText('Clean: nothing is missing and every amount agrees.');
  await expect(page.getByText('The settlement summaries agree with their details.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Settlement by currency' })).toContainText('PHP');

  const details = files.find((f) => path.basename(f).startsWith('transactionItems'))!;
  const text = fs.readFileSync(details, 'utf8');
  const line = text.split('\n').findIndex((l) => l.includes(paid.id) || (l.includes(',PAYMENT,') && l.includes(',133.00,')));
  expect(line).toBeGreaterThan(0);
  fs.writeFileSync(details, text.replace(/,133\.00,/, ',131.00,'));
  await page.getByLabel(/Antom report files/).setInputFiles([details]);
  await page.getByRole('button', { name: 'Import and reconcile' }).click();
  await expect(page.locator('.verdict')).toHaveText('One item needs attention.');
  const row = page.locator('tr.mismatch');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Amount differs');
  await expect(row.getByRole('link', { name: paid.id })).toBeVisible();
  await expect(row).toContainText(`${path.basename(details)}:${line + 1}`);
  await expect(row).toContainText('₱133.00');
  await expect(row).toContainText('₱131.00');
  await shot(page, 'console-reconciliation', info.project.name);

  // The report stays: it is what the page shows next time.
  await page.getByRole('link', { name: 'Payments' }).click();
  await page.getByRole('link', { name: 'Reconciliation' }).click();
  await expect(page.locator('tr.mismatch')).toHaveCount(1);
});

test('a malformed report is refused with its line and column', async ({ page, request }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-'));
  const bad = path.join(dir, 'settlementSummary_PHP_202611220099_000.csv');
  fs.writeFileSync(bad, 'settlementBatchId,summaryType,count,settlementAmountValue,settlementCurrency\nB,TOTAL,two,1.00,PHP\n<END>\n');
  await signIn(page);
  await page.getByRole('link', { name: 'Reconciliation' }).click();
  await page.getByLabel(/Antom report files/).setInputFiles([bad]);
  await page.getByRole('button', { name: 'Import and reconcile' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('A report file is malformed; nothing was imported.');
  await expect(alert).toContainText('settlementSummary_PHP_202611220099_000.csv, line 2, column count');
  void request;
});

test('the console speaks 简体中文 and 繁體中文', async ({ page }) => {
  await signIn(page);
  await page.getByLabel('Language').selectOption('zh-CN');
  await expect(page.getByRole('heading', { name: '支付', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: '对账' })).toBeVisible();
  await page.getByLabel('语言').selectOption('zh-TW');
  await expect(page.getByRole('heading', { name: '付款', level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
  await page.getByLabel('語言').selectOption('en');
});

test.describe('accessibility', () => {
  // axe is injected as a script, which the console's CSP (rightly) forbids.
  test.use({ bypassCSP: true });

  test('every console page passes axe (WCAG 2.1 AA) in light and dark', async ({ page, request, playwright }) => {
    const paid = await paidPayment(playwright, request, 8800);
    await page.goto('/ops');
    await expect(page.getByRole('heading', { name: 'Sign in to the operator console' })).toBeVisible();
    await audit(page, 'console sign-in');
    await signIn(page);
    await audit(page, 'console payments');
    await page.getByRole('link', { name: paid.id }).click();
    await expect(page.getByRole('heading', { name: 'History' })).toBeVisible();
    await page.getByRole('button', { name: 'Refund…' }).click();
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await audit(page, 'console payment with a refund to confirm');
    await page.getByRole('link', { name: 'Reconciliation' }).click();
    await expect(page.locator('.verdict, .loading, p')).not.toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Import and reconcile' })).toBeVisible();
    await audit(page, 'console reconciliation');
  });
});
