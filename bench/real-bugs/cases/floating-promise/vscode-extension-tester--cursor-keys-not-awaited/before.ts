// Case: redhat-developer/vscode-extension-tester, fix commit 1fff3e3341b848f220102967e93fa42fbd1a43b6 ("await floating
// promises", pull request #87), source https://github.com/redhat-developer/vscode-extension-tester/pull/87. Rewritten in
// our own code: a page object for the editor under test moves the cursor by sending arrow keys to the input area, one
// per line or column of distance. The key presses are not awaited, so the loop fires them all at once, the position is
// read back before they have landed, and a failed key press is an unhandled rejection.
import { By, Key, type WebElement } from 'selenium-webdriver';

export class CodeEditorPage {
  static readonly inputArea = By.className('inputarea');

  constructor(private readonly root: WebElement) {}

  async cursorPosition(): Promise<[number, number]> {
    const label = await this.root.getAttribute('aria-label');
    const match = /Ln (\d+), Col (\d+)/.exec(label);
    return match ? [Number(match[1]), Number(match[2])] : [1, 1];
  }

  async lineCount(): Promise<number> {
    const text = await this.root.getAttribute('textContent');
    return text.split('\n').length;
  }

  /** Moves the cursor to the given line and column; resolves when it is there. */
  async moveCursor(line: number, column: number): Promise<void> {
    if (line < 1 || line > (await this.lineCount())) {
      throw new Error(`There is no line ${line}`);
    }
    if (column < 1) {
      throw new Error(`There is no column ${column}`);
    }
    const input = await this.root.findElement(CodeEditorPage.inputArea);
    let position = await this.cursorPosition();
    const lineGap = position[0] - line;
    const lineKey = lineGap >= 0 ? Key.UP : Key.DOWN;
    for (let i = 0; i < Math.abs(lineGap); i++) {
      input.sendKeys(lineKey);
    }

    position = await this.cursorPosition();
    const columnGap = position[1] - column;
    const columnKey = columnGap >= 0 ? Key.LEFT : Key.RIGHT;
    for (let i = 0; i < Math.abs(columnGap); i++) {
      input.sendKeys(columnKey);
      if ((await this.cursorPosition())[0] !== position[0]) {
        throw new Error(`Column ${column} cannot be reached on line ${line}`);
      }
    }
  }
}
