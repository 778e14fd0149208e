// Case: louislam/uptime-kuma, fix commit eb4a201bc9aeab22c7ccb2b550f3bc67ac8c24d2 ("Fix: Await expect for monitor
// status checks in Monitor Form tests";
// https://github.com/louislam/uptime-kuma/commit/eb4a201bc9aeab22c7ccb2b550f3bc67ac8c24d2).
// The fixed code, rewritten in our own code: the end-to-end tests check the new monitor's status badge with a
// web-first assertion that is never awaited, so the test ends before the assertion runs and a wrong status never
// fails it.
import { test, expect } from '@playwright/test';

test.describe('monitor form', () => {
  test('a reachable address is reported up', async ({ page }) => {
    await page.goto('/add');
    await page.getByTestId('url-input').fill('http://127.0.0.1:3001/health');
    await page.getByTestId('save-button').click();
    await page.waitForURL('/dashboard/*');

    await expect(page.getByTestId('monitor-status')).toHaveText('up', { ignoreCase: true });
  });

  test('an unreachable address is reported down', async ({ page }) => {
    await page.goto('/add');
    await page.getByTestId('url-input').fill('http://127.0.0.1:9/');
    await page.getByTestId('save-button').click();
    await page.waitForURL('/dashboard/*');

    await expect(page.getByTestId('monitor-status')).toHaveText('down', { ignoreCase: true });
  });
});
