// Writes money.json: how Intl.NumberFormat writes an amount of each catalogue
// currency in each offered language, as pieces the merchant service can put
// together without Intl (it renders the checkout's first paint in Rust).
// Run with `node crates/locale/intl/generate.mjs`; the browser suite checks the
// file against Chromium's Intl (tests/browser/first-paint.spec.ts).
import { writeFileSync } from 'node:fs';

const locales = ['en', 'zh-CN', 'zh-TW', 'ko', 'ja', 'th', 'vi', 'id', 'ms', 'fil'];
const currencies = { CNY: 2, HKD: 2, IDR: 2, JPY: 0, KRW: 0, MYR: 2, PHP: 2, SGD: 2, THB: 2, VND: 0 };

const table = {};
for (const locale of locales) {
  const entry = { group: ',', decimal: '.', min_grouping: 1, currencies: {} };
  for (const [currency, digits] of Object.entries(currencies)) {
    const format = new Intl.NumberFormat(locale, {
      style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits,
    });
    const parts = format.formatToParts(digits ? '1234567.89' : '1234567');
    const first = parts.findIndex((p) => p.type === 'integer');
    const last = parts.findLastIndex((p) => ['integer', 'group', 'decimal', 'fraction'].includes(p.type));
    const text = (ps) => ps.map((p) => p.value).join('');
    entry.currencies[currency] = { prefix: text(parts.slice(0, first)), suffix: text(parts.slice(last + 1)) };
    for (const p of parts) {
      if (p.type === 'group') entry.group = p.value;
      if (p.type === 'decimal') entry.decimal = p.value;
    }
    // Some languages leave four-digit numbers ungrouped (CLDR minimumGroupingDigits 2).
    const small = format.formatToParts('1234');
    if (!small.some((p) => p.type === 'group')) entry.min_grouping = 2;
  }
  table[locale] = entry;
}
writeFileSync(new URL('./money.json', import.meta.url), JSON.stringify(table, null, 1) + '\n');
