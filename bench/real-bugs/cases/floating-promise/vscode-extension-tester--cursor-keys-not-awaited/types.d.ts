// The part of selenium-webdriver's API the case uses (the original imports it from 'selenium-webdriver').
declare module 'selenium-webdriver' {
  export interface WebElement {
    sendKeys(...keys: string[]): Promise<void>;
    getAttribute(name: string): Promise<string>;
    findElement(locator: By): Promise<WebElement>;
  }
  export class By {
    static className(name: string): By;
  }
  export const Key: { readonly UP: string; readonly DOWN: string; readonly LEFT: string; readonly RIGHT: string };
}
