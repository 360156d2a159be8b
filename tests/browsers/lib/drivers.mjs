// One WebDriver session per engine, every binary named explicitly: this
// machine cannot download browsers or drivers, so Selenium Manager must never
// be asked (an explicit driver path keeps selenium-webdriver from calling it).
//
//   chromium: Debian chromium + chromedriver, headless, third-party cookies blocked
//             (--test-third-party-cookie-phaseout), as Chrome now ships to some users
//   firefox:  Debian firefox-esr + geckodriver (crates.io), headless
//   webkit:   Debian WebKitGTK MiniBrowser + WebKitWebDriver, under an Xvfb of our own
import { Builder, Capabilities, WebDriver } from 'selenium-webdriver';
import chrome from 'selenium-webdriver/chrome.js';
import firefox from 'selenium-webdriver/firefox.js';
import http from 'selenium-webdriver/http/index.js';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startProcess, stopProcess, track, waitForHttp, tail } from './stack.mjs';

export const paths = {
  chromium: process.env.CHROMIUM ?? '/usr/bin/chromium',
  chromedriver: process.env.CHROMEDRIVER ?? '/usr/bin/chromedriver',
  firefox: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
  geckodriver: process.env.GECKODRIVER ?? which('geckodriver') ?? path.join(os.homedir(), '.cargo/bin/geckodriver'),
  webkitDriver: process.env.WEBKIT_WEBDRIVER ?? '/usr/bin/WebKitWebDriver',
  miniBrowser: process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  xvfb: process.env.XVFB ?? '/usr/bin/Xvfb',
};

function which(name) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = path.join(dir, name);
    if (dir && fs.existsSync(p)) return p;
  }
  return null;
}

function need(file, hint) {
  if (!fs.existsSync(file)) throw new Error(`missing ${file}: ${hint}`);
}

/** The browser's own window size (css px) for desktop runs. */
const WIDTH = 1280;
const HEIGHT = 900;

/** Chromium's flags for a machine whose network is closed, as in tests/e2e. */
const CHROMIUM_QUIET = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--lang=en-US',
];

/**
 * Debian's Chromium. `blockThirdPartyCookies` adds --test-third-party-cookie-phaseout:
 * unpartitioned cookies are refused in cross-site frames, partitioned (CHIPS) ones kept.
 */
export async function chromium({ blockThirdPartyCookies = true, wasm = true } = {}) {
  need(paths.chromium, 'apt-get install chromium');
  need(paths.chromedriver, 'apt-get install chromium-driver');
  const options = new chrome.Options()
    .setChromeBinaryPath(paths.chromium)
    .addArguments('--headless=new', ...CHROMIUM_QUIET, `--window-size=${WIDTH},${HEIGHT}`)
    .setAcceptInsecureCerts(true);
  // A fresh chromedriver profile of this Chromium (156) already refuses third-party cookies by
  // its settings (CDP names the reason "UserPreferences"): allow them there, so that the flag
  // alone is what blocks them (CDP: "ThirdPartyPhaseout"), and the probe can show it does.
  options.setUserPreferences({ 'profile.cookie_controls_mode': 0 });
  if (blockThirdPartyCookies) options.addArguments('--test-third-party-cookie-phaseout');
  // V8 without its JIT has no WebAssembly, as where a policy or a lockdown mode takes the JIT
  // away (--noexpose_wasm left WebAssembly in place in Chromium 156: measured).
  if (!wasm) options.addArguments('--js-flags=--jitless');
  const driver = await new Builder()
    .forBrowser('chrome')
    .setChromeOptions(options)
    .setChromeService(new chrome.ServiceBuilder(paths.chromedriver))
    .build();
  return { driver, stop: () => driver.quit() };
}

/** Debian's Firefox ESR with geckodriver, headless; `wasm: false` turns WebAssembly off. */
export async function firefoxEsr({ wasm = true } = {}) {
  need(paths.firefox, 'apt-get install firefox-esr');
  need(paths.geckodriver, 'cargo install geckodriver');
  const options = new firefox.Options()
    .setBinary(paths.firefox)
    .addArguments('-headless', `--width=${WIDTH}`, `--height=${HEIGHT}`)
    .setAcceptInsecureCerts(true);
  // The network is closed: nothing to update, report or probe for.
  for (const [name, value] of Object.entries({
    'intl.accept_languages': 'en-US, en',
    'app.update.enabled': false,
    'app.normandy.enabled': false,
    'browser.shell.checkDefaultBrowser': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'datareporting.healthreport.uploadEnabled': false,
    'toolkit.telemetry.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'extensions.update.enabled': false,
    'browser.newtabpage.enabled': false,
    'javascript.options.wasm': wasm,
  })) {
    options.setPreference(name, value);
  }
  const driver = await new Builder()
    .forBrowser('firefox')
    .setFirefoxOptions(options)
    .setFirefoxService(new firefox.ServiceBuilder(paths.geckodriver))
    .build();
  return { driver, stop: () => driver.quit() };
}

/** Starts Xvfb on a display it picks itself (-displayfd), for WebKitGTK. */
async function startXvfb(log) {
  need(paths.xvfb, 'apt-get install xvfb');
  const out = fs.openSync(log, 'a');
  const child = spawn(paths.xvfb, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', out, out, 'pipe'],
  });
  track(child);
  fs.closeSync(out);
  const display = await new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start in 15 s\n${tail(log)}`)), 15_000);
    child.stdio[3].on('data', (d) => {
      text += d;
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${text.trim()}`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code})\n${tail(log)}`));
    });
  });
  return { child, display };
}

/**
 * A GTK configuration folder for MiniBrowser whose theme lets its own chrome
 * (the toolbar: back, forward, reload, the address entry) shrink to nothing.
 * Without it the window cannot get narrower than 447 px (a toolbar-less popup:
 * 334 px), so a 320 px phone width is out of reach. It styles GTK widgets only:
 * WebKitGTK draws web content (form controls, overlay scrollbars) with its own
 * theme, and measured the same with and without it.
 */
function gtkConfig(dir) {
  const config = path.join(dir, 'gtk-config');
  fs.mkdirSync(path.join(config, 'gtk-3.0'), { recursive: true });
  fs.writeFileSync(path.join(config, 'gtk-3.0', 'gtk.css'), '* { min-width: 0; min-height: 0; padding: 0; margin: 0; }\n');
  return config;
}

/** WebKitGTK's MiniBrowser through WebKitWebDriver, on an Xvfb display of our own. */
export async function webkit({ logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webkit-')), wasm = true } = {}) {
  need(paths.webkitDriver, 'apt-get install webkit2gtk-driver');
  need(paths.miniBrowser, 'apt-get install webkit2gtk-driver (brings the MiniBrowser)');
  const xvfb = await startXvfb(path.join(logDir, 'xvfb.log'));
  const port = await freePort();
  const log = path.join(logDir, 'webkitwebdriver.log');
  const service = startProcess('WebKitWebDriver', paths.webkitDriver, [`--port=${port}`], {
    log,
    // English pages unless a test asks for another language (WebKit reads LANGUAGE for Accept-Language).
    env: {
      DISPLAY: xvfb.display, LANGUAGE: 'en_US', LANG: 'en_US.UTF-8', LC_ALL: '', NO_AT_BRIDGE: '1', XDG_CONFIG_HOME: gtkConfig(logDir),
      // JavaScriptCore reads its options from JSC_* in the web process, which inherits this
      // environment (its option is useWasm; JSC_useWebAssembly is ignored: measured, WebKitGTK 2.50).
      ...(wasm ? {} : { JSC_useWasm: 'false' }),
    },
  });
  const stopAll = async () => {
    await stopProcess(service);
    await stopProcess(xvfb.child);
  };
  try {
    await waitForHttp(`http://127.0.0.1:${port}/status`, 15_000, 'WebKitWebDriver', service);
    const caps = new Capabilities({
      acceptInsecureCerts: true,
      'webkitgtk:browserOptions': { binary: paths.miniBrowser, args: ['--automation'] },
    });
    const executor = new http.Executor(new http.HttpClient(`http://127.0.0.1:${port}`));
    const driver = await WebDriver.createSession(executor, caps);
    // The window MiniBrowser opens is small; give it the desktop size the others have.
    await driver.manage().window().setRect({ width: WIDTH, height: HEIGHT });
    return {
      driver,
      display: xvfb.display,
      stop: async () => {
        await driver.quit().catch(() => {});
        await stopAll();
      },
    };
  } catch (e) {
    await stopAll();
    throw new Error(`${e.message}\n${tail(log)}`);
  }
}

/** `name --version`-style output, for the run's header. */
export function versionOf(file, args = ['--version']) {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 }).trim().split('\n')[0];
  } catch (e) {
    return `unknown (${e.message.split('\n')[0]})`;
  }
}
