import { chromium } from 'playwright-core';
const base = process.env.BASE, apiKey = process.env.API_KEY;
async function ourUrl() {
  const r = await fetch(`${base}/v1/checkout-sessions`, { method: 'POST', headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ buyer_reference: `p-${Math.random()}`, order: { reference: `p-${Date.now()}`, description: 'Kopi beans 250 g', amount: 10000, currency: 'PHP', items: [{ name: 'Kopi beans 250 g', quantity: 1, unit_amount: 10000 }] }, region: 'PH', locale: 'en' }) });
  return (await r.json()).url;
}
const variants = {
  asis: (h) => h,
  nobannerzh: (h) => h.replace(/<span lang="zh-CN">.*?<\/span> <span lang="zh-TW">.*?<\/span>/, ''),
  nooptions: (h) => h.replace(/<option(?![^>]*selected)[^>]*>[^<]*<\/option>/g, ''),
  fixed: (h) => h.replace('</head>', '<style>.language select{field-sizing:content}</style></head>'),
  fixednobanner: (h) => variants.fixed(variants.nobannerzh(h)),
};
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'] });
for (let round = 0; round < 4; round++) for (const [name, f] of Object.entries(variants)) {
  const context = await browser.newContext({ viewport: { width: 412, height: 915 }, deviceScaleFactor: 2.625, isMobile: true, hasTouch: true, javaScriptEnabled: false, bypassCSP: true });
  const page = await context.newPage();
  await page.route('**/checkout/cs_*', async (route) => { const r = await route.fetch(); route.fulfill({ response: r, body: f(await r.text()) }); });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Performance.enable');
  await page.goto(await ourUrl(), { waitUntil: 'load' });
  await page.waitForTimeout(300);
  const m = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map(x => [x.name, x.value]));
  console.log(name, 'layout ms', Math.round(m.LayoutDuration * 1000), 'style ms', Math.round(m.RecalcStyleDuration * 1000), 'script', Math.round(m.ScriptDuration*1000));
  await context.close();
}
await browser.close();
