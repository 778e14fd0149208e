import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { moduleGraph } from '../../src/analysis/project/module-graph.js';
import { testCompilerOptions } from '../../src/testing.js';

type Files = Record<string, string>;

/** A program over in-memory files at absolute paths, parsed with or without parent pointers, and its file reader. */
function programOf(files: Files, parentPointers: boolean) {
  const options = { ...testCompilerOptions, types: [] };
  const host = ts.createCompilerHost(options, parentPointers);
  const read = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (path) => path in files || ts.sys.fileExists(path);
  host.readFile = (path) => files[path] ?? read(path);
  host.getSourceFile = (path, version, onError, create) => {
    const text = files[path];
    return text === undefined
      ? getSourceFile(path, version, onError, create)
      : ts.createSourceFile(path, text, version, parentPointers);
  };
  const program = ts.createProgram({ rootNames: Object.keys(files), options, host });
  const reader = {
    readFile: (path: string) => host.readFile(path),
    fileExists: (path: string) => host.fileExists(path),
  };
  return { program, reader };
}

describe('the module graph', () => {
  it('is computed once per program', () => {
    const files: Files = {
      '/virtual/a.ts': `import { b } from './b.js';\nexport const a = await Promise.resolve(b);\n`,
      '/virtual/b.ts': `import { a } from './a.js';\nexport const b = 1;\nexport const get = () => a;\n`,
    };
    const { program, reader } = programOf(files, true);
    const graph = moduleGraph(program, reader);
    expect(moduleGraph(program, reader)).toBe(graph);
    expect(graph.edges.get('/virtual/a.ts')).toEqual(['/virtual/b.ts']);
    expect(graph.cycles.get('/virtual/a.ts')?.path).toEqual([
      '/virtual/a.ts',
      '/virtual/b.ts',
      '/virtual/a.ts',
    ]);
    expect(graph.cycles.has('/virtual/b.ts')).toBe(false);
  });

  it('needs no parent pointers in the files it reads (files a run does not check are parsed without them)', () => {
    const files: Files = {
      '/bare/a.ts': `import { b } from './b.js';\nexport interface A { n: number }\nexport const a = await Promise.resolve(b);\n`,
      '/bare/b.ts': `import { a, type A } from './a.js';\nexport const b = 1;\nexport const get = (x: A) => a + x.n;\n`,
      '/bare/c.ts': `import { A } from './a.js';\nexport const c = (x: A): number => x.n;\n`,
    };
    const { program, reader } = programOf(files, false);
    expect(program.getSourceFile('/bare/b.ts')?.statements[0]?.parent).toBeUndefined();
    const graph = moduleGraph(program, reader);
    expect(graph.edges.get('/bare/b.ts')).toEqual(['/bare/a.ts']);
    expect(graph.edges.get('/bare/c.ts')).toEqual([]); // A is only a type: the import is erased
    expect(graph.cycles.get('/bare/a.ts')?.path).toEqual(['/bare/a.ts', '/bare/b.ts', '/bare/a.ts']);
  });
});
