import { namedPlugin, type Plugin } from './plugin-types.js';

/** The built-in `styles` plugin. */
export function pluginStyles(): Plugin {
  return namedPlugin('styles');
}
