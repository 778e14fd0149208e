import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, findConfigFile, loadConfig, resolveConfig, type AnyRule } from '../../src/index.js';
import { awaitNonPromise, executorRule } from './helpers.js';
import { tempProject } from '../../../../test/support/temp-project.js';

const registry: readonly AnyRule[] = [executorRule, awaitNonPromise];
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function configError(raw: unknown, rules: readonly AnyRule[] = registry): ConfigError {
  try {
    resolveConfig(raw, rules, '/p/awaitwise.config.json', '/p');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('defaults to every recommended rule at its default severity', () => {
    const config = resolveConfig(undefined, registry, undefined, '/p');
    expect(config.rules.map((r) => [r.rule.meta.id, r.severity])).toEqual([
      ['async-promise-executor', 'error'],
      ['floating-promise', 'warning'],
    ]);
    expect(config.engineChecks).toEqual({
      'unused-suppression': 'warning',
      'invalid-suppression': 'warning',
    });
    expect(config.include).toEqual([]);
  });

  it('switches rules off, changes severities and keeps globs', () => {
    const config = resolveConfig(
      {
        rules: {
          'floating-promise': 'off',
          'async-promise-executor': { severity: 'info' },
          'unused-suppression': 'error',
        },
        include: ['src/**'],
        exclude: ['src/generated/**'],
      },
      registry,
      undefined,
      '/p',
    );
    expect(config.rules.map((r) => [r.rule.meta.id, r.severity])).toEqual([
      ['async-promise-executor', 'info'],
    ]);
    expect(config.engineChecks['unused-suppression']).toBe('error');
    expect(config.exclude).toEqual(['src/generated/**']);
  });

  it('names the key path, the expectation and the value of a bad entry', () => {
    expect(configError({ rulez: {} }).message).toBe(
      'Invalid /p/awaitwise.config.json: expected `rulez` to be one of the keys $schema, rules, include, exclude, includeGenerated, engine ' +
        '(unknown key), got `{}` (object).',
    );
    expect(configError({ rules: { 'floating-promise': { severity: 'loud' } } })).toMatchObject({
      key: 'rules.floating-promise.severity',
      message: expect.stringContaining('got `"loud"` (string)') as unknown,
    });
    expect(configError({ rules: { 'no-such-rule': 'error' } }).key).toBe('rules.no-such-rule');
    expect(configError({ include: 'src' }).message).toContain(
      'expected `include` to be an array of glob strings',
    );
    expect(configError({ exclude: ['ok', 3] }).key).toBe('exclude[1]');
    expect(configError({ rules: { 'floating-promise': { level: 'error' } } }).key).toBe(
      'rules.floating-promise.level',
    );
    expect(configError([]).message).toContain('expected `(root)` to be an object, got `[]` (array)');
    expect(configError({ rules: { 'async-promise-executor': { options: { strict: true } } } }).message).toBe(
      'Invalid /p/awaitwise.config.json: `rules.async-promise-executor.options`: Unknown option `strict` (this rule ' +
        'takes no options), got `true` (boolean).',
    );
  });

  it('finds awaitwise.config.json upward from the working folder', () => {
    const made = tempProject({
      'awaitwise.config.json': '{ "rules": { "floating-promise": "off" } }',
      'a/b/x.ts': '',
    });
    cleanup = made.cleanup;
    expect(findConfigFile(`${made.dir}/a/b`)).toBe(`${made.dir}/awaitwise.config.json`);
    const config = loadConfig(undefined, `${made.dir}/a/b`, registry);
    expect(config.file).toBe(`${made.dir}/awaitwise.config.json`);
    expect(config.baseDir).toBe(made.dir);
    expect(config.rules.map((r) => r.rule.meta.id)).toEqual(['async-promise-executor']);
  });

  it('reports a config that is not JSON or a --config that does not exist', () => {
    const made = tempProject({ 'awaitwise.config.json': '{ rules: ' });
    cleanup = made.cleanup;
    expect(() => loadConfig(undefined, made.dir, registry)).toThrow(/is not valid JSON/);
    expect(() => loadConfig('nope.json', made.dir, registry)).toThrow(/nope\.json does not exist/);
  });
});
