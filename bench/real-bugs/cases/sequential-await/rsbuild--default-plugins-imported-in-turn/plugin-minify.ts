import { namedPlugin, type Plugin } from './plugin-types.js';

/** The built-in `minify` plugin. */
export function pluginMinify(): Plugin {
  return namedPlugin('minify');
}
