import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DiagnosticBag } from '../diag/index.js';
import type { Stmt } from './ast.js';
import { printExpr } from './printer.js';
import { parseTestScript } from './testing.js';
import { type StmtPartsVisitor, visitStmtParts } from './walk-statements.js';

/** The first statement of `function f() { ... }`. */
function statement(body: string): Stmt {
  const bag = new DiagnosticBag();
  const text = `function f() { ${body} }`;
  const script = parseTestScript(text, bag, { file: '<t>' });
  assert.deepEqual(
    bag.all.map((d) => d.message),
    [],
  );
  const fn = script.declarations.find((d) => d.kind === 'Function');
  assert.ok(fn?.kind === 'Function' && fn.body.kind === 'Block');
  const first = fn.body.statements[0];
  assert.ok(first);
  return first;
}

/**
 * Every hook call for the direct parts of the statement `body`, as text; with `requiredOnly`, the
 * visitor has no optional hooks.
 */
function parts(body: string, requiredOnly = false): string[] {
  const out: string[] = [];
  const required: StmtPartsVisitor = {
    stmt: (x) => out.push(`stmt ${x.kind}`),
    expr: (e, valueUsed) => out.push(`${valueUsed ? 'value' : 'effect'} ${printExpr(e)}`),
  };
  visitStmtParts(
    statement(body),
    requiredOnly
      ? required
      : {
          ...required,
          deleted: (e) => out.push(`deleted ${printExpr(e)}`),
          bound: (n) => out.push(`bound ${n.name}`),
          iterated: (a, sorted) => out.push(`iterated ${a.name}${sorted ? ' sorted' : ''}`),
        },
  );
  return out;
}

describe('visitStmtParts', () => {
  test('conditions are used values; an expression statement and a for init and step are effects', () => {
    assert.deepEqual(parts('if (a) b = 1 else c()'), ['value a', 'stmt ExprStmt', 'stmt ExprStmt']);
    assert.deepEqual(parts('for (i = 0; i < 3; i++) next'), [
      'effect (i) = (0)',
      'value (i) < (3)',
      'effect (i)++',
      'stmt Next',
    ]);
    assert.deepEqual(parts('for (;;) break'), ['stmt Break']);
    assert.deepEqual(parts('while (x) x--'), ['value x', 'stmt ExprStmt']);
    assert.deepEqual(parts('f(1)'), ['effect f(1)']);
    assert.deepEqual(parts('{ x = 1; next }'), ['stmt ExprStmt', 'stmt Next']);
  });

  test('return, delete, try and the statements without parts', () => {
    assert.deepEqual(parts('return x + 1'), ['value (x) + (1)']);
    assert.deepEqual(parts('return'), []);
    assert.deepEqual(parts('delete a[1]'), ['deleted a[1]']);
    assert.deepEqual(parts('try { x = 1 } catch (msg) { }'), ['stmt Block', 'bound msg', 'stmt Block']);
    assert.deepEqual(parts('try { } catch { }'), ['stmt Block', 'stmt Block']);
    for (const s of ['next', 'break', 'continue', ';']) assert.deepEqual(parts(s), [], s);
  });

  test("foreach: the array, the keys, the slice, the value, the limit, the body (stap's order)", () => {
    assert.deepEqual(parts('foreach (v = [i, j] in a[*, n + 1] limit 5) print(v)'), [
      'iterated a',
      'bound i',
      'bound j',
      'value (n) + (1)',
      'bound v',
      'value 5',
      'stmt ExprStmt',
    ]);
    assert.deepEqual(parts('foreach (k in a-) x++'), ['iterated a sorted', 'bound k', 'stmt ExprStmt']);
    assert.deepEqual(parts('foreach (b in @hist_log(s[1])) x++'), ['value s[1]', 'bound b', 'stmt ExprStmt']);
  });

  test('without the optional hooks a delete target is an expression and names are skipped', () => {
    assert.deepEqual(parts('delete a', true), ['value a']);
    assert.deepEqual(parts('foreach (k in a) next', true), ['stmt Next']);
    assert.deepEqual(parts('try { } catch (m) { }', true), ['stmt Block', 'stmt Block']);
  });
});
