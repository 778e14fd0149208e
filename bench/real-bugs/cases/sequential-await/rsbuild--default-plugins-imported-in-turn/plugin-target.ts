import { namedPlugin, type Plugin } from './plugin-types.js';

/** The built-in `target` plugin. */
export function pluginTarget(): Plugin {
  return namedPlugin('target');
}
