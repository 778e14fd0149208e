import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { originalFrame } from '../src/source-maps.js';
import type { DoctorReport, StackFrame } from '../src/types.js';
import { binPath, ofKind, run } from './helpers.js';

// TypeScript whose types take lines: the compiled line of the throw differs from the line in this source.
const source = `interface User {
  id: number;
  name: string;
}

type Loader = (id: number) => Promise<User>;

export const load: Loader = async (id: number): Promise<User> => {
  await new Promise<void>((resolve) => setTimeout(resolve, 1));
  throw new Error(\`user \${id} not found\`);
};

void load(7);
`;
const throwLine = 10;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project with src/app.ts compiled into dist/app.js, with its source map beside it or inline. */
function compiled(inline: boolean): { dir: string; js: string; ts: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'doctor-maps-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'src'));
  mkdirSync(path.join(dir, 'dist'));
  const tsFile = path.join(dir, 'src', 'app.ts');
  writeFileSync(tsFile, source);
  const output = ts.transpileModule(source, {
    fileName: 'app.ts',
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      sourceRoot: '../src',
      ...(inline ? { inlineSourceMap: true } : { sourceMap: true }),
    },
  });
  const jsFile = path.join(dir, 'dist', 'app.js');
  writeFileSync(jsFile, output.outputText);
  if (!inline) writeFileSync(`${jsFile}.map`, output.sourceMapText ?? '');
  return { dir, js: jsFile, ts: tsFile };
}

async function doctorOn(project: { dir: string; js: string }, nodeArgs: readonly string[] = []) {
  const out = path.join(project.dir, 'out.json');
  const result = await run(
    process.execPath,
    [binPath, '--out', out, '--', process.execPath, ...nodeArgs, project.js],
    { cwd: project.dir },
  );
  const { reports } = JSON.parse(readFileSync(out, 'utf8')) as { reports: DoctorReport[] };
  const [finding] = ofKind(
    reports.flatMap((report) => report.findings),
    'unhandled-rejection',
  );
  return { ...result, finding };
}

describe('frames of compiled code are mapped through source maps', () => {
  it.each([
    ['a .map file beside the output', false],
    ['an inline source map', true],
  ])('shows the original file, line and code frame with %s', async (_label, inline) => {
    const project = compiled(inline);
    const compiledLine =
      readFileSync(project.js, 'utf8')
        .split('\n')
        .findIndex((line) => line.includes('throw')) + 1;
    expect(compiledLine).not.toBe(throwLine);
    const { status, stderr, finding } = await doctorOn(project);
    expect(status).toBe(1);
    expect(finding?.frames[0]).toMatchObject({
      file: project.ts,
      line: throwLine,
      column: 9,
      generated: { file: project.js, line: compiledLine },
    });
    // The terminal report's location and code frame come from src/app.ts.
    expect(stderr).toContain(`(${path.join('src', 'app.ts')}:${throwLine}:9)`);
    expect(stderr).toContain(`> ${throwLine} |   throw new Error(\`user \${id} not found\`);`);
    expect(stderr).toContain('   9 |   await new Promise<void>((resolve) => setTimeout(resolve, 1));');
  });

  it('gives the same answer when the program runs with --enable-source-maps', async () => {
    const project = compiled(false);
    const { finding } = await doctorOn(project, ['--enable-source-maps']);
    expect(finding?.frames[0]).toMatchObject({ file: project.ts, line: throwLine, column: 9 });
  });

  it('leaves a frame alone without a map, on a line the map does not cover, or when the source is missing', () => {
    const project = compiled(false);
    const at = (file: string, line: number): StackFrame => ({
      functionName: 'load',
      file,
      line,
      column: 1,
      async: false,
    });
    const plain = path.join(project.dir, 'plain.js');
    writeFileSync(plain, 'throw new Error("x");\n');
    expect(originalFrame(at(plain, 1))).toEqual(at(plain, 1));
    expect(originalFrame(at(project.js, 500))).toEqual(at(project.js, 500));
    expect(originalFrame(at('node:internal/timers', 3))).toEqual(at('node:internal/timers', 3));
    rmSync(project.ts);
    const compiledFrame = at(project.js, 4);
    expect(originalFrame(compiledFrame)).toEqual(compiledFrame);
  });
});
