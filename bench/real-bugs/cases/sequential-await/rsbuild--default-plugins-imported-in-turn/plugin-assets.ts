import { namedPlugin, type Plugin } from './plugin-types.js';

/** The built-in `assets` plugin. */
export function pluginAssets(): Plugin {
  return namedPlugin('assets');
}
