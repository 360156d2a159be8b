// The two other https sites of a run, both on this certificate:
//
// - another shop, https://127.0.0.2:<shop>: a merchant's page embedding the
//   checkout with its one script tag (pinned by its integrity hash) and one
//   call, under a CSP with no inline script or style, as a careful merchant's
//   would be. Tests pass the checkout URL in the query:
//   /shop.html?checkout=<url>[&locale=ko][&width=320]. It lists the events it
//   hears in #events (one <li> each: "type wallet payment").
//   It also frames the probe: /probe.html.
// - a probe, https://127.0.0.1:<probe> (same site as the checkout, another
//   port): the frame the shop page embeds with the checkout's own sandbox
//   attribute, which reports what a cross-site frame may keep in this browser
//   (sessionStorage, a partitioned and an unpartitioned cookie) and whether a
//   tab it opens can talk back to it through window.opener.
import https from 'node:https';
import crypto from 'node:crypto';
import fs from 'node:fs';

/** The checkout iframe's sandbox attribute, as embed/v1.js sets it. */
const CHECKOUT_SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox';

const shopScript = `const params = new URLSearchParams(location.search);
window.events = [];
const host = document.getElementById('checkout');
// The container's width: the frame's own viewport, for narrow layouts (CSSOM: the CSP allows it).
if (params.get('width')) host.style.width = params.get('width') + 'px';
window.mounted = AntomCheckout.mount(host, {
  url: params.get('checkout'),
  locale: params.get('locale') || undefined,
  onEvent: (e) => {
    window.events.push(e);
    const li = document.createElement('li');
    li.textContent = [e.type, e.wallet, e.payment].filter(Boolean).join(' ');
    document.getElementById('events').appendChild(li);
  },
});`;

const probeTopScript = `const params = new URLSearchParams(location.search);
window.probe = {};
const frame = document.createElement('iframe');
frame.title = 'Probe';
frame.setAttribute('sandbox', ${JSON.stringify(CHECKOUT_SANDBOX)});
frame.src = params.get('frame');
frame.style.width = '600px';
frame.style.height = '200px';
addEventListener('message', (m) => {
  if (m.source !== frame.contentWindow || !m.data || m.data.source !== 'probe') return;
  window.probe[m.data.kind] = m.data.result;
});
document.body.appendChild(frame);`;

// In the cross-site frame: what it may keep, then (on click) a tab that talks back through opener.
const probeFrameScript = `(async () => {
  const result = {};
  const tryStorage = (name) => {
    try {
      const s = window[name];
      s.setItem('probe', 'kept');
      return s.getItem('probe') === 'kept' ? 'works' : 'value lost';
    } catch (e) {
      return 'throws ' + e.name + ': ' + e.message;
    }
  };
  result.sessionStorage = tryStorage('sessionStorage');
  result.localStorage = tryStorage('localStorage');
  result.cookieEnabled = navigator.cookieEnabled;
  // The probe's cookies the browser sent with the request for this very page (those it already had).
  result.cookiesOnFrameRequest = JSON.parse(document.querySelector('meta[name="arrived"]').content);
  try {
    result.hasStorageAccess = typeof document.hasStorageAccess === 'function' ? await document.hasStorageAccess() : 'no API';
  } catch (e) {
    result.hasStorageAccess = 'throws ' + e.name;
  }
  // The frame's page set both cookies (Set-Cookie); which of them come back on its next request?
  try {
    result.cookiesBack = await (await fetch('/echo', { credentials: 'include' })).json();
  } catch (e) {
    result.cookiesBack = 'fetch failed: ' + e.message;
  }
  parent.postMessage({ source: 'probe', kind: 'frame', result }, '*');
})();
let tab = null;
const handoff = { opened: null, heard: null };
addEventListener('message', (m) => {
  if (m.origin !== location.origin || !m.data || m.data.source !== 'probe-tab') return;
  handoff.heard = m.data.report;
  handoff.sourceIsTab = m.source === tab;
  // Answer the tab through the source of its message, as the checkout does.
  m.source.postMessage({ source: 'probe-frame', answer: 'hello tab' }, location.origin);
  parent.postMessage({ source: 'probe', kind: 'handoff', result: handoff }, '*');
});
document.getElementById('open').addEventListener('click', () => {
  tab = window.open('/tab', '_blank');
  handoff.opened = tab ? 'a window' : 'null';
  parent.postMessage({ source: 'probe', kind: 'handoff', result: handoff }, '*');
});`;

// In the tab the frame opened (top level, first party): can it reach its opener?
const probeTabScript = `(async () => {
  const report = { hasOpener: !!window.opener };
  try {
    report.cookiesHere = await (await fetch('/echo', { credentials: 'include' })).json();
  } catch (e) {
    report.cookiesHere = 'fetch failed: ' + e.message;
  }
  const out = document.getElementById('result');
  addEventListener('message', (m) => {
    if (m.origin === location.origin && m.data && m.data.source === 'probe-frame') {
      out.textContent = 'answered: ' + m.data.answer;
    }
  });
  if (window.opener) {
    try {
      window.opener.postMessage({ source: 'probe-tab', report }, location.origin);
      out.textContent = 'posted to opener, waiting';
    } catch (e) {
      out.textContent = 'postMessage threw ' + e.name + ': ' + e.message;
    }
  } else {
    out.textContent = 'no opener';
  }
  out.dataset.cookies = JSON.stringify(report.cookiesHere);
})();`;

function cookieNames(header) {
  return (header ?? '')
    .split(';')
    .map((c) => c.trim().split('=')[0])
    .filter((n) => n.startsWith('probe_'));
}

/** Which of the probe's cookies a request carried. */
function cookiesOf(req) {
  const names = cookieNames(req.headers.cookie);
  return { partitioned: names.includes('probe_partitioned'), plain: names.includes('probe_plain') };
}

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

export async function startSites({ cert, key, shopPort, probePort, checkoutOrigin, plainCheckout }) {
  const tls = { cert: fs.readFileSync(cert), key: fs.readFileSync(key) };
  const probeOrigin = `https://127.0.0.1:${probePort}`;

  // The integrity a merchant copies from the README: of the library the service serves now.
  async function integrity() {
    const body = Buffer.from(await (await fetch(`${plainCheckout}/embed/v1.js`)).arrayBuffer());
    return `sha384-${crypto.createHash('sha384').update(body).digest('base64')}`;
  }

  const shop = https.createServer(tls, async (req, res) => {
    const url = new URL(req.url, 'https://shop');
    if (url.pathname === '/healthz') return send(res, 200, 'text/plain', 'ok');
    if (url.pathname === '/shop.js') return send(res, 200, 'text/javascript', shopScript);
    if (url.pathname === '/probe.js') return send(res, 200, 'text/javascript', probeTopScript);
    if (url.pathname === '/shop.html') {
      return send(
        res,
        200,
        'text/html; charset=utf-8',
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Another shop</title>
<script src="${checkoutOrigin}/embed/v1.js" integrity="${await integrity()}" crossorigin="anonymous"></script>
<script src="/shop.js" defer></script></head>
<body><h1>Another shop</h1><div id="checkout"></div><ol id="events"></ol></body></html>`,
        {
          'Content-Security-Policy': `default-src 'none'; script-src 'self' ${checkoutOrigin}; frame-src ${checkoutOrigin}; style-src 'none'; connect-src 'none'`,
        },
      );
    }
    if (url.pathname === '/probe.html') {
      return send(
        res,
        200,
        'text/html; charset=utf-8',
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Probe host</title><script src="/probe.js" defer></script></head><body><h1>Probe host</h1></body></html>`,
        { 'Content-Security-Policy': `default-src 'none'; script-src 'self'; frame-src ${probeOrigin}; style-src 'none'` },
      );
    }
    send(res, 404, 'text/plain', 'not found');
  });

  const probe = https.createServer(tls, (req, res) => {
    const url = new URL(req.url, 'https://probe');
    if (url.pathname === '/frame') {
      const nonce = crypto.randomBytes(6).toString('hex');
      return send(
        res,
        200,
        'text/html; charset=utf-8',
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Probe frame</title>
<meta name="arrived" content='${JSON.stringify(cookieNames(req.headers.cookie))}'></head>
<body><button id="open" type="button">Open tab</button><script src="/frame.js"></script></body></html>`,
        {
          // The checkout's cookie is the first kind; the second is what blocking third-party cookies means.
          'Set-Cookie': [
            `probe_partitioned=${nonce}; Path=/; Secure; HttpOnly; SameSite=None; Partitioned`,
            `probe_plain=${nonce}; Path=/; Secure; HttpOnly; SameSite=None`,
          ],
        },
      );
    }
    if (url.pathname === '/frame.js') return send(res, 200, 'text/javascript', probeFrameScript);
    if (url.pathname === '/tab.js') return send(res, 200, 'text/javascript', probeTabScript);
    if (url.pathname === '/tab') {
      return send(res, 200, 'text/html; charset=utf-8', `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Probe tab</title></head><body><p id="result">starting</p><script src="/tab.js"></script></body></html>`);
    }
    if (url.pathname === '/echo') return send(res, 200, 'application/json', JSON.stringify(cookiesOf(req)));
    if (url.pathname === '/first-party') {
      // Visited at top level: the same two kinds of cookie, under names of their own.
      return send(res, 200, 'text/html; charset=utf-8', '<!doctype html><title>Probe, first party</title><p>cookies set</p>', {
        'Set-Cookie': [
          'probe_fp_partitioned=1; Path=/; Secure; HttpOnly; SameSite=None; Partitioned',
          'probe_fp_plain=1; Path=/; Secure; HttpOnly; SameSite=None',
        ],
      });
    }
    if (url.pathname === '/clear') {
      return send(res, 200, 'text/plain', 'cleared', {
        'Set-Cookie': ['probe_partitioned', 'probe_plain', 'probe_fp_partitioned', 'probe_fp_plain'].map(
          (name) => `${name}=; Path=/; Secure; HttpOnly; SameSite=None${name.endsWith('partitioned') ? '; Partitioned' : ''}; Max-Age=0`,
        ),
      });
    }
    send(res, 404, 'text/plain', 'not found');
  });

  await new Promise((resolve, reject) => shop.once('error', reject).listen(shopPort, '127.0.0.2', resolve));
  await new Promise((resolve, reject) => probe.once('error', reject).listen(probePort, '127.0.0.1', resolve));
  return {
    close: () =>
      Promise.all(
        [shop, probe].map(
          (s) =>
            new Promise((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections?.();
            }),
        ),
      ),
  };
}
