// Case: sveltejs/kit, fix commit 0d8ef599c2fe235f5df4b886a62f39bb646405c3 ("chore: await web-first assertions in
// basics client tests (#16068)"; https://github.com/sveltejs/kit/pull/16068).
// The fixed code, rewritten in our own code: browser tests check the page's URL after a preload with Playwright's
// retrying toHaveURL assertion but never await it, so the tests end before the URL is checked.
import { expect, test } from '@playwright/test';

test.describe('preload attributes', () => {
  test('a failed preload leaves the user on the offline page', async ({ page }) => {
    await page.goto('/preload/offline');
    await Promise.all([page.hover('#one'), page.waitForLoadState('networkidle')]);

    await expect(page).toHaveURL('/preload/offline');

    await page.click('#one');
    await page.waitForLoadState('load');
  });

  test('a preload does not cancel a slow navigation', async ({ page }) => {
    await page.goto('/preload/slow');
    await Promise.all([page.click('#slow'), page.waitForLoadState('networkidle')]);

    await expect(page).toHaveURL('/preload/slow/target');
  });
});
