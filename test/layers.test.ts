/**
 * The layer rule (DESIGN.md §6, STYLE.md):
 *
 *     util, diag  →  lang  →  elaborate  →  bpf, wire  →  compile  →  kernel  →  runtime  →  cli
 *
 * A module imports only from its own layer or layers to its left, and another layer only through
 * that layer's `index.ts`. util and diag are peers at the bottom, but diag may import util (not
 * the reverse); bpf and wire are peers that import neither each other. Only `src/kernel/sys`
 * may load the FFI package. This test reads every `.ts` file under `src/`.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/** Rank of each layer, left to right. Equal ranks are peers. */
const LAYER_RANK: Readonly<Record<string, number>> = {
  util: 0,
  diag: 0,
  lang: 1,
  elaborate: 2,
  bpf: 3,
  wire: 3,
  compile: 4,
  kernel: 5,
  runtime: 6,
  cli: 7,
};

/** Peer imports that are allowed in spite of equal rank. */
const PEER_ALLOWED: ReadonlySet<string> = new Set(['diag→util']);

/** Packages only one module may load. */
const RESTRICTED_PACKAGES: Readonly<Record<string, string>> = { koffi: 'kernel/sys' };

export interface SourceFile {
  /** Path relative to `src/`, with `/` separators: `lang/parser/index.ts`. */
  readonly path: string;
  readonly text: string;
}

export interface Violation {
  readonly file: string;
  readonly specifier: string;
  readonly reason: string;
}

/** Every module specifier a file names: static imports and re-exports, `import()`, `require()`. */
export function importSpecifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) out.push(m[1]!);
  return out;
}

/** The layer of a path under `src/` (its first directory). */
function layerOf(srcPath: string): string | undefined {
  const first = srcPath.split('/')[0];
  return first !== undefined && srcPath.includes('/') ? first : undefined;
}

export function checkLayers(files: readonly SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const from = layerOf(file.path);
    if (from === undefined || LAYER_RANK[from] === undefined) {
      violations.push({ file: file.path, specifier: '', reason: `not inside a known layer directory` });
      continue;
    }
    for (const specifier of importSpecifiers(file.text)) {
      const reason = checkImport(file.path, from, specifier);
      if (reason !== undefined) violations.push({ file: file.path, specifier, reason });
    }
  }
  return violations;
}

function checkImport(filePath: string, from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) {
    const pkg = specifier.startsWith('@')
      ? specifier.split('/').slice(0, 2).join('/')
      : specifier.split('/')[0]!;
    const owner = RESTRICTED_PACKAGES[pkg];
    if (owner !== undefined && !filePath.startsWith(`${owner}/`) && !filePath.startsWith(`${owner}.`)) {
      return `only src/${owner} may import '${pkg}'`;
    }
    return undefined;
  }
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(filePath), specifier));
  if (target.startsWith('../')) return 'imports from outside src/';
  const to = layerOf(target);
  if (to === undefined || LAYER_RANK[to] === undefined) return `imports '${target}', which is in no layer`;
  if (to === from) return undefined;
  const fromRank = LAYER_RANK[from]!;
  const toRank = LAYER_RANK[to]!;
  if (toRank > fromRank) return `${from} may not import ${to} (a layer to its right)`;
  if (toRank === fromRank && !PEER_ALLOWED.has(`${from}→${to}`))
    return `${from} may not import its peer ${to}`;
  if (target !== `${to}/index.js` && target !== `${to}/index.ts` && target !== `${to}/index`) {
    return `other layers are imported through their index.ts: use '${to}/index.js'`;
  }
  return undefined;
}

// ---------------------------------------------------------------- the repository

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function readSources(dir: string, rel = ''): SourceFile[] {
  const out: SourceFile[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    const r = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) out.push(...readSources(full, r));
    else if (e.name.endsWith('.ts')) out.push({ path: r, text: readFileSync(full, 'utf8') });
  }
  return out;
}

test('every module under src/ respects the layer rule', () => {
  const files = readSources(path.join(repoRoot, 'src'));
  assert.ok(files.length > 0, 'no sources found');
  const violations = checkLayers(files);
  const report = violations.map((v) => `src/${v.file}: import '${v.specifier}': ${v.reason}`).join('\n');
  assert.equal(violations.length, 0, `layer rule broken:\n${report}`);
});

// ---------------------------------------------------------------- the checker itself

test('self-test: import specifiers are found in every syntax', () => {
  const text = [
    "import { a } from './a.js';",
    "import type { B } from '../diag/index.js';",
    'import {',
    '  c,',
    '  type D,',
    "} from './c.js';",
    "export { e } from './e.js';",
    "export * from './f.js';",
    "import './side-effect.js';",
    "const g = await import('./g.js');",
    "const h = require('h');",
    "// import { no } from './commented.js';",
    "/* import { no } from './block.js'; */",
    "const s = 'from nowhere';",
  ].join('\n');
  assert.deepEqual(importSpecifiers(text).sort(), [
    '../diag/index.js',
    './a.js',
    './c.js',
    './e.js',
    './f.js',
    './g.js',
    './side-effect.js',
    'h',
  ]);
});

test('self-test: allowed imports pass', () => {
  const ok: SourceFile[] = [
    { path: 'diag/render.ts', text: "import { assertNever } from '../util/index.js';" },
    {
      path: 'lang/parser/expr.ts',
      text: "import type { Span } from '../../diag/index.js';\nimport './state.js';",
    },
    { path: 'lang/parser/index.ts', text: "import { Lexer } from '../lexer.js';" },
    {
      path: 'cli/main.ts',
      text: "import { parseScript } from '../lang/index.js';\nimport fs from 'node:fs';",
    },
    {
      path: 'compile/x.ts',
      text: "import { a } from '../bpf/index.js';\nimport { b } from '../wire/index.js';",
    },
    { path: 'kernel/sys/bpf.ts', text: "import koffi from 'koffi';" },
    { path: 'kernel/sys.ts', text: "import koffi from 'koffi';" },
  ];
  assert.deepEqual(checkLayers(ok), []);
});

test('self-test: each kind of violation is caught, with file and import', () => {
  const bad: [SourceFile, string][] = [
    [{ path: 'lang/parser/x.ts', text: "import { f } from '../../elaborate/index.js';" }, 'to its right'],
    [{ path: 'util/x.ts', text: "import type { Span } from '../diag/index.js';" }, 'its peer diag'],
    [{ path: 'bpf/x.ts', text: "import { r } from '../wire/index.js';" }, 'its peer wire'],
    [{ path: 'cli/x.ts', text: "import { Lexer } from '../lang/lexer.js';" }, 'through their index.ts'],
    [{ path: 'elaborate/x.ts', text: "export * from '../lang/parser/index.js';" }, 'through their index.ts'],
    [{ path: 'runtime/x.ts', text: "const c = await import('../cli/index.js');" }, 'to its right'],
    [{ path: 'lang/x.ts', text: "import { t } from '../../test/x.js';" }, 'outside src/'],
    [{ path: 'lang/x.ts', text: "import { t } from '../misc/x.js';" }, 'in no layer'],
    [{ path: 'misc/x.ts', text: '' }, 'known layer'],
    [{ path: 'stray.ts', text: '' }, 'known layer'],
    [
      { path: 'runtime/ffi.ts', text: "import koffi from 'koffi';" },
      "only src/kernel/sys may import 'koffi'",
    ],
  ];
  for (const [file, expected] of bad) {
    const v = checkLayers([file]);
    assert.equal(v.length, 1, `${file.path}: ${JSON.stringify(v)}`);
    assert.equal(v[0]!.file, file.path);
    assert.ok(v[0]!.reason.includes(expected), `${file.path}: '${v[0]!.reason}' lacks '${expected}'`);
  }
});
