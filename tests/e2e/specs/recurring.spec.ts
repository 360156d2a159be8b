import { test, expect } from '@playwright/test';
import { apiHeaders, appUp, audit, linkAtWallet, newCheckout, shot } from './helpers';

// axe is injected as a script, which our own CSP (rightly) forbids: bypass it for the audit only.
test.use({ bypassCSP: true });

const mandate = {
  description: 'Kopi Club membership',
  max_amount_per_charge: 50000,
  interval: 'month',
  max_amount_per_interval: 50000,
};

// What each language says of the mandate, the link button, the wallets page and unlinking.
// The amount is written as this browser's Intl writes PHP in that language (₱500.00, PHP 500.00).
const languages = [
  { locale: 'en', perMonth: /Up to ₱500\.00 a month/, link: /Link GCash/, manage: 'Manage linked payment methods', unlink: 'Unlink', yes: 'Yes, unlink' },
  { locale: 'ko', perMonth: /월 최대 (₱|PHP\s?)500\.00/, link: /GCash 연결하기/, manage: '연결된 결제수단 관리', unlink: '연결 해제', yes: '연결 해제' },
  { locale: 'th', perMonth: /สูงสุด (₱|PHP\s?)500\.00 ต่อเดือน/, link: /ผูกบัญชี GCash/, manage: 'จัดการบัญชีที่ผูกไว้', unlink: 'ยกเลิกการผูกบัญชี', yes: 'ใช่ ยกเลิกการผูกบัญชี' },
];

for (const l of languages) {
  test(`a setup checkout shows its mandate before linking, and the wallets page shows and ends it (${l.locale})`, async ({ page, request }, info) => {
    const buyer = `mandate-${l.locale}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const url = await newCheckout(request, { mode: 'setup', locale: l.locale, mandate, buyer });
    await page.goto(url);
    const terms = page.locator('section.mandate');
    await expect(terms).toContainText('Kopi Club membership');
    await expect(terms).toContainText(l.perMonth);
    await audit(page, `mandate before linking (${l.locale})`);
    await shot(page, `mandate-${l.locale}`, info.project.name);

    await linkAtWallet(page, l.link);
    await page.getByRole('link', { name: l.manage }).click();
    await appUp(page);
    const shown = page.locator('.linked-wallet section.mandate');
    await expect(shown).toContainText(l.perMonth);
    await audit(page, `linked wallets with a mandate (${l.locale})`);

    // Ending it: the link is revoked at Antom, and the mandate ends with it.
    await page.getByRole('button', { name: l.unlink, exact: true }).click();
    await page.getByRole('button', { name: l.yes, exact: true }).last().click();
    await expect(page.locator('section.mandate')).toHaveCount(0);
    const wallets = await (await request.get(`/v1/buyers/${buyer}/wallets`, { headers: apiHeaders() })).json();
    const gcash = wallets.find((w: { wallet: string }) => w.wallet === 'GCASH');
    expect(gcash.link).toBe('not_linked');
    expect(gcash.mandate.ended_by).toBe('buyer');
  });
}
