// Case: web-infra-dev/rsbuild, fix commit 00d5ebe2957c1991a007a6902b56a786dbec7c03 ("refactor(core): use
// `Promise.all` instead of one by one"; https://github.com/web-infra-dev/rsbuild/pull/2824), file
// packages/core/src/createRsbuild.ts.
// The fixed code, rewritten in our own code: every plugin module is imported at once under one Promise.all, each
// import's `.then` making its plugin, and the list (in the same order) is registered when all have loaded.
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
  const plugins = await Promise.all([
    import('./plugin-entry.js').then(({ pluginEntry }) => pluginEntry()),
    import('./plugin-cache.js').then(({ pluginCache }) => pluginCache()),
    import('./plugin-target.js').then(({ pluginTarget }) => pluginTarget()),
    import('./plugin-output.js').then(({ pluginOutput }) => pluginOutput()),
    import('./plugin-resolve.js').then(({ pluginResolve }) => pluginResolve()),
    // assets before html: html reads the emitted asset names
    import('./plugin-assets.js').then(({ pluginAssets }) => pluginAssets()),
    import('./plugin-html.js').then(({ pluginHtml }) =>
      pluginHtml(async (tags) => {
        const results = await context.hooks.modifyTags.call(tags);
        return results[0] ?? tags;
      }),
    ),
    import('./plugin-styles.js').then(({ pluginStyles }) => pluginStyles()),
    import('./plugin-minify.js').then(({ pluginMinify }) => pluginMinify()),
    import('./plugin-server.js').then(({ pluginServer }) => pluginServer()),
  ]);

  manager.add(plugins);
}
