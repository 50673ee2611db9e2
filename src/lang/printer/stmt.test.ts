import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type {
  AssignExpr,
  CrementExpr,
  Expr,
  ForeachStmt,
  ForStmt,
  IfStmt,
  IndexExpr,
  PrintExpr,
  ReturnStmt,
  Stmt,
  TryStmt,
  WhileStmt,
} from '../ast.js';
import { printStmt } from '../printer.js';
import { block, expr, exprStmt, name, node, num, stmt, str, sym } from './ast-fixtures.js';

const assign = (left: Expr, right: Expr) => expr<AssignExpr>({ kind: 'Assign', op: '=', left, right });
const inc = (operand: Expr) => expr<CrementExpr>({ kind: 'PostCrement', op: '++', operand });
const println = (...args: Expr[]) => expr<PrintExpr>({ kind: 'Print', name: 'println', args });
const simple = (kind: 'Next' | 'Break' | 'Continue' | 'Null'): Stmt => stmt({ kind });
const ifStmt = (cond: Expr, then: Stmt, otherwise?: Stmt) =>
  stmt<IfStmt>({ kind: 'If', cond, then, ...(otherwise === undefined ? {} : { otherwise }) });

type ForeachFields = Omit<ForeachStmt, 'kind' | 'span' | 'body' | 'base' | 'bracketed'> &
  Partial<Pick<ForeachStmt, 'bracketed' | 'base'>>;
const foreach = (fields: ForeachFields) =>
  printStmt(
    stmt<ForeachStmt>({ kind: 'Foreach', bracketed: false, base: sym('x'), body: block(), ...fields }),
  );

describe('printStmt', () => {
  test('simple statements end with ;', () => {
    assert.equal(printStmt(exprStmt(assign(sym('x'), num(1)))), '(x) = (1);');
    assert.equal(printStmt(simple('Next')), 'next;');
    assert.equal(printStmt(simple('Break')), 'break;');
    assert.equal(printStmt(simple('Continue')), 'continue;');
    assert.equal(printStmt(stmt<ReturnStmt>({ kind: 'Return' })), 'return;');
    assert.equal(printStmt(stmt<ReturnStmt>({ kind: 'Return', value: sym('x') })), 'return x;');
    const element = expr<IndexExpr>({ kind: 'Index', base: sym('a'), indexes: [null, num(1)] });
    assert.equal(printStmt(stmt({ kind: 'Delete', target: element })), 'delete a[*, 1];');
    assert.equal(printStmt(stmt({ kind: 'Delete', target: sym('a') })), 'delete a;');
  });

  test('a null statement is a lone ;, distinct from the terminator the parser swallows', () => {
    assert.equal(printStmt(simple('Null')), ';');
    assert.equal(printStmt(block(exprStmt(sym('a')), simple('Null'))), '{\na;\n;\n}');
  });

  test('blocks: one statement per line, no ; after block-like statements', () => {
    assert.equal(printStmt(block()), '{\n}');
    assert.equal(
      printStmt(block(exprStmt(println(str('hi'))), block(simple('Next')))),
      '{\nprintln("hi");\n{\nnext;\n}\n}',
    );
  });

  test('if / else', () => {
    assert.equal(printStmt(ifStmt(sym('c'), exprStmt(sym('a')))), 'if (c) a;');
    assert.equal(printStmt(ifStmt(sym('c'), exprStmt(sym('a')), exprStmt(sym('b')))), 'if (c) a;\nelse b;');
    assert.equal(
      printStmt(ifStmt(sym('c'), block(exprStmt(sym('a'))), ifStmt(sym('d'), simple('Null')))),
      'if (c) {\na;\n}\nelse if (d) ;',
    );
  });

  test('dangling else: a then-branch ending in an open if is braced', () => {
    const open = ifStmt(sym('b'), exprStmt(sym('x')));
    assert.equal(printStmt(ifStmt(sym('a'), open, exprStmt(sym('y')))), 'if (a) {\nif (b) x;\n}\nelse y;');
    const loop = stmt<WhileStmt>({ kind: 'While', cond: sym('w'), body: open });
    assert.equal(
      printStmt(ifStmt(sym('a'), loop, exprStmt(sym('y')))),
      'if (a) {\nwhile (w) if (b) x;\n}\nelse y;',
    );
    const closed = ifStmt(sym('b'), exprStmt(sym('x')), exprStmt(sym('z')));
    assert.equal(
      printStmt(ifStmt(sym('a'), closed, exprStmt(sym('y')))),
      'if (a) if (b) x;\nelse z;\nelse y;',
    );
  });

  test('for and while', () => {
    const forStmt = (fields: Omit<ForStmt, 'kind' | 'span' | 'body'>) =>
      printStmt(stmt<ForStmt>({ kind: 'For', body: exprStmt(sym('s')), ...fields }));
    assert.equal(
      forStmt({ init: assign(sym('i'), num(0)), cond: sym('c'), step: inc(sym('i')) }),
      'for ((i) = (0); c; (i)++) s;',
    );
    assert.equal(forStmt({}), 'for (;;) s;');
    assert.equal(forStmt({ cond: sym('c') }), 'for (; c;) s;');
    assert.equal(forStmt({ init: sym('i'), step: sym('j') }), 'for (i;; j) s;');
    assert.equal(
      printStmt(stmt<WhileStmt>({ kind: 'While', cond: sym('c'), body: block() })),
      'while (c) {\n}',
    );
  });

  test('foreach with all its decorations', () => {
    assert.equal(foreach({ keys: [name('k')] }), 'foreach (k in x) {\n}');
    assert.equal(foreach({ keys: [name('k')], bracketed: true }), 'foreach ([k] in x) {\n}');
    assert.equal(
      foreach({
        keys: [name('a'), name('b')],
        sort: { column: 1, direction: -1 },
        slice: [null, num(2)],
        limit: num(5),
      }),
      'foreach ([a-, b] in x[*, 2] limit 5) {\n}',
    );
    assert.equal(
      foreach({ value: name('v'), keys: [name('k')], sort: { column: 0, direction: 1 } }),
      'foreach (v = k in x+) {\n}',
    );
    assert.equal(
      foreach({ value: name('v'), keys: [name('a'), name('b')], sort: { column: 2, direction: 1 } }),
      'foreach (v = [a, b+] in x) {\n}',
    );
    assert.equal(
      foreach({ keys: [name('k')], sort: { column: 0, direction: -1 }, sortStat: 'sum' }),
      'foreach (k in x @sum-) {\n}',
    );
    assert.equal(
      foreach({
        keys: [name('b')],
        base: node({ kind: 'Hist', histKind: 'log', stat: sym('s'), params: [] }),
        limit: assign(sym('n'), num(3)),
      }),
      'foreach (b in @hist_log(s) limit (n) = (3)) {\n}',
    );
  });

  test('try / catch', () => {
    const t = (catchVar?: string) =>
      printStmt(
        stmt<TryStmt>({
          kind: 'Try',
          body: block(exprStmt(sym('a'))),
          ...(catchVar === undefined ? {} : { catchVar: name(catchVar) }),
          handler: block(exprStmt(sym('b'))),
        }),
      );
    assert.equal(t('msg'), 'try {\na;\n} catch (msg) {\nb;\n}');
    assert.equal(t(), 'try {\na;\n} catch {\nb;\n}');
  });
});
