// Everything the suite runs against, started for the run and stopped after it,
// shaped the way production runs the checkout:
//
//   browser ──https──▶ nginx (TLS, 127.0.0.1:<tls>) ──http──▶ merchant service (127.0.0.1:<port>, sandbox mode)
//   browser ──https──▶ another shop's page (127.0.0.2:<shop>, another site) framing the checkout
//   browser ──https──▶ a probe page (127.0.0.1:<probe>) the shop frames, to learn what a cross-site frame may keep
//
// One certificate, made for the run, serves all three (its subjectAltName names
// both addresses); the browsers take it with `acceptInsecureCerts`.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSites } from './sites.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const suiteDir = path.resolve(here, '..');

/** A loopback port nobody listens on right now. */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `url` (plain http) until it answers 2xx, or fails after `ms` naming `what`. */
export async function waitForHttp(url, ms, what, child) {
  const until = Date.now() + ms;
  let last = '';
  while (Date.now() < until) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}) before ${url} answered`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = e.cause?.code ?? e.message;
    }
    await sleep(150);
  }
  throw new Error(`${what}: ${url} did not answer within ${ms} ms (${last})`);
}

/** Waits until something accepts TCP connections on host:port. */
export async function waitForPort(host, port, ms, what, child) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}) before listening on ${host}:${port}`);
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, host, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${what} did not listen on ${host}:${port} within ${ms} ms`);
}

// Whatever this process started is killed when it exits, however it exits
// (a failed hook, Ctrl-C): no service, nginx, driver or Xvfb outlives the run.
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1)));
}

/** A child process whose output goes to `log`; stopped with SIGTERM (then SIGKILL) by `stop`. */
export function startProcess(what, command, args, { env, log, cwd } = {}) {
  const out = fs.openSync(log, 'a');
  const child = spawn(command, args, { env: { ...process.env, ...env }, cwd, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.on('error', (e) => {
    fs.appendFileSync(log, `\n[harness] could not start ${command}: ${e.message}\n`);
  });
  child.what = what;
  child.log = log;
  return child;
}

/** Adds a process started elsewhere (Xvfb) to those killed on exit. */
export function track(child) {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

export async function stopProcess(child, ms = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  await exited;
  clearTimeout(timer);
}

/** The last lines of a log, to explain a failure. */
export function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** A self-signed certificate for 127.0.0.1 and 127.0.0.2, valid two days. */
function makeCertificate(dir) {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
      '-subj', '/CN=checkout-test',
      '-addext', 'subjectAltName=IP:127.0.0.1,IP:127.0.0.2',
      '-keyout', key, '-out', cert,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return { cert, key };
}

/** nginx as the TLS terminator in front of the service, everything it writes inside `dir`. */
function nginxConfig(dir, { tlsPort, upstreamPort, cert, key }) {
  for (const d of ['logs', 'client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  // As root, nginx would run its workers as `nobody`, who cannot write the run's 0700 temp folder.
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  return `# Generated by tests/browsers/lib/stack.mjs for one run.
${user}
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 512; }
http {
  # Whether each request carried the buyer cookie or an embedded frame's credential (never their values).
  map $http_cookie $sent_cookie { "" "-"; default "cookie"; }
  map $http_x_checkout_credential $sent_credential { "" "-"; default "credential"; }
  log_format checkout '$msec $request_method $uri $status site:$http_sec_fetch_site dest:$http_sec_fetch_dest $sent_cookie $sent_credential';
  access_log ${dir}/logs/access.log checkout;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  types { }
  server {
    listen 127.0.0.1:${tlsPort} ssl http2;
    server_name _;
    ssl_certificate ${cert};
    ssl_certificate_key ${key};
    ssl_protocols TLSv1.2 TLSv1.3;
    location / {
      proxy_pass http://127.0.0.1:${upstreamPort};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # The address the browser used, port included, and that it came over TLS.
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Proto https;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      # Answers stream through as the service writes them (long polls, the wasm), nothing spooled to disk.
      proxy_buffering off;
      proxy_request_buffering off;
      proxy_read_timeout 120s;
      client_max_body_size 1m;
    }
  }
}
`;
}

/**
 * Starts the certificate, the service, nginx and the two other sites. Returns
 * what tests need and `stop()`. Logs stay in `dir` (printed on failure).
 */
export async function startStack({
  merchantBin = process.env.MERCHANT_BIN ?? path.resolve(suiteDir, '../../target/debug/merchant'),
  appDir = process.env.APP_DIR ?? path.resolve(suiteDir, '../../dist'),
  nginx = process.env.NGINX ?? '/usr/sbin/nginx',
} = {}) {
  merchantBin = path.resolve(merchantBin);
  appDir = path.resolve(appDir);
  if (!fs.existsSync(merchantBin)) throw new Error(`no merchant binary at ${merchantBin} (set MERCHANT_BIN)`);
  if (!fs.existsSync(path.join(appDir, 'index.html'))) throw new Error(`no app build at ${appDir} (set APP_DIR)`);
  if (!fs.existsSync(nginx)) throw new Error(`no nginx at ${nginx}: apt-get install nginx-light`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkout-browsers-'));
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir);
  const children = [];
  let sites;
  const stop = async () => {
    if (sites) await sites.close();
    for (const child of children.reverse()) await stopProcess(child);
    if (!process.env.KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const { cert, key } = makeCertificate(dir);
    const port = await freePort();
    const tlsPort = await freePort();
    const shopPort = await freePort('127.0.0.2');
    const probePort = await freePort();
    const origin = `https://127.0.0.1:${tlsPort}`;
    const shopOrigin = `https://127.0.0.2:${shopPort}`;
    const plain = `http://127.0.0.1:${port}`;

    const merchant = startProcess('merchant service', merchantBin, [], {
      log: path.join(dir, 'merchant.log'),
      env: {
        ANTOM_MODE: 'sandbox',
        LISTEN_ADDR: `127.0.0.1:${port}`,
        PUBLIC_BASE_URL: origin,
        APP_DIR: appDir,
        DATA_DIR: dataDir,
        MERCHANT_ORIGINS: shopOrigin,
        // nginx in front, as in production: the source of a request is what it forwards.
        TRUSTED_PROXIES: '127.0.0.1',
        RUST_LOG: process.env.RUST_LOG ?? 'warn',
      },
    });
    children.push(merchant);

    fs.writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig(dir, { tlsPort, upstreamPort: port, cert, key }));
    const proxy = startProcess('nginx', nginx, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'logs/error.log'), '-g', 'daemon off;'], {
      log: path.join(dir, 'nginx.out'),
    });
    children.push(proxy);

    await waitForHttp(`${plain}/healthz`, 60_000, 'merchant service', merchant).catch((e) => {
      throw new Error(`${e.message}\n${tail(merchant.log)}`);
    });
    await waitForPort('127.0.0.1', tlsPort, 10_000, 'nginx', proxy).catch((e) => {
      throw new Error(`${e.message}\n${tail(path.join(dir, 'logs/error.log'))}\n${tail(proxy.log)}`);
    });

    sites = await startSites({ cert, key, shopPort, probePort, checkoutOrigin: origin, plainCheckout: plain });
    const apiKey = fs.readFileSync(path.join(dataDir, 'sandbox-merchant-api-key'), 'utf8').trim();
    return {
      dir,
      origin,
      plain,
      shopOrigin,
      probeOrigin: `https://127.0.0.1:${probePort}`,
      apiKey,
      logs: { merchant: merchant.log, nginx: path.join(dir, 'logs/error.log'), access: path.join(dir, 'logs/access.log') },
      stop,
    };
  } catch (e) {
    await stop().catch(() => {});
    throw e;
  }
}
