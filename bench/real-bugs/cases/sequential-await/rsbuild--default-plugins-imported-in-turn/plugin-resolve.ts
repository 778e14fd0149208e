import { namedPlugin, type Plugin } from './plugin-types.js';

/** The built-in `resolve` plugin. */
export function pluginResolve(): Plugin {
  return namedPlugin('resolve');
}
