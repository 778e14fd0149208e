// Case: vitejs/vite, fix commit d5fb653c15903ccf84a093f212da86f0327a9a6f ("fix: handle postcss load unhandled
// rejections (#18886)"; https://github.com/vitejs/vite/pull/18886).
// The code just before the fix, rewritten in our own code: the CSS plugin warms a cache by starting to load the
// PostCSS config at creation and drops the promise, and the cache attaches a then without a rejection handler, so a
// broken config crashes the process with an unhandled rejection before any CSS is processed.
interface PostcssConfig {
  plugins: unknown[];
}

declare function loadPostcssConfig(root: string): Promise<PostcssConfig | null>;

const configCache = new WeakMap<object, PostcssConfig | null | Promise<PostcssConfig | null>>();

async function resolvePostcssConfig(config: { root: string }): Promise<PostcssConfig | null> {
  const cached = configCache.get(config);
  if (cached !== undefined) {
    return cached;
  }
  const result = loadPostcssConfig(config.root);
  // replace the cached promise by its value once loaded
  result.then((resolved) => {
    configCache.set(config, resolved);
  });
  configCache.set(config, result);
  return result;
}

export function cssPlugin(config: { root: string; transformer: 'postcss' | 'lightningcss' }) {
  // warm up the cache
  if (config.transformer !== 'lightningcss') {
    resolvePostcssConfig(config);
  }
  return {
    name: 'css',
    async transform(code: string) {
      const postcss = await resolvePostcssConfig(config);
      return postcss ? `/* ${postcss.plugins.length} plugins */\n${code}` : code;
    },
  };
}
