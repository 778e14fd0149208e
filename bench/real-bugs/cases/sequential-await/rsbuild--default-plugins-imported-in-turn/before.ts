// Case: web-infra-dev/rsbuild, fix commit 00d5ebe2957c1991a007a6902b56a786dbec7c03 ("refactor(core): use
// `Promise.all` instead of one by one"; https://github.com/web-infra-dev/rsbuild/pull/2824), file
// packages/core/src/createRsbuild.ts.
// The code just before the fix, rewritten in our own code: a build tool loads its built-in plugins lazily, each
// with a dynamic `import()` awaited before the next one starts, although no module needs another to be loaded first;
// the plugins are then registered in a fixed order.
import type { Plugin } from './plugin-types.js';

export interface PluginManager {
  add(plugins: readonly Plugin[]): void;
}

export interface BuildContext {
  readonly hooks: {
    readonly modifyTags: { call(tags: readonly string[]): Promise<Array<readonly string[]>> };
  };
}

export async function applyDefaultPlugins(manager: PluginManager, context: BuildContext): Promise<void> {
  const { pluginEntry } = await import('./plugin-entry.js');
  const { pluginCache } = await import('./plugin-cache.js');
  const { pluginTarget } = await import('./plugin-target.js');
  const { pluginOutput } = await import('./plugin-output.js');
  const { pluginResolve } = await import('./plugin-resolve.js');
  const { pluginAssets } = await import('./plugin-assets.js');
  const { pluginHtml } = await import('./plugin-html.js');
  const { pluginStyles } = await import('./plugin-styles.js');
  const { pluginMinify } = await import('./plugin-minify.js');
  const { pluginServer } = await import('./plugin-server.js');

  manager.add([
    pluginEntry(),
    pluginCache(),
    pluginTarget(),
    pluginOutput(),
    pluginResolve(),
    // assets before html: html reads the emitted asset names
    pluginAssets(),
    pluginHtml(async (tags) => {
      const results = await context.hooks.modifyTags.call(tags);
      return results[0] ?? tags;
    }),
    pluginStyles(),
    pluginMinify(),
    pluginServer(),
  ]);
}
