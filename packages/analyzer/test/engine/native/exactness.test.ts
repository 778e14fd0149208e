import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNativeSession, type NativeSession } from '../../../src/engine/native/session.js';
import { compareEngines } from './exactness.js';

const repository = resolve(dirname(new URL(import.meta.url).pathname), '../../../../..');

function projectFiles(configPath: string): { files: string[]; options: ts.CompilerOptions } {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (parsed === undefined) throw new Error(`cannot read ${configPath}`);
  const files = parsed.fileNames.filter((name) => /\.[cm]?tsx?$/.test(name) && !/\.d\.[cm]?ts$/.test(name));
  return { files, options: parsed.options };
}

describe('the native facade answers what the TypeScript 6 checker answers', () => {
  let session: NativeSession;
  beforeAll(() => {
    session = openNativeSession({ cwd: repository });
  });
  afterAll(() => {
    session.close();
  });

  it.each([
    ['the shop-api example (the pitfalls the rules find)', 'examples/shop-api/tsconfig.json'],
    ['@awaitwise/core (real library code)', 'packages/core/tsconfig.json'],
  ])('on %s, for every node the rules ask about', (_name, config) => {
    const { files, options } = projectFiles(join(repository, config));
    const { questions, differences } = compareEngines(session, files, options);
    expect(questions).toBeGreaterThan(100);
    expect(differences).toEqual([]);
  });
});
