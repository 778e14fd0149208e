import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, chromiumPath, fixture, launchChromium, packageDir, run } from './helpers.js';

const available = existsSync(chromiumPath);
const ci = process.env['CI'] === 'true';
const scratch = mkdtempSync(path.join(tmpdir(), 'doctor-waterfall-'));
/** Where the screenshots go (ignored by git): open them to see what the report draws. */
const screenshots = path.join(packageDir, 'test-output');
let browser: Browser | undefined;

async function report(name: string): Promise<string> {
  const html = path.join(scratch, `${path.basename(name, '.mjs')}.html`);
  const result = await run(process.execPath, [
    binPath,
    '--full',
    '--html',
    html,
    '--',
    process.execPath,
    fixture(name),
  ]);
  expect(result.status).toBe(0);
  return html;
}

async function open(html: string): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const page = await browser!.newPage({ viewport: { width: 1200, height: 900 } });
  const requests: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) requests.push(request.url());
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pathToFileURL(html).href);
  return { page, requests, errors };
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  const file = path.join(screenshots, name);
  await page.locator('.async-work').first().screenshot({ path: file });
  expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
  expect(readFileSync(file).length).toBeGreaterThan(5_000);
}

// On a developer machine without Chromium the suite is skipped; in CI a missing Chromium is a failure
// (scripts/setup-system.sh installs it).
describe.skipIf(!available && !ci)('the --full waterfall and concurrency chart in headless Chromium', () => {
  beforeAll(async () => {
    expect(available, `${chromiumPath} is missing: run scripts/setup-system.sh`).toBe(true);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('draws the whole program as a waterfall: a row per call site, a bar per await, the critical path marked', async () => {
    const { page, requests, errors } = await open(await report('waiting/sequential.mjs'));
    expect(await page.locator('.finding[data-kind="sequential-awaits"]').count()).toBe(1);
    const waterfall = page.locator('svg.waterfall');
    expect(await waterfall.count()).toBe(1);
    expect(await page.locator('.waterfall-title').first().innerText()).toMatch(/^the whole program/);
    const labels = await waterfall.locator('.row-label').allTextContents();
    expect(labels).toContainEqual(expect.stringMatching(/^sequential\.mjs:12 loadUsers/));
    expect(labels).toContainEqual(expect.stringMatching(/^sequential\.mjs:5 lookup/));
    // 12 look-ups, 12 timers inside them and the loop's own call: one after another, all of them on the path.
    expect(await waterfall.locator('rect.span').count()).toBe(25);
    expect(await waterfall.locator('rect.span.critical').count()).toBe(25);
    const box = await waterfall.boundingBox();
    expect(box?.width).toBeGreaterThan(800);
    await screenshot(page, 'waterfall-sequential.png');
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws in-flight over time for the call that fanned out, with its peak above the threshold', async () => {
    const { page, requests, errors } = await open(await report('waiting/fan-out.mjs'));
    expect(await page.locator('.finding[data-kind="in-flight-peak"]').count()).toBe(1);
    const chart = page.locator('svg.concurrency');
    expect(await chart.count()).toBe(1);
    const caption = await page.locator('figure.chart figcaption').first().innerText();
    const peak = Number(/at most (\d+) in flight/.exec(caption)?.[1]);
    expect(peak).toBe(800);
    const points = await chart.locator('polyline.series').getAttribute('points');
    expect(points?.split(' ').length).toBeGreaterThan(4);
    expect(await chart.locator('circle.point').count()).toBeGreaterThan(2);
    expect(await chart.locator('circle.peak title').textContent()).toMatch(
      new RegExp(`^peak: ${peak} in flight at `),
    );
    expect(await chart.locator('line.threshold').count()).toBe(1);
    // 800 calls at once: their bars are merged into one per row, not 800 elements.
    expect(await page.locator('svg.waterfall rect.span').count()).toBeLessThan(20);
    await screenshot(page, 'concurrency-fan-out.png');
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws one waterfall per request served', async () => {
    const { page, errors } = await open(await report('waiting/server.mjs'));
    const titles = await page.locator('.waterfall-title').allInnerTexts();
    expect(titles[0]).toMatch(/^#\d+ GET \/users\/:id slowest of 6: /);
    const first = page.locator('svg.waterfall').first();
    // The handler, findUser and its timer, and the three findOrder calls one after another with their timers.
    expect(await first.locator('rect.span').count()).toBe(9);
    await screenshot(page, 'waterfall-requests.png');
    expect(errors).toEqual([]);
    await page.close();
  });
});
