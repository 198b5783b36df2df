/**
 * The layering of src/, read from the imports themselves (TypeScript's own pre-processor, so
 * `import type`, `export … from` and `import('…')` all count):
 *
 *   composition roots   src/*.ts, demo/, dev/, worker/     may import anything
 *   domain modules      identity, graph, students, …       import lib, common, other modules' public files
 *   common/             the framework plumbing             imports lib and npm packages, no domain module
 *   lib/                the pure algorithms                imports node built-ins, npm packages, lib
 *
 * A module's public files sit directly in its folder and say what they are by their suffix
 * (PUBLIC_SUFFIXES) or are named after the folder (personal-data/personal-data.ts); anything in a
 * sub-folder (engine/, run/, jobs/, map/, replies/, …) is the module's own business. Between module
 * folders there is no cycle.
 *
 * Each allow-list below names today's exceptions, each with why it is there; an entry that no
 * import needs any more fails the test, so the lists only shrink.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');

const DOMAIN_MODULES = ['identity', 'graph', 'students', 'organizations', 'matching', 'committee', 'preparedness', 'privacy', 'personal-data', 'tv', 'health'];
const COMPOSITION_ROOTS = ['demo', 'dev', 'worker'];
const PUBLIC_SUFFIXES = ['.module.ts', '.service.ts', '.enums.ts', '.enum.ts', '.models.ts', '.entity.ts', '.inputs.ts', '.decorators.ts', '.events.ts', '.registry.ts', '.policy.ts'];

/**
 * common/ → domain module, file by file (importer → imported, relative to src/). Empty, and to stay
 * so: common defines an interface or a token and the module provides it (as VIEWER_RESOLVER).
 */
const COMMON_UPWARD_ALLOWED = new Set<string>([
  // none: each module registers its own entities (TypeOrmModule.forFeature, autoLoadEntities), the
  // viewer's roles are strings in common, and identity provides the viewer lookup (VIEWER_RESOLVER)
]);

/** Module → another module's non-public file (importer → imported, relative to src/). */
const INTERNALS_ALLOWED = new Set<string>([]);

/**
 * Folder → folder imports left out of the cycle check, each an arrow that runs upward today: none.
 * (Students and offers ask the matching graph for runs and releases through ports they declare,
 * student-matching.events.ts and offer-matching.events.ts, which matching provides.)
 */
const CYCLE_EDGES_ALLOWED = new Set<string>([]);

interface Import {
  /** importer, relative to src/ */
  from: string;
  /** the specifier as written */
  spec: string;
  /** the imported file relative to src/ (relative specifiers), or null for a package */
  to: string | null;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** A path relative to src/, with '/' whatever the platform. */
const relative = (file: string): string => path.relative(SRC, file).split(path.sep).join('/');

function importsOf(file: string): Import[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const from = relative(file);
  return info.importedFiles.map(({ fileName: spec }) => ({
    from,
    spec,
    to: spec.startsWith('.') ? relative(path.resolve(path.dirname(file), spec)).replace(/\.js$/, '.ts') : null,
  }));
}

/** The top folder of a path relative to src/ ('' for src/*.ts, '..' for outside src/). */
const folderOf = (rel: string): string => (rel.startsWith('..') ? '..' : rel.includes('/') ? rel.split('/')[0] : '');
const isModule = (folder: string): boolean => DOMAIN_MODULES.includes(folder);
const isBuiltin = (spec: string): boolean => spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]);
const isPublic = (rel: string): boolean => {
  const [folder, ...rest] = rel.split('/');
  if (rest.length !== 1) return false;
  return PUBLIC_SUFFIXES.some((s) => rest[0].endsWith(s)) || rest[0] === `${folder}.ts`;
};
const edge = (i: Import): string => `${i.from} → ${i.to}`;

/** Violations of each rule for a list of imports (the last test adds imports that break each rule once). */
function layeringViolations(imports: Import[]) {
  const lib = imports.filter((i) => folderOf(i.from) === 'lib' && (i.to === null ? false : folderOf(i.to) !== 'lib')).map(edge);
  const commonUp = imports.filter((i) => folderOf(i.from) === 'common' && i.to !== null && isModule(folderOf(i.to))).map(edge);
  const internals = imports
    .filter((i) => isModule(folderOf(i.from)) && i.to !== null && isModule(folderOf(i.to)) && folderOf(i.to) !== folderOf(i.from) && !isPublic(i.to))
    .map(edge);
  // module and infrastructure folders, with the allowed upward arrows left out
  const graph = new Map<string, Set<string>>();
  for (const i of imports) {
    if (i.to === null) continue;
    const a = folderOf(i.from), b = folderOf(i.to);
    if (a === b || a === '' || b === '' || b === '..' || COMPOSITION_ROOTS.includes(a)) continue;
    if (CYCLE_EDGES_ALLOWED.has(`${a} → ${i.to}`) || COMMON_UPWARD_ALLOWED.has(edge(i))) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)!.add(b);
  }
  return { lib, commonUp, internals, cycles: cyclesOf(graph) };
}

/** Strongly connected components of more than one folder (Tarjan), each sorted. */
function cyclesOf(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>(), low = new Map<string, number>(), onStack = new Set<string>(), stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index), low.set(v, index++), stack.push(v), onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) visit(w), low.set(v, Math.min(low.get(v)!, low.get(w)!));
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do (w = stack.pop()!), onStack.delete(w), scc.push(w);
      while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

const imports = sourceFiles(SRC).flatMap(importsOf);
const found = layeringViolations(imports);

describe('layering of src/', () => {
  it('reads the imports of every file (the parser sees static, type-only, re-export and dynamic imports)', () => {
    expect(imports.length).toBeGreaterThan(500);
    expect(imports.some((i) => i.from === 'worker/worker.module.ts')).toBe(true);
    const probe = ts.preProcessFile(`import type { A } from './a.js';\nexport { B } from './b.js';\nconst c = await import('./c.js');`, true, true);
    expect(probe.importedFiles.map((f) => f.fileName)).toEqual(['./a.js', './b.js', './c.js']);
  });

  it('every top folder of src/ is a known module, infrastructure or composition root', () => {
    const folders = new Set(imports.map((i) => folderOf(i.from)).filter((f) => f !== ''));
    const unknown = [...folders].filter((f) => !isModule(f) && !COMPOSITION_ROOTS.includes(f) && f !== 'common' && f !== 'lib');
    expect(unknown).toEqual([]);
  });

  it('src/lib imports only node built-ins, npm packages and src/lib', () => {
    expect(found.lib).toEqual([]);
    // a package, not a path into src/ spelled as one
    const bare = imports.filter((i) => folderOf(i.from) === 'lib' && i.to === null && !isBuiltin(i.spec) && i.spec.startsWith('src'));
    expect(bare).toEqual([]);
  });

  it('src/common imports no domain module (but the listed exceptions)', () => {
    expect(found.commonUp.filter((e) => !COMMON_UPWARD_ALLOWED.has(e))).toEqual([]);
    expect([...COMMON_UPWARD_ALLOWED].filter((e) => !found.commonUp.includes(e))).toEqual([]);
  });

  it("no module imports another module's internals (but the listed exceptions)", () => {
    expect(found.internals.filter((e) => !INTERNALS_ALLOWED.has(e))).toEqual([]);
    expect([...INTERNALS_ALLOWED].filter((e) => !found.internals.includes(e))).toEqual([]);
  });

  it('no import cycle between module folders (but the listed upward arrows)', () => {
    expect(found.cycles).toEqual([]);
    const used = new Set(imports.filter((i) => i.to !== null).map((i) => `${folderOf(i.from)} → ${i.to}`));
    expect([...CYCLE_EDGES_ALLOWED].filter((e) => !used.has(e))).toEqual([]);
  });

  it('catches a break of each rule', () => {
    const broken = layeringViolations([
      ...imports,
      { from: 'lib/text/x.ts', spec: '../../matching/matching.enums.js', to: 'matching/matching.enums.ts' },
      { from: 'common/x.ts', spec: '../students/student.service.js', to: 'students/student.service.ts' },
      { from: 'preparedness/x.ts', spec: '../matching/engine/index.js', to: 'matching/engine/index.ts' },
      { from: 'graph/x.ts', spec: '../tv/tv.module.js', to: 'tv/tv.module.ts' },
    ]);
    expect(broken.lib).toContain(`lib/text/x.ts → matching/matching.enums.ts`);
    expect(broken.commonUp).toContain(`common/x.ts → students/student.service.ts`);
    expect(broken.internals).toContain(`preparedness/x.ts → matching/engine/index.ts`);
    expect(broken.cycles.some((c) => c.includes('graph') && c.includes('tv'))).toBe(true);
  });
});
