// Case: Esri/calcite-design-system, fix commit 68e49d357d0711371004650a1011b958f39414cb ("test: ensure for...of is
// used to await on loops", PR https://github.com/Esri/calcite-design-system/pull/3377). Fixed: `for…of` loops await
// each property before the test moves on, so every expectation counts.
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
    for (const input of inputs) {
      expect(await input.getProperty('readOnly')).toBe(true);
    }

    const buttons = await page.findAll('number-field button');
    for (const button of buttons) {
      expect(await button.getProperty('disabled')).toBe(true);
    }
  });
});
