import { namedPlugin, type Plugin } from './plugin-types.js';

/** The built-in `cache` plugin. */
export function pluginCache(): Plugin {
  return namedPlugin('cache');
}
