import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import { newCheckout, linkAtWallet } from './helpers';

// axe is injected as a script, which our own CSP (rightly) forbids: bypass it for the audit only.
test.use({ bypassCSP: true });
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function audit(page: Page, what: string) {
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

test('every page passes axe (WCAG 2.1 AA) in light and dark', async ({ page, request }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await audit(page, 'home');

  await page.goto(await newCheckout(request));
  await expect(page.getByRole('button', { name: /Link GCash/ })).toBeVisible();
  await audit(page, 'checkout');

  await linkAtWallet(page, /Link GCash/, false);
  await expect(page.getByRole('alert')).toBeVisible();
  await audit(page, 'return with an error');

  await page.getByRole('link', { name: 'Back to checkout' }).click();
  await linkAtWallet(page, /Link GCash/);
  await expect(page.getByRole('status')).toHaveText('GCash is linked. You can pay now.');
  await audit(page, 'checkout with a linked wallet');

  await page.getByRole('button', { name: /Pay ₱100\.00 with GCash/ }).click();
  await expect(page.getByRole('heading', { name: 'Payment successful' })).toBeVisible();
  await audit(page, 'result');

  await page.getByRole('link', { name: 'Manage linked wallets' }).click();
  await expect(page.getByRole('button', { name: 'Unlink' })).toBeVisible();
  await audit(page, 'linked wallets');
});
