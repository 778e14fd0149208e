// Case: Esri/calcite-design-system, fix commit 68e49d357d0711371004650a1011b958f39414cb ("test: ensure for...of is
// used to await on loops", PR https://github.com/Esri/calcite-design-system/pull/3377). Rewritten in our own code: a
// browser test of a read-only form field finds its inner inputs and buttons and checks a property of each one in an
// async `forEach` callback. `forEach` drops the promises: the test finishes before any property was read, and the
// expectations run after it passed (or never).
import { describe, expect, it } from 'vitest';

interface FoundElement {
  getProperty(name: string): Promise<unknown>;
}
interface TestPage {
  setContent(html: string): Promise<void>;
  waitForChanges(): Promise<void>;
  findAll(selector: string): Promise<FoundElement[]>;
}
declare function openPage(): Promise<TestPage>;

describe('number field', () => {
  it('makes every part read-only', async () => {
    const page = await openPage();
    await page.setContent('<number-field read-only></number-field>');
    await page.waitForChanges();

    const inputs = await page.findAll('number-field input');
    inputs.forEach(async (input) => {
      expect(await input.getProperty('readOnly')).toBe(true);
    });

    const buttons = await page.findAll('number-field button');
    buttons.forEach(async (button) => {
      expect(await button.getProperty('disabled')).toBe(true);
    });
  });
});
