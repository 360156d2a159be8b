import { APIRequestContext, Page, expect } from '@playwright/test';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

const port = Number(process.env.E2E_PORT ?? 18080);
const dataDir = path.resolve(__dirname, `../../../target/e2e/data-${port}`);
export const shots = path.resolve(__dirname, '../../../target/e2e/screenshots');

let counter = 0;

/** A checkout session made through the merchant API, as a shop's backend would. */
export async function newCheckout(
  request: APIRequestContext,
  opts: { amount?: number; locale?: string; buyer?: string; returnUrl?: string; region?: string; currency?: string; mode?: 'payment' | 'setup'; embedOrigin?: string; regions?: string[]; mandate?: object } = {},
): Promise<string> {
  const key = fs.readFileSync(path.join(dataDir, 'sandbox-merchant-api-key'), 'utf8').trim();
  counter += 1;
  const buyer = opts.buyer ?? `e2e-${Date.now()}-${process.pid}-${counter}-${Math.random().toString(36).slice(2)}`;
  const response = await request.post('/v1/checkout-sessions', {
    headers: { Authorization: `Bearer ${key}` },
    data: {
      buyer_reference: buyer,
      order: {
        reference: `order-${buyer}`,
        description: 'Kopi beans 250 g',
        amount: opts.amount ?? 10000,
        currency: opts.currency ?? 'PHP',
        items: [{ name: 'Kopi beans 250 g', quantity: 1, unit_amount: opts.amount ?? 10000 }],
      },
      region: opts.region ?? 'PH',
      mode: opts.mode,
      locale: opts.locale,
      return_url: opts.returnUrl,
      embed_origin: opts.embedOrigin,
      regions: opts.regions,
      mandate: opts.mandate,
    },
  });
  expect(response.status()).toBe(201);
  return (await response.json()).url;
}

/**
 * From the checkout, link the selected wallet by agreeing (or declining) on its
 * page, through the app: the painted page's form would link as well (its own
 * journeys are in without-wasm.spec.ts), so the app is waited for on the way
 * there and back.
 */
export async function linkAtWallet(page: Page, linkButton: RegExp, agree = true, wallet = 'GCASH') {
  await appUp(page);
  await page.getByRole('button', { name: linkButton }).click();
  await expect(page.getByRole('heading', { name: wallet })).toBeVisible();
  await page.getByRole('button', { name: agree ? /Agree/ : /Decline/ }).click();
  await appUp(page);
}

export async function shot(page: Page, name: string, project: string) {
  await page.screenshot({ path: path.join(shots, `${name}-${project}.png`), fullPage: true });
}

/** The sandbox merchant's API key (sandbox mode keeps it in DATA_DIR). */
export function apiKey(): string {
  return fs.readFileSync(path.join(dataDir, 'sandbox-merchant-api-key'), 'utf8').trim();
}

/** The merchant API's authorization header. */
export function apiHeaders() {
  return { Authorization: `Bearer ${apiKey()}` };
}

/**
 * A payment made the way a buyer's browser makes it, over HTTP only: claim the
 * checkout, link GCash at the sandbox wallet page, pay. Returns the payment.
 */
export async function paidPayment(
  playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } },
  request: APIRequestContext,
  amount: number,
  // An Alipay (China) payment instead of GCash, e.g. to declare it to customs.
  where: { region: string; currency: string; wallet: string; login: string } = { region: 'PH', currency: 'PHP', wallet: 'GCASH', login: '09171234123' },
): Promise<{ id: string; state: string }> {
  const url = new URL(await newCheckout(request, { amount, region: where.region, currency: where.currency }));
  const id = url.pathname.split('/')[2];
  const token = url.hash.replace('#t=', '');
  const buyer = await playwright.request.newContext({
    baseURL: `${url.protocol}//${url.host}`,
    extraHTTPHeaders: { 'X-Checkout-Request': '1' },
  });
  expect((await buyer.post(`/api/checkout-sessions/${id}/claim`, { data: { token } })).status()).toBe(200);
  const redirect = await (await buyer.post(`/api/checkout-sessions/${id}/authorizations`, { data: { wallet: where.wallet, terminal: 'WEB' } })).json();
  const decided = await buyer.post(redirect.normal_url, {
    form: { decision: 'agree', login: where.login },
    maxRedirects: 0,
  });
  expect(decided.status()).toBe(303);
  const back = new URL(decided.headers()['location']);
  const linked = await buyer.post(`/api/checkout-sessions/${id}/authorizations/complete`, {
    data: { auth_code: back.searchParams.get('authCode'), auth_state: back.searchParams.get('authState') },
  });
  expect(linked.status()).toBe(200);
  const paid = await buyer.post(`/api/checkout-sessions/${id}/payments`, {
    data: { wallet: where.wallet },
    headers: { 'Idempotency-Key': `pay-${id}` },
  });
  expect(paid.status()).toBe(200);
  const payment = await paid.json();
  await buyer.dispose();
  return payment;
}

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.1 A/AA rules on the page, in light and dark; needs `bypassCSP` to inject axe. */
export async function audit(page: Page, what: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      // @ts-ignore injected above
      const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
      return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
    });
    expect(violations, `${what} (${scheme})`).toEqual([]);
  }
}

/**
 * What a buyer would see as broken layout at the page's current width: the page
 * scrolls sideways, or a button, link, picker or label cuts its own text.
 */
export async function layoutFaults(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const faults: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) {
      faults.push(`the page is ${root.scrollWidth}px wide in a ${root.clientWidth}px window`);
    }
    const name = (e: Element) => `${e.tagName.toLowerCase()} "${(e.textContent ?? '').trim().slice(0, 40)}"`;
    for (const e of Array.from(document.querySelectorAll('button, a, select, label, h1, h2, legend, .wallet-name, .wallet-state, strong'))) {
      const box = e.getBoundingClientRect();
      if (box.width === 0 || getComputedStyle(e).visibility === 'hidden') continue;
      if (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0) faults.push(`${name(e)} cuts its text (${e.scrollWidth}px in ${e.clientWidth}px)`);
      if (box.right > root.clientWidth + 1 || box.left < -1) faults.push(`${name(e)} sticks out of the window`);
    }
    return faults;
  });
}

/** An operator account made through `/v1/operators` with the bootstrap key. */
export interface Operator { email: string; password: string; totpSecret: string; recoveryCodes: string[] }

export async function newOperator(request: APIRequestContext, role: 'viewer' | 'support' | 'admin'): Promise<Operator> {
  counter += 1;
  const email = `${role}-${Date.now()}-${process.pid}-${counter}@shop.example`;
  const password = `pw-${Math.random().toString(36).slice(2)}-long-enough`;
  const response = await request.post('/v1/operators', { headers: apiHeaders(), data: { email, role, password } });
  expect(response.status()).toBe(201);
  const created = await response.json();
  return { email, password, totpSecret: created.totp_secret, recoveryCodes: created.recovery_codes };
}

/** RFC 6238 (SHA-1, six digits, 30 s): what the operator's authenticator app shows `steps` steps from now. */
export function totp(secretBase32: string, steps = 0): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const c of secretBase32.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  const counterBytes = Buffer.alloc(8);
  counterBytes.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000) + steps));
  const mac = crypto.createHmac('sha1', Buffer.from(bytes)).update(counterBytes).digest();
  const offset = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** Fills the console's sign-in form. */
export async function fillSignIn(page: Page, op: Operator, code: string, password = op.password) {
  await page.getByLabel('E-mail address').fill(op.email);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Authenticator code').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Waits until the app has taken the page over. The service's painted page works
 * before it: the checkout's action and the linked-wallets page's Unlink are plain
 * forms (`form.act`) that the app's page does not have, so an enabled button no
 * longer says the app is running.
 */
export async function appUp(page: Page) {
  await expect(page.locator('form.act')).toHaveCount(0);
}
