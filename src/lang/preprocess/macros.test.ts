import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expand, messages, preprocess } from './preprocess-fixtures.js';

describe('macro definitions and invocations', () => {
  it('expands a parameterless macro', () => {
    assert.equal(expand('@define PI %( 314 %) x = @PI * @PI'), 'x = 314 * 314');
  });

  it('substitutes parameters', () => {
    assert.equal(expand('@define add(a, b) %( (@a + @b) %) @add(1, 2 * 3)'), '( 1 + 2 * 3 )');
    assert.equal(expand('@define twice(x) %( @x @x %) @twice()'), '');
  });

  it('keeps bracketed commas inside one argument', () => {
    assert.equal(expand('@define f(a, b) %( @b @a %) @f(g(1, 2), m[3, 4])'), 'm [ 3 , 4 ] g ( 1 , 2 )');
    // Brackets are counted, not paired: `]` only closes something when something is open.
    assert.equal(expand('@define f(a, b) %( @b @a %) @f(a], b)'), 'b a ]');
    assert.equal(expand('@define f(a) %( <@a> %) @f((1]))'), '< ( 1 ] > )');
  });

  it('leaves a parenthesis after a parameterless macro alone', () => {
    assert.equal(expand('@define fn %( foo %) @fn(1, 2)'), 'foo ( 1 , 2 )');
  });

  it('passes unknown @words through', () => {
    assert.equal(
      expand('@count(x) @cast(p, "task_struct")->pid @undefined_thing'),
      ['@count ( x )', '@cast ( p , task_struct ) -> pid', '@undefined_thing'].join(' '),
    );
  });

  it('expands macros inside macro bodies when used, not when defined', () => {
    assert.equal(expand('@define a %( @b %) @define b %( 2 %) @a'), '2');
  });

  it('evaluates parameters where the argument was written (closures)', () => {
    const text = '@define inner(x) %( [@x] %) @define outer(a) %( @inner(@a + 1) %) @outer(5)';
    assert.equal(expand(text), '[ 5 + 1 ]');
    // The inner `@a` is g's parameter, not f's, even though both are called `a`.
    assert.equal(expand('@define f(a) %( <@a> %) @define g(a) %( @f(@a @a) %) @g(7)'), '< 7 7 >');
    assert.equal(expand('@define id(x) %( @x %) @id(@id(@id(3)))'), '3');
  });

  it('locates expanded tokens where they were written, expanded from the invocation', () => {
    const { tokens } = preprocess('@define two %( 2 %)\nx = @two');
    const two = tokens[2]!;
    assert.equal(two.text, '2');
    assert.deepEqual([two.span.line, two.span.col], [1, 16]);
    assert.deepEqual([two.span.expandedFrom?.line, two.span.expandedFrom?.col], [2, 5]);

    const nested = preprocess('@define f(a) %( [@a] %)\n@f(z)').tokens[1]!;
    assert.equal(nested.text, 'z');
    assert.deepEqual([nested.span.line, nested.span.col], [2, 4]);
    // z came through `@a` (line 1), which came from the invocation `@f` (line 2).
    assert.deepEqual([nested.span.expandedFrom?.line, nested.span.expandedFrom?.col], [1, 18]);
    assert.deepEqual(
      [nested.span.expandedFrom?.expandedFrom?.line, nested.span.expandedFrom?.expandedFrom?.col],
      [2, 1],
    );
  });
});

describe('macros and conditionals', () => {
  it('expands before conditionals are evaluated', () => {
    assert.equal(expand('@define v %( kernel_v %) %( @v >= "2.6" %? new %: old %)'), 'new');
    assert.equal(expand('@define C %( %( arch == "x86_64" %? x86 %: other %) %) @C @C'), 'x86 x86');
  });

  it('records a definition only in a kept branch', () => {
    assert.equal(expand('%( 1 == 0 %? @define X %( no %) %) @X'), '@X');
    assert.equal(expand('%( 1 == 1 %? @define X %( yes %) %) @X'), 'yes');
    assert.equal(expand('%( 1 == 1 %? %: @define X %( no %) %) @X'), '@X');
  });

  it('still expands invocations in a skipped branch, silently, as stap does', () => {
    // The skipped `@m` wants `(`, and swallows the `%)` instead: the conditional never closes.
    const { tokens, diagnostics } = preprocess('@define m(a) %( @a %) %( 1 == 0 %? @m %) after');
    assert.deepEqual(tokens, []);
    assert.deepEqual(messages(diagnostics), ['P220 incomplete conditional at end of file @1:23']);
  });
});

describe('macro definition errors', () => {
  it("forbids '@define' inside a macro body", () => {
    const { tokens, diagnostics } = preprocess('@define a %( x @define %) @a y');
    assert.deepEqual(
      tokens.map((t) => t.text),
      ['x', 'y'],
    );
    assert.deepEqual(messages(diagnostics), ["P201 '@define' forbidden inside macro body @1:16"]);
  });

  it('wants an identifier for the name and skips the malformed definition', () => {
    let r = preprocess('@define 1 %( x %) y');
    assert.deepEqual(messages(r.diagnostics), ['P202 expected identifier @1:9']);
    assert.deepEqual(
      r.tokens.map((t) => t.text),
      ['y'],
    );
    r = preprocess('@define (a) %( x %) y');
    assert.deepEqual(messages(r.diagnostics), ['P202 expected identifier @1:9']);
    assert.deepEqual(
      r.tokens.map((t) => t.text),
      ['y'],
    );
    r = preprocess('@define if %( x %) y');
    assert.deepEqual(messages(r.diagnostics), ['P202 expected identifier @1:9']);
  });

  it('refuses a second definition in the same file, pointing at the first', () => {
    const { tokens, diagnostics } = preprocess('@define a %( 1 %)\n@define a(x) %( 2 %) @a');
    assert.deepEqual(messages(diagnostics), ["P203 attempt to redefine macro '@a' in the same file @2:9"]);
    assert.equal(diagnostics[0]?.related?.[0]?.message, "macro '@a' first defined here");
    assert.deepEqual(
      [diagnostics[0]?.related?.[0]?.span.line, diagnostics[0]?.related?.[0]?.span.col],
      [1, 9],
    );
    assert.deepEqual(
      tokens.map((t) => t.text),
      ['1'],
    );
  });

  it("refuses to redefine '@define'", () => {
    const { tokens, diagnostics } = preprocess('@define define %( x %) y');
    assert.deepEqual(messages(diagnostics), ["P204 attempt to redefine '@define' @1:9"]);
    assert.deepEqual(
      tokens.map((t) => t.text),
      ['y'],
    );
  });

  it('warns when a macro takes the name of a built-in @operator (by language version)', () => {
    const { tokens, diagnostics } = preprocess('@define count %( 1 %) @count');
    assert.deepEqual(
      diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`),
      ["warning P205 macro redefines built-in operator '@count'"],
    );
    assert.deepEqual(
      tokens.map((t) => t.text),
      ['1'],
    );
    assert.equal(preprocess('@define const %( 1 %)', { compatible: '3.0' }).diagnostics.length, 0);
    assert.equal(preprocess('@define const %( 1 %)', { compatible: '3.1' }).diagnostics.length, 1);
    assert.equal(preprocess('@define enumname %( 1 %)', { compatible: '5.5' }).diagnostics.length, 0);
  });

  it('reports a malformed parameter list, keeping the macro with the parameters read', () => {
    let r = preprocess('@define f(a b) %( @a %) y @f(1)');
    assert.deepEqual(messages(r.diagnostics), ["P206 expected ',' or ')' @1:13"]);
    assert.deepEqual(
      r.tokens.map((t) => t.text),
      ['y'],
    );
    r = preprocess('@define f(a,) %( @a %) y');
    assert.deepEqual(messages(r.diagnostics), ['P202 expected identifier @1:13']);
  });

  it('wants a body', () => {
    assert.deepEqual(messages(preprocess('@define f x').diagnostics), ["P207 expected '%(' or '(' @1:11"]);
    assert.deepEqual(messages(preprocess('@define f(a) x').diagnostics), ["P207 expected '%(' @1:14"]);
    // Recovery stops before a declaration, so it is parsed normally.
    const r = preprocess('@define f\nprobe begin {}');
    assert.deepEqual(messages(r.diagnostics), ["P207 expected '%(' or '(' @2:1"]);
    assert.deepEqual(
      r.tokens.map((t) => t.text),
      ['probe', 'begin', '{', '}'],
    );
  });

  it('reports a body left open, at the macro name', () => {
    assert.deepEqual(messages(preprocess('@define f %( x %( y %) z').diagnostics), [
      "P208 incomplete macro definition - missing '%)' @1:9",
    ]);
  });
});

describe('macro invocation errors', () => {
  it("wants '(' after a macro taking parameters", () => {
    let r = preprocess('@define f(a) %( @a %) @f; x');
    assert.deepEqual(messages(r.diagnostics), [
      "P209 expected '(' in invocation of macro '@f' taking 1 parameter @1:25",
    ]);
    assert.deepEqual(
      r.tokens.map((t) => t.text),
      [';', 'x'],
    );
    r = preprocess('@define f(a, b) %( @a %) @f x');
    assert.deepEqual(messages(r.diagnostics), [
      "P209 expected '(' in invocation of macro '@f' taking 2 parameters @1:29",
    ]);
  });

  it('names the last token seen when the input ends instead', () => {
    let r = preprocess('@define f(a) %( @a %) x @f');
    assert.equal(r.diagnostics[0]?.message, "expected '(' in invocation of macro '@f' taking 1 parameter");
    assert.deepEqual(r.diagnostics[0]?.subject, { label: 'saw', description: "identifier 'x'" });
    r = preprocess('@define f(a) %( @a %) @f');
    assert.deepEqual(r.diagnostics[0]?.subject, { label: 'saw', description: 't.stp EOF' });
    assert.equal(r.diagnostics[0]?.span, undefined);
  });

  it('reports too many arguments, expanding with those expected', () => {
    const { tokens, diagnostics } = preprocess('@define f(a) %( <@a> %) @f(1, 2, (3, 4)) x');
    assert.deepEqual(messages(diagnostics), ["P211 too many parameters for macro '@f' (expected 1) @1:29"]);
    assert.deepEqual(
      tokens.map((t) => t.text),
      ['<', '1', '>', 'x'],
    );
  });

  it('reports too few arguments, expanding the missing ones as nothing', () => {
    const { tokens, diagnostics } = preprocess('@define f(a, b) %( [@a|@b] %) @f(1) x');
    assert.deepEqual(messages(diagnostics), ["P212 too few parameters for macro '@f' (expected 2) @1:35"]);
    assert.deepEqual(
      tokens.map((t) => t.text),
      ['[', '1', '|', ']', 'x'],
    );
  });

  it('reports an invocation left open', () => {
    const { tokens, diagnostics } = preprocess('@define f(a) %( @a %) @f(1 x');
    assert.deepEqual(messages(diagnostics), ['P210 could not find end of macro invocation @1:23']);
    assert.deepEqual(tokens, []);
    // Arguments cannot run past the end of the macro body they are written in.
    const inner = preprocess('@define f(a) %( @a %) @define g %( @f(1 %) @g ) x');
    assert.deepEqual(messages(inner.diagnostics), ['P210 could not find end of macro invocation @1:36']);
    assert.deepEqual(
      inner.tokens.map((t) => t.text),
      [')', 'x'],
    );
  });

  it('stops a runaway recursive macro', () => {
    const { tokens, diagnostics } = preprocess('@define r %( @r %) @r x');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]?.code, 'P213');
    assert.deepEqual(
      tokens.map((t) => t.text),
      ['x'],
    );
  });
});
