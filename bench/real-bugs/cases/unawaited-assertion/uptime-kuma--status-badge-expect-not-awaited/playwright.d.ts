// The part of @playwright/test's API the case uses (the package is not installed in this repository).
declare module '@playwright/test' {
  interface Locator {
    fill(value: string): Promise<void>;
    click(): Promise<void>;
  }
  interface Page {
    goto(url: string): Promise<unknown>;
    getByTestId(id: string): Locator;
    waitForURL(url: string): Promise<void>;
  }
  interface LocatorAssertions {
    toHaveText(expected: string | RegExp, options?: { ignoreCase?: boolean; timeout?: number }): Promise<void>;
    toBeVisible(options?: { timeout?: number }): Promise<void>;
  }
  interface Fixtures {
    page: Page;
  }
  interface TestType {
    (title: string, body: (fixtures: Fixtures) => Promise<void>): void;
    describe(title: string, body: () => void): void;
  }
  export const test: TestType;
  export function expect(locator: Locator): LocatorAssertions;
}
