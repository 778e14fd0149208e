// Case: newsuk/AyeSpy, fix commit 1032269329f3c536c34582574814ed8ede93fed1 ("fix: parallel requests to grid",
// PR https://github.com/newsuk/AyeSpy/pull/163). Rewritten in our own code: the session is opened when the snapshot
// is taken, so the runner's rounds bound how many sessions are open on the grid.
import { Builder } from 'selenium-webdriver';

export class Snapshotter {
  constructor({ label, url, gridUrl, browser }) {
    this.label = label;
    this.url = url;
    this.gridUrl = gridUrl;
    this.browser = browser;
  }

  async takeSnap() {
    this.driver = await new Builder().usingServer(this.gridUrl).forBrowser(this.browser).build();
    await this.driver.get(this.url);
    const image = await this.driver.takeScreenshot();
    await this.driver.quit();
    return { label: this.label, image };
  }
}

function makeSnapshotters(config) {
  return config.scenarios.reduce((all, scenario) => {
    scenario.viewports.forEach((viewport) => {
      all.push(
        new Snapshotter({
          label: `${scenario.label}-${viewport.label}`,
          url: scenario.url,
          gridUrl: config.gridUrl,
          browser: config.browser,
        }),
      );
    });
    return all;
  }, []);
}

export async function getScreenshots(config) {
  const pending = makeSnapshotters(config);
  const perRound = config.limitAmountOfParallelScenarios || pending.length;
  const results = [];
  while (pending.length > 0) {
    const round = pending.splice(0, perRound);
    results.push(...(await Promise.all(round.map((snapshotter) => snapshotter.takeSnap()))));
  }
  return results;
}
