import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { isX8664Entry, ldSoConfDirs, parseLdSoCache, systemLdSoCache } from './ld-so-cache.js';
import { readElf } from './read-elf.js';
import { resolveExecutable, resolveLibrary } from './resolve.js';
import { FixtureDir, missingTool, run } from './testing/c-fixtures.js';
import { lddPaths } from './testing/readelf.js';
import type { ElfFile } from './types.js';

const LIBRARY = `
int foo_v1(int x) { return x; }
int foo_v2(int x) { return x + 1; }
__asm__(".symver foo_v1, foo@VER_1");
__asm__(".symver foo_v2, foo@@VER_2");
int foo_plain(void) { return 7; }
`;
const VERSION_SCRIPT = 'VER_1 { global: foo; foo_plain; local: *; };\nVER_2 { global: foo; } VER_1;\n';
const MAIN =
  'extern int foo(int); extern int foo_plain(void);\nint main(void) { return foo(1) + foo_plain(); }\n';

const gccMissing = missingTool('gcc');
let fx: FixtureDir | undefined;

before(() => {
  if (gccMissing !== undefined) return;
  fx = new FixtureDir();
  mkdirSync(fx.path('lib'));
  fx.file('libfoo.c', LIBRARY);
  fx.file('foo.map', VERSION_SCRIPT);
  fx.file('main.c', MAIN);
  fx.gcc(
    '-shared',
    '-fPIC',
    '-o',
    'lib/libfoo.so.1',
    '-Wl,-soname,libfoo.so.1',
    '-Wl,--version-script=foo.map',
    'libfoo.c',
  );
  symlinkSync('libfoo.so.1', fx.path('lib/libfoo.so'));
  fx.gcc(
    '-o',
    'prog-runpath',
    'main.c',
    '-Llib',
    '-lfoo',
    '-Wl,-rpath,$ORIGIN/lib',
    '-Wl,--enable-new-dtags',
  );
  fx.gcc('-o', 'prog-rpath', 'main.c', '-Llib', '-lfoo', '-Wl,-rpath,$ORIGIN/lib', '-Wl,--disable-new-dtags');
});
after(() => fx?.remove());

function load(file: string): ElfFile {
  const r = readElf(file);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.elf;
}

test('a shared library: soname, versioned symbols under their plain name', (t) => {
  if (fx === undefined) return t.skip(gccMissing);
  const lib = load(fx.path('lib/libfoo.so.1'));
  assert.equal(lib.kind, 'dyn');
  assert.equal(lib.soname, 'libfoo.so.1');
  const foo = lib.findFunctions('foo');
  assert.equal(foo.length, 2, 'foo@VER_1 and foo@@VER_2 are two definitions of foo');
  assert.notEqual(foo[0]?.value, foo[1]?.value);
  assert.deepEqual(
    lib
      .findFunctions('foo*')
      .map((s) => s.name)
      .sort(),
    ['foo', 'foo', 'foo_plain', 'foo_v1', 'foo_v2'],
  );
  assert.ok(!lib.symbols().some((s) => s.name.includes('@')));
});

test('DT_RUNPATH and DT_RPATH with $ORIGIN resolve DT_NEEDED names as ld.so does (compared with ldd)', (t) => {
  if (fx === undefined) return t.skip(gccMissing);
  if (missingTool('ldd') !== undefined) return t.skip('ldd is not installed');
  for (const [name, runpath, rpath] of [
    ['prog-runpath', ['$ORIGIN/lib'], []],
    ['prog-rpath', [], ['$ORIGIN/lib']],
  ] as const) {
    const file = fx.path(name);
    const prog = load(file);
    assert.deepEqual(prog.runpath, runpath, name);
    assert.deepEqual(prog.rpath, rpath, name);
    assert.deepEqual([...prog.needed].sort(), ['libc.so.6', 'libfoo.so.1']);
    assert.equal(resolveLibrary('libfoo.so.1', prog), path.join(fx.dir, 'lib/libfoo.so.1'));
    const env = { ...process.env };
    delete env.LD_LIBRARY_PATH;
    const ldd = lddPaths(file, env);
    for (const needed of prog.needed) {
      const ours = resolveLibrary(needed, prog);
      assert.ok(ours !== undefined, needed);
      assert.equal(realpathSync(ours), realpathSync(ldd.get(needed) ?? '?'), needed);
    }
    assert.equal(resolveLibrary('libtstap-no-such-library.so.9', prog), undefined);
  }
});

test('system libraries resolve where ldd finds them', (t) => {
  if (missingTool('ldd') !== undefined) return t.skip('ldd is not installed');
  const file = '/usr/bin/python3.11';
  const r = readElf(file);
  if (!r.ok) return t.skip(r.message);
  const ldd = lddPaths(file);
  assert.ok(r.elf.needed.length > 0);
  for (const needed of r.elf.needed) assert.equal(resolveLibrary(needed, r.elf), ldd.get(needed), needed);
});

test('/etc/ld.so.cache agrees with ldconfig -p', (t) => {
  const entries = systemLdSoCache();
  if (entries === undefined) return t.skip('no /etc/ld.so.cache');
  const ldconfigMissing = missingTool('/sbin/ldconfig');
  if (ldconfigMissing !== undefined) return t.skip(ldconfigMissing);
  const text = run('/sbin/ldconfig', ['-p']);
  const expected = [...text.matchAll(/^\s+(\S+) \(libc6,x86-64[^)]*\) => (\S+)$/gm)].map(
    (m) => `${m[1]} ${m[2]}`,
  );
  const ours = entries.filter(isX8664Entry).map((e) => `${e.name} ${e.path}`);
  assert.ok(ours.length > 10);
  assert.deepEqual(ours.sort(), expected.sort());
  assert.equal(parseLdSoCache(Buffer.from('not a cache')), undefined);
});

test('ld.so.conf includes are followed', () => {
  const fx2 = new FixtureDir();
  try {
    mkdirSync(fx2.path('conf.d'));
    fx2.file('conf.d/b.conf', '/opt/b\n# comment\n');
    fx2.file('conf.d/a.conf', '/opt/a # trailing comment\ninclude ../ld.so.conf\n');
    fx2.file('conf.d/ignored.txt', '/opt/ignored\n');
    const conf = fx2.file('ld.so.conf', 'include conf.d/*.conf\n/usr/local/lib\nhwcap 0 nosegneg\n');
    assert.deepEqual(ldSoConfDirs(conf), ['/opt/a', '/opt/b', '/usr/local/lib']);
  } finally {
    fx2.remove();
  }
});

test('resolveExecutable: $PATH search for bare names, canonical paths, undefined when absent', () => {
  const fx2 = new FixtureDir();
  const savedPath = process.env.PATH;
  try {
    mkdirSync(fx2.path('bin1'));
    mkdirSync(fx2.path('bin2'));
    mkdirSync(fx2.path('bin2/tool-dir'));
    const tool = fx2.file('bin2/tool', '#!/bin/sh\n');
    chmodSync(tool, 0o755);
    symlinkSync(tool, fx2.path('bin1/tool-link'));
    process.env.PATH = `${fx2.path('bin1')}:${fx2.path('bin2')}`;
    const real = realpathSync(tool);
    assert.equal(resolveExecutable('tool'), real);
    assert.equal(resolveExecutable('tool-link'), real, 'symlinks are resolved');
    assert.equal(resolveExecutable('tool-dir'), undefined, 'directories are not executables');
    assert.equal(resolveExecutable('no-such-tool'), undefined);
    assert.equal(resolveExecutable(fx2.path('bin1/tool-link')), real);
    assert.equal(resolveExecutable(fx2.path('bin1/none')), undefined);
    assert.equal(resolveExecutable(''), undefined);
  } finally {
    process.env.PATH = savedPath;
    fx2.remove();
  }
});
