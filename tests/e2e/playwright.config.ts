import { defineConfig, devices } from '@playwright/test';

// `cargo xtask test` sets these; the defaults suit running `npx playwright test` by hand
// after `cargo build -p merchant && trunk build --release` at the workspace root.
const port = Number(process.env.E2E_PORT ?? 18080);
// Where the other shop's page (merchant-page.mjs) is served.
const shopPort = Number(process.env.E2E_SHOP_PORT ?? port + 1);
const merchantBin = process.env.MERCHANT_BIN ?? '../../target/debug/merchant';
const appDir = process.env.APP_DIR ?? '../../dist';
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: './specs',
  outputDir: '../../target/e2e/results',
  reporter: 'list',
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium,
      // This machine's network is closed: keep Chromium from calling home.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], channel: undefined }, testIgnore: /console\.spec/ },
    { name: 'mobile', use: { ...devices['Pixel 7'] }, testIgnore: /console\.spec/ },
    // The operator console reconciles the whole sandbox day: it runs once the buyers' suites are done.
    {
      name: 'console',
      use: { ...devices['Desktop Chrome'], channel: undefined },
      testMatch: /console\.spec/,
      dependencies: ['desktop', 'mobile'],
    },
  ],
  webServer: [
    {
      command: merchantBin,
      url: `http://127.0.0.1:${port}/healthz`,
      env: {
        ANTOM_MODE: 'sandbox',
        LISTEN_ADDR: `127.0.0.1:${port}`,
        APP_DIR: appDir,
        // Sandbox mode keeps its keys and SQLite file here: a fresh folder per port.
        DATA_DIR: `../../target/e2e/data-${port}`,
        // The other shop below may frame the checkout.
        MERCHANT_ORIGINS: `http://127.0.0.1:${shopPort}`,
        RUST_LOG: 'warn',
        // Every test signs a fresh operator in from this one address; the
        // per-source limits themselves are tested against the service directly.
        LIMIT_SIGN_INS_PER_MINUTE: '600',
        LIMIT_CLAIMS_PER_MINUTE: '1200',
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // A merchant's page on another origin, embedding the checkout with the embed library.
      command: 'node merchant-page.mjs',
      url: `http://127.0.0.1:${shopPort}/healthz`,
      env: { SHOP_PORT: String(shopPort), CHECKOUT_ORIGIN: `http://127.0.0.1:${port}` },
      reuseExistingServer: false,
      timeout: 10_000,
    },
  ],
});
