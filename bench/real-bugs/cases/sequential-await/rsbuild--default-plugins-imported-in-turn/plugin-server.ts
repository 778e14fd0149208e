import { namedPlugin, type Plugin } from './plugin-types.js';

/** The built-in `server` plugin. */
export function pluginServer(): Plugin {
  return namedPlugin('server');
}
