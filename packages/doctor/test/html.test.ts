import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, chromiumPath, fixture, launchChromium, run } from './helpers.js';

const available = existsSync(chromiumPath);
const ci = process.env['CI'] === 'true';
const scratch = mkdtempSync(path.join(tmpdir(), 'doctor-html-'));
const htmlFile = path.join(scratch, 'report.html');
let browser: Browser | undefined;

// On a developer machine without Chromium the suite is skipped; in CI a missing Chromium is a failure
// (scripts/setup-system.sh installs it).
describe.skipIf(!available && !ci)('the HTML report in headless Chromium', () => {
  beforeAll(async () => {
    expect(available, `${chromiumPath} is missing: run scripts/setup-system.sh`).toBe(true);
    const result = await run(process.execPath, [
      binPath,
      '--html',
      htmlFile,
      '--',
      process.execPath,
      fixture('timeline.mjs'),
    ]);
    expect(result.stdout).toBe('checked out\n');
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('shows the findings, the fix and a timeline row per traced operation, fetching nothing', async () => {
    const page = await browser!.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(htmlFile).href);

    expect(await page.title()).toBe('awaitwise doctor report');
    expect(await page.locator('#count-warning').innerText()).toBe('1 warning');
    expect(await page.locator('#count-error').innerText()).toBe('0 errors');
    const finding = page.locator('.finding.sev-warning');
    expect(await finding.count()).toBe(1);
    expect(await finding.innerText()).toContain(
      "EventEmitter has 12 'refund' listeners and the count only grew",
    );
    expect(await finding.innerText()).toContain("bus.on('refund', () => {});");
    expect(await page.locator('.group[data-group="listener-leak"] .fix').innerText()).toContain(
      'waitFor(target, event',
    );

    // 1 batch + 12 × (charge, ship) operations, nested under the batch, each with its duration.
    const rows = page.locator('.row.op');
    expect(await rows.count()).toBe(25);
    const labels = await rows.locator('.label').allInnerTexts();
    expect(labels[0]).toMatch(/^checkout batch \d+ ms$/);
    expect(labels[1]).toMatch(/^\s+charge 1 \d+ ms$/);
    expect(labels).toContainEqual(expect.stringMatching(/ship 12 \d+ ms$/));
    expect(await page.locator('.row.op .tick').count()).toBe(24);
    expect(await page.locator('.findings-row .marker').count()).toBe(1);
    const bar = await page.locator('.row.op .bar').first().boundingBox();
    expect(bar?.width).toBeGreaterThan(100);

    // The severity filter hides and shows findings.
    await page.locator('input[data-severity="warning"]').uncheck();
    expect(await finding.isHidden()).toBe(true);
    await page.locator('input[data-severity="warning"]').check();
    expect(await finding.isVisible()).toBe(true);

    const screenshot = await page.screenshot({ path: path.join(scratch, 'report.png'), fullPage: true });
    expect(screenshot.subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(path.join(scratch, 'report.png')).length).toBeGreaterThan(10_000);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
