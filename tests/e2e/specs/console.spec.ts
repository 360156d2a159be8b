import { test, expect, Page, APIRequestContext } from '@playwright/test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { apiHeaders, audit, fillSignIn, newOperator, paidPayment, shot, totp } from './helpers';

// The console reconciles "today" against the whole sandbox, so it runs after the
// other suites (see playwright.config.ts) and its tests run one after another.
test.describe.configure({ mode: 'serial' });

/** Signs in as a fresh operator with `role` (a fresh browser session: no earlier cookie). */
async function signIn(page: Page, role: 'viewer' | 'support' | 'admin' = 'admin') {
  await page.context().clearCookies();
  const op = await newOperator(page.request, role);
  await page.goto('/ops');
  await fillSignIn(page, op, totp(op.totpSecret));
  await expect(page.getByRole('heading', { name: 'Payments', level: 1 })).toBeVisible();
  return op;
}

test('an operator signs in with password and authenticator code, stays signed in across a reload, and signs out', async ({ page, request }) => {
  const response = await page.goto('/ops');
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  await expect(page.getByRole('heading', { name: 'Sign in to the operator console' })).toBeVisible();
  // No API key is ever typed into the console.
  await expect(page.getByLabel('Merchant API key')).toHaveCount(0);
  const op = await newOperator(request, 'admin');
  await fillSignIn(page, op, totp(op.totpSecret));
  await expect(page.getByRole('heading', { name: 'Payments', level: 1 })).toBeVisible();
  await expect(page.locator('.who')).toHaveText(`${op.email} · Admin`);

  const cookie = (await page.context().cookies()).find((c) => c.name === 'ops_sign_in');
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe('Strict');
  expect(await page.evaluate(() => document.cookie)).not.toContain('ops_sign_in');
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toContain(op.password);

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Payments', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to the operator console' })).toBeVisible();
  // The old cookie is dead on the server too.
  const replayed = await request.get('/v1/payments', { headers: { Cookie: `ops_sign_in=${cookie!.value}` } });
  expect(replayed.status()).toBe(401);
});

test('a wrong code or password is refused alike, a code works once, and five failures lock the account', async ({ page, request }) => {
  const op = await newOperator(request, 'support');
  await page.goto('/ops');
  await fillSignIn(page, op, '000000');
  await expect(page.getByRole('alert')).toContainText('The e-mail address, password or code is not right.');
  // The refused code is cleared: a new one must be typed.
  await expect(page.getByLabel('Authenticator code')).toHaveValue('');
  for (let i = 0; i < 3; i += 1) {
    await fillSignIn(page, op, totp(op.totpSecret), 'not the password at all');
    await expect(page.getByRole('alert')).toContainText('not right');
  }
  await fillSignIn(page, op, totp(op.totpSecret), 'not the password at all');
  await expect(page.getByRole('alert')).toContainText('this account is locked for 15 minutes');
  // Even the right password and a fresh code: locked.
  await fillSignIn(page, op, totp(op.totpSecret, 1));
  await expect(page.getByRole('alert')).toContainText('locked');
  await expect(page.getByRole('heading', { name: 'Payments', level: 1 })).toHaveCount(0);

  // A recovery code stands in for the authenticator (another operator, not locked).
  const other = await newOperator(request, 'viewer');
  await fillSignIn(page, other, other.recoveryCodes[0]);
  await expect(page.getByRole('heading', { name: 'Payments', level: 1 })).toBeVisible();
});

test('a viewer sees payments without actions, support refunds, and only an admin manages API keys', async ({ page, request, playwright }) => {
  const paid = await paidPayment(playwright, request, 5600);
  await signIn(page, 'viewer');
  await page.getByRole('link', { name: paid.id }).click();
  await expect(page.getByRole('heading', { name: `Payment ${paid.id}` })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Refund…' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Cancel payment…' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'API keys' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Reconciliation' }).click();
  await expect(page.getByRole('button', { name: 'Import and reconcile' })).toHaveCount(0);

  await signIn(page, 'support');
  await page.goto(`/ops/payments/${paid.id}`);
  await expect(page.getByRole('button', { name: 'Refund…' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'API keys' })).toHaveCount(0);

  await signIn(page, 'admin');
  await page.getByRole('link', { name: 'API keys' }).click();
  await expect(page.getByRole('heading', { name: 'API keys', level: 1 })).toBeVisible();
  await page.getByLabel('Name').fill('warehouse');
  await page.getByRole('checkbox', { name: 'refunds' }).check();
  await page.getByRole('button', { name: 'Create key' }).click();
  const secret = (await page.locator('code.secret').textContent())!.trim();
  expect(secret).toMatch(/^sk_sandbox_key_[0-9a-f]{10}_/);
  await expect(page.getByRole('status')).toContainText('Copy it now: it is not shown again.');
  const row = page.getByRole('row', { name: /warehouse/ });
  await expect(row).toContainText('read refunds');
  // The key works for what it was given, and no more.
  expect((await request.get(`/v1/payments/${paid.id}`, { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(200);
  expect((await request.get('/v1/api-keys', { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(403);
  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(row.getByRole('alertdialog')).toContainText('Revoke warehouse? Anything still using it stops working at once.');
  await row.getByRole('button', { name: 'Yes, revoke' }).click();
  await expect(page.getByRole('row', { name: /warehouse/ })).toContainText('Not active');
  expect((await request.get(`/v1/payments/${paid.id}`, { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(401);
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
  // Wallets by the names buyers know, with the market where a name repeats.
  const wallets = page.getByLabel('Wallet').locator('option');
  await expect(wallets.filter({ hasText: 'GrabPay (Singapore)' })).toHaveCount(1);
  await expect(wallets.filter({ hasText: 'GrabPay (Malaysia)' })).toHaveCount(1);
  await expect(wallets.filter({ hasText: /^PayPay$/ })).toHaveCount(1);
  await expect(page.getByRole('row', { name: new RegExp(paid.id) })).toContainText('GCash');
  await expect(page.getByRole('row', { name: new RegExp(paid.id) })).not.toContainText('GCASH');
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
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Name').fill('audited');
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect(page.locator('code.secret')).toBeVisible();
    await audit(page, 'console API keys');
    // The health page counts the payment above among Antom's successes of the last hour.
    await page.getByRole('link', { name: 'Health' }).click();
    await expect(page.getByRole('heading', { name: 'Service health', level: 1 })).toBeVisible();
    const outcomes = page.getByRole('table', { name: 'As counted by the replica that answered this page.' });
    const succeeded = outcomes.getByRole('row', { name: /Succeeded \(S\)/ });
    await expect(succeeded).toBeVisible();
    expect(Number(await succeeded.locator('td').first().textContent())).toBeGreaterThan(0);
    await expect(page.getByText('Processing for over ten minutes')).toBeVisible();
    await audit(page, 'console health');
  });
});
