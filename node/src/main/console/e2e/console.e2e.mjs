// End-to-end test of the web console: starts a real devnet (`./gridmint devnet --json`), drives Debian's
// Chromium with playwright-core through every page at a laptop and a phone size, then makes a key, imports
// alice's, and orders, tops up and cancels jobs from the browser. Run by Maven (cli, -Pslow) and so by
// `./gridmint test`. Screenshots go to node/target/console-e2e/.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../../../..');
const shots = resolve(root, 'node/target/console-e2e');
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PAGES = ['network', 'market', 'jobs', 'ledger', 'verification', 'wallet'];
const VIEWPORTS = { laptop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
// The one failed request a healthy console makes today: the verification layer is not merged yet, and
// its page shows an empty state for the 404. Every other console message at error level fails the test.
const EXPECTED_404 = /\/v1\/verification$/;

if (!existsSync(browserPath)) {
  const why = `console e2e: no Chromium at ${browserPath} (apt-get install chromium, or set CHROMIUM)`;
  if (process.env.CI) {
    console.error(`${why}; CI must run it, so this fails.`);
    process.exit(1);
  }
  console.log(`${why}; skipped outside CI.`);
  process.exit(0);
}

const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'gridmint-console-e2e-'));
mkdirSync(shots, { recursive: true });
const devnet = spawn(join(root, 'gridmint'), ['devnet', '--json', '--dir', join(work, 'net'), '--port', '0',
  '--providers', '2', '--steps', '40'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
// The devnet's own narration goes to a file, shown only when something fails.
const devnetLog = join(shots, 'devnet.log');
devnet.stderr.pipe(createWriteStream(devnetLog));
const lines = createInterface({ input: devnet.stdout });
const pending = [];
const queued = [];
lines.on('line', (line) => (pending.length ? pending.shift()(line) : queued.push(line)));
function nextLine(what, seconds) {
  return new Promise((ok, fail) => {
    if (queued.length) return ok(queued.shift());
    const timer = setTimeout(() => fail(new Error(`timed out after ${seconds} s waiting for ${what}`)), seconds * 1000);
    devnet.once('exit', (code) => fail(new Error(`devnet exited (${code}) before ${what}`)));
    pending.push((line) => { clearTimeout(timer); ok(line); });
  });
}

const problems = [];
let browser;
try {
  const ready = JSON.parse(await nextLine('the ready line', 240));
  if (ready.event !== 'ready') throw new Error(`unexpected first line: ${JSON.stringify(ready)}`);
  const url = ready.console_url;
  console.log(`console e2e: devnet ready at ${url} after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // Playwright gives the browser a fresh, empty profile of its own; the flags keep Chromium off the
  // network it cannot reach here (it would retry, many connections at a time).
  browser = await chromium.launch({
    executablePath: browserPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const watch = (page, where) => {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const failed = message.location().url ?? '';
      if (/404/.test(message.text()) && EXPECTED_404.test(failed)) return;
      problems.push(`${where}: console error: ${message.text()} ${failed}`);
    });
    page.on('pageerror', (error) => problems.push(`${where}: uncaught: ${error.message}`));
  };
  const settled = async (page) => {
    await page.locator('main h1').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('main')?.textContent?.includes('Loading'), null, { timeout: 15000 });
  };

  // Every page at both sizes renders its heading and sections, without errors and without a horizontal scroll.
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    watch(page, size);
    for (const name of PAGES) {
      await page.goto(`${url}#/${name}`);
      await settled(page);
      const heading = await page.locator('main h1').first().textContent();
      if (heading?.toLowerCase() !== name) problems.push(`${size} ${name}: heading is '${heading}'`);
      if (await page.locator('main section').count() === 0) problems.push(`${size} ${name}: no section rendered`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) problems.push(`${size} ${name}: the page scrolls sideways by ${overflow}px`);
      // axe-core checks the rendered page against WCAG 2.1 A and AA: labels, roles, landmarks, contrast.
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => (await window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      })).violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`));
      violations.forEach((v) => problems.push(`${size} ${name}: accessibility: ${v}`));
      await page.screenshot({ path: join(shots, `${name}-${size}.png`) });
    }
    await context.close();
  }

  const context = await browser.newContext({ viewport: VIEWPORTS.laptop });
  const page = await context.newPage();
  watch(page, 'wallet');
  const expect = async (what, check) => {
    try {
      await check();
    } catch (error) {
      throw new Error(`${what}: ${error.message}`);
    }
  };

  // A key made in the browser: an address, an empty account, kept across a reload.
  await page.goto(`${url}#/wallet`);
  await page.getByRole('button', { name: 'Generate a new key' }).click();
  const generated = await page.getByTestId('wallet-address').textContent();
  if (!/^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(generated ?? '')) problems.push(`generated address '${generated}'`);
  await expect('the new account', () => page.getByText('0 GRID').first().waitFor());
  await page.reload();
  if (await page.getByTestId('wallet-address').textContent() !== generated) problems.push('the key did not survive a reload');

  // alice's key, imported from the CLI's keypair file once the demo job has settled and refunded her credits.
  const report = JSON.parse(await nextLine('the devnet report', 240));
  await page.getByLabel(/Secret key/).fill(readFileSync(join(work, 'net/keys/alice.json'), 'utf8'));
  await page.getByRole('button', { name: 'Import key' }).click();
  await expect('alice imported', () => page.getByTestId('wallet-address').getByText(report.accounts.alice).waitFor());

  // An API key signed for in the browser, with a limit, works at the gateway until the browser wallet revokes it.
  await page.getByLabel(/^Limit \(CC\)/).fill('0.5');
  await page.getByRole('button', { name: 'Make an API key' }).click();
  await expect('the new API key', () => page.getByTestId('new-api-key').waitFor({ timeout: 15000 }));
  const apiKey = (await page.getByTestId('new-api-key').locator('code').textContent()) ?? '';
  const models = (key) => fetch(`${ready.api_url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
  if ((await models(apiKey)).status !== 200) problems.push('the key made in the browser is refused by the gateway');
  await expect('the key in the wallet\'s list', () => page.getByTestId('api-keys').getByText('(this one)').waitFor());
  await expect('its limit', () => page.getByTestId('api-keys').locator('tr', { hasText: '(this one)' }).getByText('0.5 CC').waitFor());
  await page.screenshot({ path: join(shots, 'wallet-api-keys-laptop.png'), fullPage: true });
  await page.getByTestId('api-keys').locator('tr', { hasText: '(this one)' }).getByRole('button', { name: /^Revoke / }).click();
  await expect('the revocation', () => page.getByRole('status').getByText(/is revoked/).waitFor({ timeout: 15000 }));
  if ((await models(apiKey)).status !== 401) problems.push('a revoked key still works at the gateway');

  // The Network page's playground: a chat answer streamed from a served model through the gateway, then an embedding
  // (the endpoint follows the model's kind).
  await page.goto(`${url}#/network`);
  const playground = page.getByRole('form', { name: 'Playground' });
  await expect('the playground', () => playground.waitFor({ timeout: 30000 }));
  await playground.getByLabel('API key').fill(ready.api_key);
  await playground.getByLabel('Model').selectOption(ready.chat_model);
  await playground.getByRole('button', { name: 'Send' }).click();
  await expect('a streamed answer', () => page.getByTestId('playground-usage').waitFor({ timeout: 30000 }));
  const said = await page.locator('[data-testid="playground-answer"] pre.log').textContent();
  if (!said || said === '(no text)') problems.push(`the playground's answer was '${said}'`);
  await page.screenshot({ path: join(shots, 'network-playground-laptop.png'), fullPage: true });
  await playground.getByLabel('Model').selectOption(ready.embedding_model);
  await playground.getByRole('button', { name: 'Send' }).click();
  await expect('an embedding', () => page.getByTestId('playground-answer').getByText('384 dimensions').waitFor({ timeout: 30000 }));

  // A job ordered from the browser is leased, trains (loss curve), and settles, followed live over SSE.
  await page.goto(`${url}#/jobs`);
  await page.getByLabel('Arguments').fill('--steps 60 --seed 3 --eval-every 5');
  await page.getByLabel('Longest run (s)').fill('60');
  await page.getByRole('button', { name: 'Sign and submit job' }).click();
  await page.waitForURL(/#\/jobs\/[0-9a-f]{64}$/, { timeout: 15000 });
  const jobId = page.url().split('/').pop();
  await expect('the job settles', () => page.locator('.timeline li[aria-current="step"]', { hasText: 'SETTLED' }).waitFor({ timeout: 120000 }));
  await expect('its loss curve', () => page.locator('#job-detail-heading ~ * svg, section[aria-labelledby="job-detail-heading"] svg').first().waitFor());
  await page.screenshot({ path: join(shots, 'job-laptop.png'), fullPage: true });
  const job = await (await fetch(`${ready.api_url}/v1/jobs/${jobId}`)).json();
  if (job.tenant !== report.accounts.alice || job.status !== 'SETTLED') problems.push(`job ${jobId}: ${job.tenant} ${job.status}`);
  // Its log came over the job's own stream to the end, and its model is a download link whose bytes hash to the ledger's result.
  await expect('its log to the end', () => page.locator('[role="status"]', { hasText: 'Job ended;' }).waitFor({ timeout: 30000 }));
  await expect('its log lines', () => page.locator('pre.log', { hasText: 'train-names: done' }).waitFor());
  const modelLink = page.locator(`a[href="/v1/artifacts/${job.resultHash}"]`);
  await expect('its model as a download link', () => modelLink.waitFor());
  const model = Buffer.from(await (await fetch(`${ready.api_url}/v1/artifacts/${job.resultHash}`)).arrayBuffer());
  if (createHash('sha256').update(model).digest('hex') !== job.resultHash) problems.push(`job ${jobId}: the downloaded model does not hash to its result`);

  // A job no provider can take stays queued: top its escrow up, then cancel it.
  await page.goto(`${url}#/jobs`);
  await page.getByLabel('GPU models (comma-separated)').fill('H100-80GB');
  await page.getByLabel('Longest run (s)').fill('60');
  await page.getByRole('button', { name: 'Sign and submit job' }).click();
  await page.waitForURL((u) => u.hash.startsWith('#/jobs/') && !u.hash.endsWith(jobId), { timeout: 15000 });
  await page.getByLabel('Credits (CC)').fill('0.01');
  await page.getByRole('button', { name: 'Top up escrow' }).click();
  await expect('the top-up', () => page.getByText(/Accepted at height/).first().waitFor({ timeout: 15000 }));
  await page.getByRole('button', { name: 'Cancel job' }).click();
  await expect('the cancel', () => page.locator('.timeline li[aria-current="step"]', { hasText: 'CANCELLED' }).waitFor({ timeout: 15000 }));

  // The matches made above show in the market's price index.
  await page.goto(`${url}#/market`);
  await expect('the price chart', () => page.locator('figure.chart svg').first().waitFor({ timeout: 15000 }));
  await page.screenshot({ path: join(shots, 'market-laptop.png'), fullPage: true });
  await page.goto(`${url}#/ledger`);
  await settled(page);
  await page.screenshot({ path: join(shots, 'ledger-laptop.png'), fullPage: true });
  await context.close();
} catch (error) {
  problems.push(error.stack ?? String(error));
} finally {
  await browser?.close();
  devnet.kill('SIGTERM');
  await new Promise((done) => (devnet.exitCode !== null ? done() : devnet.once('exit', done)));
  rmSync(work, { recursive: true, force: true });
}

if (problems.length) {
  console.error(`console e2e: ${problems.length} problem(s):\n- ${problems.join('\n- ')}\nThe devnet's output: ${devnetLog}`);
  process.exit(1);
}
console.log(`console e2e: ${PAGES.length * 2} page views and the wallet flow passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${shots}`);
