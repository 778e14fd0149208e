import { beforeAll, describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// Dynamic imports awaited one after another: a module of the program whose top level only defines (functions,
// classes, constants without a call) runs nothing as it loads, so loading two of them in turn only waits twice. Read
// in public fixes: web-infra-dev/rsbuild 00d5ebe (built-in plugins imported one by one) and web-infra-dev/rstest
// 07d8934 (a CLI's lazily loaded modules). A module that runs code as it loads, or a library's, keeps its place.

const definitions = {
  'plugin-html.ts': `export function pluginHtml() {
  return { name: 'html' };
}`,
  'plugin-styles.ts': `const defaults = { minify: true, modules: ['css'] };
export const pluginStyles = (options = defaults) => ({ name: 'styles', options });
export class StylesCache {
  entries = new Map<string, string>();
}`,
  'plugin-server.js': `export function pluginServer() {
  return { name: 'server' };
}`,
  'polyfills.ts': `(globalThis as { ready?: boolean }).ready = true;
export const polyfilled = true;`,
  'registry.ts': `export const registry = new Map<string, () => unknown>();
registry.set('html', () => ({ name: 'html' }));`,
  'static-cache.ts': `export class Cache {
  static shared = new Map<string, string>();
}`,
  'setup.ts': `import './polyfills.js';
export const configured = true;`,
};

const tester = ruleTester('sequential-await', { prelude: '', files: definitions });

beforeAll(() => {
  tester.expectValid('export {};');
}, 120_000);

describe('sequential-await: dynamic imports of modules that only define, awaited in turn', () => {
  it('reports the second import when both results are used together (TypeScript)', () => {
    tester.expectInvalid({
      code: `export async function defaultPlugins() {
  const { pluginHtml } = await import('./plugin-html.js');
  const { pluginStyles } = /*!*/await import('./plugin-styles.js');
  return [pluginHtml(), pluginStyles()];
}`,
      messageId: 'independentAwaits',
    });
  });

  it('reports them in JavaScript importing a JavaScript module', () => {
    tester.expectInvalid({
      code: `export async function plugins() {
  const html = await import('./plugin-html.js');
  const server = /*!*/await import('./plugin-server.js');
  return [html.pluginHtml(), server.pluginServer()];
}`,
      fileName: 'plugins.js',
      messageId: 'independentAwaits',
    });
  });

  it.each([
    [
      'the fixed form: both imports started together',
      `export async function defaultPlugins() {
  const [{ pluginHtml }, { pluginStyles }] = await Promise.all([
    import('./plugin-html.js'),
    import('./plugin-styles.js'),
  ]);
  return [pluginHtml(), pluginStyles()];
}`,
    ],
    [
      'a module that changes globals as it loads, imported first',
      `export async function start() {
  const { polyfilled } = await import('./polyfills.js');
  const { pluginHtml } = await import('./plugin-html.js');
  return [polyfilled, pluginHtml()];
}`,
    ],
    [
      'a module whose top level calls a method, imported second',
      `export async function start() {
  const { pluginHtml } = await import('./plugin-html.js');
  const { registry } = await import('./registry.js');
  return [pluginHtml(), registry.size];
}`,
    ],
    [
      'a module that imports another only for its effects',
      `export async function start() {
  const { configured } = await import('./setup.js');
  const { pluginHtml } = await import('./plugin-html.js');
  return [configured, pluginHtml()];
}`,
    ],
    [
      'a class whose static field is built as the module loads',
      `export async function start() {
  const { pluginHtml } = await import('./plugin-html.js');
  const { Cache } = await import('./static-cache.js');
  return [pluginHtml(), Cache.shared];
}`,
    ],
    [
      'a library module (it may patch globals as it loads)',
      `export async function start() {
  const path = await import('node:path');
  const { pluginHtml } = await import('./plugin-html.js');
  return [path.sep, pluginHtml()];
}`,
    ],
  ])('not reported: %s', (_name, code) => {
    tester.expectValid(code);
  });
});
