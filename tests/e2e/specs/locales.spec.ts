import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { audit, layoutFaults, linkAtWallet, newCheckout, shot } from './helpers';

// Every page in every language the checkout speaks, at the narrowest phone and a
// wide desktop: nothing scrolls sideways, no button cuts its words, <html lang>
// names the language, and axe finds nothing. The words expected are the
// catalogue's own, so a new translation is checked without editing this file.

test.use({ bypassCSP: true }); // axe is injected as a script

const LOCALES = ['en', 'zh-CN', 'zh-TW', 'ko', 'ja', 'th', 'vi', 'id', 'ms', 'fil'];
const WIDTHS = [320, 1440];

function catalogue(code: string): Record<string, string> {
  const text = fs.readFileSync(path.resolve(__dirname, `../../../i18n/${code}/checkout.ftl`), 'utf8');
  const words: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = line.match(/^([a-z0-9-]+) = (.*)$/);
    if (m) words[m[1]] = m[2];
  }
  words['__locale'] = code;
  return words;
}

// As the app says it: in Chinese, a message with arguments has a space between Han
// text and a Latin word (使用 GCash 支付; 使用支付宝支付 stays as it is).
function say(words: Record<string, string>, key: string, args: Record<string, string> = {}): string {
  const text = words[key].replace(/\{ \$(\w+) \}/g, (_, name) => args[name]);
  if (!words['__locale'].startsWith('zh') || Object.keys(args).length === 0) return text;
  const han = '\u3400-\u4dbf\u4e00-\u9fff';
  return text
    .replace(new RegExp(`([${han}])([A-Za-z])`, 'g'), '$1 $2')
    .replace(new RegExp(`([A-Za-z])([${han}])`, 'g'), '$1 $2');
}

async function fitsEveryWidth(page: Page, what: string, project: string) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    expect(await layoutFaults(page), `${what} at ${width}px`).toEqual([]);
    await shot(page, `${what}-${width}`, project);
  }
}

for (const code of LOCALES) {
  test(`${code}: every page reads in it and fits 320 px and 1440 px`, async ({ page, request }, info) => {
    test.skip(info.project.name !== 'desktop', 'this test sets its own widths');
    const words = catalogue(code);
    const wallet = 'GCash';
    await page.goto(await newCheckout(request, { locale: code }));
    await expect(page.locator('html')).toHaveAttribute('lang', code);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(say(words, 'order-heading', { merchant: 'Sandbox Merchant' }));
    const link = say(words, 'link-wallet', { wallet });
    await expect(page.getByRole('button', { name: link })).toBeEnabled();
    await fitsEveryWidth(page, `checkout-${code}`, info.project.name);
    await audit(page, `checkout in ${code}`);

    // The return page, when the buyer declined at the wallet.
    await linkAtWallet(page, new RegExp(link.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), false);
    await expect(page.getByRole('alert')).toContainText(say(words, 'error-auth-declined'));
    await expect(page.locator('html')).toHaveAttribute('lang', code);
    await fitsEveryWidth(page, `return-${code}`, info.project.name);

    await page.getByRole('link', { name: say(words, 'back-to-checkout') }).click();
    await linkAtWallet(page, new RegExp(link.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await expect(page.getByRole('status')).toHaveText(say(words, 'just-linked', { wallet }));
    await fitsEveryWidth(page, `linked-${code}`, info.project.name);
    await page.locator('button.primary').click();
    await expect(page.getByRole('heading', { name: say(words, 'result-succeeded') })).toBeVisible();
    await fitsEveryWidth(page, `paid-${code}`, info.project.name);
    await audit(page, `result in ${code}`);

    await page.getByRole('link', { name: say(words, 'manage-wallets') }).click();
    await expect(page.getByRole('button', { name: say(words, 'unlink') })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', code);
    await fitsEveryWidth(page, `wallets-${code}`, info.project.name);
  });
}
