import { namedPlugin, type Plugin } from './plugin-types.js';

/** The built-in `output` plugin. */
export function pluginOutput(): Plugin {
  return namedPlugin('output');
}
