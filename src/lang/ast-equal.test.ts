import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeSource } from '../diag/index.js';
import { astDiff, astEqual } from './ast-equal.js';

const spanAt = (start: number) => ({
  source: makeSource('<x>', 'abc'),
  start,
  end: start + 1,
  line: 1,
  col: start + 1,
});

describe('astEqual / astDiff', () => {
  test('spans are ignored, wherever they are', () => {
    const a = { kind: 'Symbol', name: 'x', span: spanAt(0) };
    const b = { kind: 'Symbol', name: 'x', span: spanAt(2) };
    assert.ok(astEqual(a, b));
    assert.ok(
      astEqual(
        [{ kind: 'Member', name: 'y', span: spanAt(0) }],
        [{ kind: 'Member', name: 'y', span: spanAt(1) }],
      ),
    );
  });

  test('an undefined property equals a missing one', () => {
    assert.ok(astEqual({ kind: 'Return', value: undefined }, { kind: 'Return' }));
    assert.equal(
      astDiff({ kind: 'Return', value: { kind: 'Symbol', name: 'x' } }, { kind: 'Return' }),
      'value: <Symbol> vs undefined',
    );
  });

  test('bigints compare by value', () => {
    assert.ok(astEqual({ kind: 'Number', value: 5n }, { kind: 'Number', value: 5n }));
    assert.equal(astDiff({ kind: 'Number', value: 5n }, { kind: 'Number', value: -5n }), 'value: 5n vs -5n');
  });

  test('the diff names the path to the first difference', () => {
    const tree = (op: string) => ({
      kind: 'Script',
      declarations: [
        {
          kind: 'Probe',
          body: { kind: 'Block', statements: [{ kind: 'ExprStmt', expr: { kind: 'Binary', op } }] },
        },
      ],
    });
    assert.equal(astDiff(tree('+'), tree('+')), undefined);
    assert.equal(astDiff(tree('+'), tree('-')), 'declarations[0].body.statements[0].expr.op: "+" vs "-"');
  });

  test('a kind mismatch is reported before any field', () => {
    assert.equal(
      astDiff({ kind: 'Symbol', name: 'x' }, { kind: 'String', value: 'x' }),
      'kind: "Symbol" vs "String"',
    );
  });

  test('array length and shape differences', () => {
    assert.equal(astDiff({ kind: 'Call', args: [1] }, { kind: 'Call', args: [1, 2] }), 'args.length: 1 vs 2');
    assert.equal(
      astDiff({ kind: 'In', indexes: [null] }, { kind: 'In', indexes: [{ kind: 'Symbol' }] }),
      'indexes[0]: null vs <Symbol>',
    );
    assert.equal(astDiff([], {}), '(root): [0 items] vs {...}');
    assert.equal(astDiff('a', 'b'), '(root): "a" vs "b"');
    assert.ok(!astEqual({ kind: 'Foreach', bracketed: true }, { kind: 'Foreach', bracketed: false }));
  });
});
