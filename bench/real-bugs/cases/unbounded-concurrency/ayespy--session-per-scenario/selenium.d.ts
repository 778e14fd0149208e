declare module 'selenium-webdriver' {
  export interface WebDriver {
    get(url: string): Promise<void>;
    takeScreenshot(): Promise<string>;
    quit(): Promise<void>;
  }
  export interface ThenableWebDriver extends WebDriver, PromiseLike<WebDriver> {}
  export class Builder {
    usingServer(url: string): Builder;
    forBrowser(name: string): Builder;
    build(): ThenableWebDriver;
  }
}
