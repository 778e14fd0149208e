// The part of @playwright/test's API the case uses (the package is not installed in this repository).
declare module '@playwright/test' {
  interface Page {
    goto(url: string): Promise<unknown>;
    hover(selector: string): Promise<void>;
    click(selector: string): Promise<void>;
    waitForLoadState(state: 'load' | 'networkidle'): Promise<void>;
  }
  interface PageAssertions {
    toHaveURL(expected: string | RegExp, options?: { timeout?: number }): Promise<void>;
  }
  interface Fixtures {
    page: Page;
  }
  interface TestType {
    (title: string, body: (fixtures: Fixtures) => Promise<void>): void;
    describe(title: string, body: () => void): void;
  }
  export const test: TestType;
  export function expect(page: Page): PageAssertions;
}
