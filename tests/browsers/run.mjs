#!/usr/bin/env node
// Runs the browser suite with Node's test runner and prints its summary.
//
//   MERCHANT_BIN=../../target/debug/merchant APP_DIR=../../dist node run.mjs
//
// Environment (all optional):
//   MERCHANT_BIN  the merchant service binary   (default ../../target/debug/merchant)
//   APP_DIR       the app's build (trunk)       (default ../../dist)
//   BROWSERS      engines, comma-separated      (default chromium,firefox,webkit)
//   JOURNEYS      only these journeys, e.g. embedded,phoneWidths (keys in checkout.test.mjs)
//   RESULTS_DIR   probe facts, failure screenshots (default ./results)
//   KEEP_TMP=1    keep the run's temp folder (certificate, nginx.conf, service and driver logs)
//   CHROMIUM, CHROMEDRIVER, FIREFOX, GECKODRIVER, WEBKIT_WEBDRIVER, MINIBROWSER, XVFB, NGINX: binaries
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { paths, versionOf } from './lib/drivers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = {
  ...process.env,
  MERCHANT_BIN: path.resolve(here, process.env.MERCHANT_BIN ?? '../../target/debug/merchant'),
  APP_DIR: path.resolve(here, process.env.APP_DIR ?? '../../dist'),
};

const engines = (env.BROWSERS ?? 'chromium,firefox,webkit').split(',');
console.log(`browser suite: ${engines.join(', ')}`);
console.log(`  merchant ${env.MERCHANT_BIN}\n  app      ${env.APP_DIR}`);
if (engines.includes('chromium')) console.log(`  ${versionOf(paths.chromium)}; ${versionOf(paths.chromedriver).replace(/ \(.*/, '')}`);
if (engines.includes('firefox')) console.log(`  ${versionOf(paths.firefox)}; ${versionOf(paths.geckodriver)}`);
// MiniBrowser and WebKitWebDriver print no version without a display: ask dpkg.
if (engines.includes('webkit')) console.log(`  WebKitGTK ${versionOf('dpkg-query', ['-W', '-f=${Version}', 'webkit2gtk-driver'])} (MiniBrowser, WebKitWebDriver)`);

const started = Date.now();
const child = spawn(
  process.execPath,
  ['--test', '--test-reporter=spec', '--test-concurrency=1', path.join(here, 'checkout.test.mjs')],
  { cwd: here, env, stdio: 'inherit' },
);
// Ctrl-C reaches the test process too (same process group); it stops what it started.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  console.log(`\nbrowser suite: ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(code ?? (signal ? 1 : 0));
});
