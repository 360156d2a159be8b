// A merchant's own page on another origin (another port of this loopback host),
// which embeds the checkout with the embed library as merchants would: one
// script tag (pinned by its integrity hash) and one call. Started by
// playwright.config.ts beside the merchant service; tests pass the checkout
// URLs in the query: /shop.html?checkout1=…&checkout2=…&locale=….
import http from 'node:http';
import crypto from 'node:crypto';

const port = Number(process.env.SHOP_PORT);
const checkout = process.env.CHECKOUT_ORIGIN;

// The integrity of the library the service serves now, as a merchant copies it from the README.
async function integrity() {
  const body = Buffer.from(await (await fetch(`${checkout}/embed/v1.js`)).arrayBuffer());
  return `sha384-${crypto.createHash('sha384').update(body).digest('base64')}`;
}

// Counts the page's message listeners: destroy() must leave none behind.
const countListeners = `window.messageListeners = 0;
const add = window.addEventListener, remove = window.removeEventListener;
window.addEventListener = function (type, fn, o) { if (type === 'message') window.messageListeners++; return add.call(this, type, fn, o); };
window.removeEventListener = function (type, fn, o) { if (type === 'message') window.messageListeners--; return remove.call(this, type, fn, o); };`;

const shop = `const params = new URLSearchParams(location.search);
window.events = { 1: [], 2: [] };
window.mounted = {};
for (const n of [1, 2]) {
  const url = params.get('checkout' + n);
  if (!url) continue;
  window.mounted[n] = AntomCheckout.mount(document.getElementById('checkout-' + n), {
    url,
    locale: params.get('locale') || undefined,
    onEvent: (e) => {
      window.events[n].push(e);
      const li = document.createElement('li');
      li.textContent = [e.type, e.wallet, e.payment].filter(Boolean).join(' ');
      document.getElementById('events-' + n).appendChild(li);
    },
  });
}`;

http
  .createServer(async (req, res) => {
    const path = new URL(req.url, 'http://shop').pathname;
    if (path === '/healthz') return res.end('ok');
    if (path === '/count-listeners.js' || path === '/shop.js') {
      res.setHeader('Content-Type', 'text/javascript');
      return res.end(path === '/shop.js' ? shop : countListeners);
    }
    if (path !== '/shop.html') {
      res.statusCode = 404;
      return res.end();
    }
    // As strict as a careful merchant's: no inline script or style at all.
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'none'; script-src 'self' ${checkout}; frame-src ${checkout}; style-src 'none'; connect-src 'none'`,
    );
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Another shop</title>
<script src="/count-listeners.js"></script>
<script src="${checkout}/embed/v1.js" integrity="${await integrity()}" crossorigin="anonymous"></script>
<script src="/shop.js" defer></script></head>
<body><h1>Another shop</h1><div id="checkout-1"></div><ol id="events-1"></ol><div id="checkout-2"></div><ol id="events-2"></ol></body></html>`);
  })
  .listen(port, '127.0.0.1');
