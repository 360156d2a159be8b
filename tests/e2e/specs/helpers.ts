import { APIRequestContext, Page, expect } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

const port = Number(process.env.E2E_PORT ?? 18080);
const dataDir = path.resolve(__dirname, `../../../target/e2e/data-${port}`);
export const shots = path.resolve(__dirname, '../../../target/e2e/screenshots');

let counter = 0;

/** A checkout session made through the merchant API, as a shop's backend would. */
export async function newCheckout(
  request: APIRequestContext,
  opts: { amount?: number; locale?: string; buyer?: string; returnUrl?: string } = {},
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
        currency: 'PHP',
        items: [{ name: 'Kopi beans 250 g', quantity: 1, unit_amount: opts.amount ?? 10000 }],
      },
      region: 'PH',
      locale: opts.locale,
      return_url: opts.returnUrl,
    },
  });
  expect(response.status()).toBe(201);
  return (await response.json()).url;
}

/** From the checkout, link the selected wallet by agreeing (or declining) on its page. */
export async function linkAtWallet(page: Page, linkButton: RegExp, agree = true) {
  await page.getByRole('button', { name: linkButton }).click();
  await expect(page.getByRole('heading', { name: 'GCASH' })).toBeVisible();
  await page.getByRole('button', { name: agree ? /Agree/ : /Decline/ }).click();
}

export async function shot(page: Page, name: string, project: string) {
  await page.screenshot({ path: path.join(shots, `${name}-${project}.png`), fullPage: true });
}
