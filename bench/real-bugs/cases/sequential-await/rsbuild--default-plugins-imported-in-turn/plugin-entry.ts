import { namedPlugin, type Plugin } from './plugin-types.js';

/** The built-in `entry` plugin. */
export function pluginEntry(): Plugin {
  return namedPlugin('entry');
}
