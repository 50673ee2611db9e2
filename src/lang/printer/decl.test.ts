import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type {
  AliasDecl,
  ComparisonExpr,
  FunctionDecl,
  GlobalDecl,
  PrintExpr,
  ProbeDecl,
  ProbePoint,
} from '../ast.js';
import { printDeclaration, printProbePoint, printScript } from '../printer.js';
import { block, expr, exprStmt, node, num, point, script, str, sym } from './ast-fixtures.js';

const hello = block(exprStmt(expr<PrintExpr>({ kind: 'Print', name: 'println', args: [str('hi')] })));
const global = (fields: Partial<Omit<GlobalDecl, 'kind' | 'span'>>) =>
  printDeclaration(node<GlobalDecl>({ kind: 'Global', name: 'x', isPrivate: false, wrap: false, ...fields }));
const fn = (fields: Partial<Omit<FunctionDecl, 'kind' | 'span'>>) =>
  printDeclaration(
    node<FunctionDecl>({
      kind: 'Function',
      name: 'f',
      isPrivate: false,
      params: [],
      body: block(),
      ...fields,
    }),
  );
const probe = (...points: ProbePoint[]) => node<ProbeDecl>({ kind: 'Probe', points, body: hello });
const alias = (fields: Omit<AliasDecl, 'kind' | 'span' | 'body'>) =>
  printDeclaration(node<AliasDecl>({ kind: 'Alias', body: block(exprStmt(sym('a'))), ...fields }));

describe('printProbePoint', () => {
  test('components, arguments and decorations', () => {
    assert.equal(printProbePoint(point('begin')), 'begin');
    assert.equal(
      printProbePoint(point('kernel', ['function', str('vfs_*')], 'return')),
      'kernel.function("vfs_*").return',
    );
    assert.equal(printProbePoint(point('timer', ['ms', num(-1)])), 'timer.ms(-1)');
    assert.equal(
      printProbePoint(point('process', ['statement', str('*@a.c:1\t')])),
      'process.statement("*@a.c:1\\t")',
    );
    assert.equal(printProbePoint(point('syscall', 'sys_*', '**')), 'syscall.sys_*.**');
    assert.equal(printProbePoint({ ...point('a'), optional: true }), 'a?');
    assert.equal(printProbePoint({ ...point('a'), optional: true, sufficient: true }), 'a!');
    const cond = expr<ComparisonExpr>({ kind: 'Comparison', op: '>', left: sym('on'), right: num(0) });
    assert.equal(
      printProbePoint({ ...point('a', 'b'), optional: true, condition: cond }),
      'a.b? if ((on) > (0))',
    );
  });
});

describe('printDeclaration', () => {
  test('probes: stap puts the body right after the last point', () => {
    assert.equal(printDeclaration(probe(point('begin'))), 'probe begin{\nprintln("hi");\n}');
    assert.equal(
      printDeclaration(probe(point('begin'), point('end'))),
      'probe begin,end{\nprintln("hi");\n}',
    );
  });

  test('aliases', () => {
    assert.equal(
      alias({ names: [point('a', 'b')], epilogueStyle: false, points: [point('x', 'y'), point('z')] }),
      'probe a.b = x.y, z{\na;\n}',
    );
    assert.equal(
      alias({ names: [point('a')], epilogueStyle: true, points: [point('x')] }),
      'probe a += x{\na;\n}',
    );
    assert.equal(
      alias({ names: [point('a'), point('b')], epilogueStyle: false, points: [point('x')] }),
      'probe a = b = x{\na;\n}',
    );
    assert.equal(
      alias({
        names: [point('a')],
        epilogueStyle: false,
        points: [point('x')],
        epilogue: block(exprStmt(sym('e'))),
      }),
      'probe a = x{\na;\n}, {\ne;\n}',
    );
  });

  test('globals', () => {
    assert.equal(global({}), 'global x');
    assert.equal(global({ maxEntries: 100 }), 'global x[100]');
    assert.equal(global({ wrap: true }), 'global x%');
    assert.equal(global({ wrap: true, maxEntries: 1000 }), 'global x%[1000]');
    assert.equal(global({ init: num(5) }), 'global x = 5');
    assert.equal(global({ init: num(-5) }), 'global x = -5');
    assert.equal(global({ init: num(-9223372036854775808n) }), 'global x = -9223372036854775808');
    assert.equal(global({ init: str('a"b') }), 'global x = "a\\"b"');
    assert.equal(global({ isPrivate: true, wrap: true, init: num(1) }), 'private global x% = 1');
  });

  test('functions', () => {
    assert.equal(fn({}), 'function f ()\n{\n}');
    const params = [
      node({ kind: 'Param', name: 'a', type: 'string' }),
      node({ kind: 'Param', name: 'b' }),
    ] as FunctionDecl['params'];
    assert.equal(
      fn({ returnType: 'long', params, priority: 5n, body: hello }),
      'function f:long (a:string, b) :5\n{\nprintln("hi");\n}',
    );
    assert.equal(
      fn({
        isPrivate: true,
        returnType: 'string',
        body: node({ kind: 'Embedded', code: ' STAP_RETURN("x"); ' }),
      }),
      'private function f:string ()\n%{ STAP_RETURN("x"); %}',
    );
  });

  test('top-level embedded code is printed verbatim', () => {
    assert.equal(
      printDeclaration(node({ kind: 'Embedded', code: '\n#include <linux/sched.h>\n' })),
      '%{\n#include <linux/sched.h>\n%}',
    );
  });
});

describe('printScript', () => {
  test('a file header, then each declaration in source order on its own lines', () => {
    const text = printScript(
      script(
        node<GlobalDecl>({ kind: 'Global', name: 'n', isPrivate: false, wrap: false }),
        probe(point('begin')),
        node<GlobalDecl>({ kind: 'Global', name: 'm', isPrivate: false, wrap: false }),
      ),
    );
    assert.equal(text, '# file test.stp\nglobal n\nprobe begin{\nprintln("hi");\n}\nglobal m\n');
  });

  test('an empty script is just the header', () => {
    assert.equal(printScript(script()), '# file test.stp\n');
  });
});
