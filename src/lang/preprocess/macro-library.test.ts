import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticBag, makeSource } from '../../diag/index.js';
import { parseMacroLibrary } from './macro-library.js';
import type { MacroTable } from './macros.js';
import { expand, fakeContext, messages, preprocess } from './preprocess-fixtures.js';

function load(into: MacroTable, name: string, text: string) {
  const bag = new DiagnosticBag();
  const added = parseMacroLibrary(makeSource(name, text, true), fakeContext(), bag, into);
  return { added, diagnostics: bag.all };
}

describe('macro libraries (.stpm)', () => {
  it('adds the definitions, marked as library macros', () => {
    const lib: MacroTable = new Map();
    const { added, diagnostics } = load(
      lib,
      'a.stpm',
      '@define MAX %( 64 %)\n@define pick(a, b) %( (@a > @b ? @a : @b) %)',
    );
    assert.equal(added, true);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual([...lib.keys()].sort(), ['MAX', 'pick']);
    assert.equal(lib.get('MAX')?.library, true);
    assert.equal(lib.get('MAX')?.nameToken.span.source.name, 'a.stpm');
  });

  it('makes library macros visible in every file', () => {
    const lib: MacroTable = new Map();
    load(lib, 'a.stpm', '@define MAX %( 64 %)');
    assert.equal(expand('x = @MAX', {}, lib), 'x = 64');
    assert.equal(expand('y = @MAX', {}, lib), 'y = 64');
  });

  it('obeys conditionals in the library', () => {
    const lib: MacroTable = new Map();
    load(
      lib,
      'a.stpm',
      '%( runtime == "bpf" %? @define MAXSTRINGLEN %( 64 %) %: @define MAXSTRINGLEN %( 512 %) %)',
    );
    assert.equal(expand('@MAXSTRINGLEN', {}, lib), '64');
  });

  it('lets a file-local macro shadow a library macro', () => {
    const lib: MacroTable = new Map();
    load(lib, 'a.stpm', '@define MAX %( 64 %)');
    assert.equal(expand('@define MAX %( 1 %) @MAX', {}, lib), '1');
  });

  it('resolves only library macros inside a library macro body', () => {
    const lib: MacroTable = new Map();
    load(lib, 'a.stpm', '@define helper %( lib %) @define outer(x) %( @helper(@x) %)');
    // The file's own @helper is not seen from @outer's body, but the argument, written in the
    // file, still sees the file's macros.
    assert.equal(
      expand('@define helper %( mine %) @define arg %( A %) @outer(@arg) @helper', {}, lib),
      ['lib ( A )', 'mine'].join(' '),
    );
  });

  it('sees macros of libraries read later when expanded', () => {
    const lib: MacroTable = new Map();
    load(lib, 'a.stpm', '@define first %( @second %)');
    load(lib, 'b.stpm', '@define second %( 2 %)');
    assert.equal(expand('@first', {}, lib), '2');
  });

  it('rejects anything but definitions, skipping the file', () => {
    const lib: MacroTable = new Map();
    const { added, diagnostics } = load(lib, 'bad.stpm', '@define ok %( 1 %)\nprobe begin {}');
    assert.equal(added, false);
    assert.equal(lib.size, 0);
    assert.deepEqual(messages(diagnostics), [
      "P250 unexpected token in library macro file 'bad.stpm' @2:1",
      'P252 macro tapset "bad.stpm" has errors, and will be skipped.',
    ]);
    assert.deepEqual(
      diagnostics.map((d) => d.severity),
      ['warning', 'warning'],
    );
  });

  it('reports only the first error of a library, as a warning', () => {
    const lib: MacroTable = new Map();
    const { added, diagnostics } = load(
      lib,
      'bad.stpm',
      '@define 1 %( %) @define a %( 1 %) @define a %( 2 %)',
    );
    assert.equal(added, false);
    assert.deepEqual(messages(diagnostics), [
      'P202 expected identifier @1:9',
      'P252 macro tapset "bad.stpm" has errors, and will be skipped.',
    ]);
    assert.equal(diagnostics[0]?.severity, 'warning');
  });

  it('reports a macro defined by two libraries as an error, keeping the first', () => {
    const lib: MacroTable = new Map();
    load(lib, 'a.stpm', '@define dup %( 1 %)');
    const { added, diagnostics } = load(lib, 'b.stpm', '@define other %( 3 %)\n@define dup %( 2 %)');
    assert.equal(added, false);
    assert.deepEqual(messages(diagnostics), [
      "P251 duplicate definition of library macro '@dup' @2:9",
      'P252 macro tapset "b.stpm" has errors, and will be skipped.',
    ]);
    assert.equal(diagnostics[0]?.severity, 'error');
    assert.equal(diagnostics[0]?.related?.[0]?.message, "macro '@dup' first defined here");
    assert.equal(diagnostics[0]?.related?.[0]?.span.source.name, 'a.stpm');
    assert.equal(lib.has('other'), false);
    assert.equal(expand('@dup', {}, lib), '1');
  });

  it('locates tokens of a library macro in the library file', () => {
    const lib: MacroTable = new Map();
    load(lib, 'a.stpm', '\n@define MAX %( 64 %)');
    const t = preprocess('x = @MAX', {}, lib).tokens[2]!;
    assert.equal(t.span.source.name, 'a.stpm');
    assert.deepEqual([t.span.line, t.span.col, t.span.expandedFrom?.source.name], [2, 16, 't.stp']);
  });
});
