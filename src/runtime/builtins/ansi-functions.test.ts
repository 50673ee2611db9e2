import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Value } from '../context.js';
import { fakeSession } from './fake-context.js';
import { BUILTIN_IMPLS } from './index.js';

function output(name: keyof typeof BUILTIN_IMPLS, ...args: Value[]): string {
  const fake = fakeSession();
  assert.equal(BUILTIN_IMPLS[name](fake.ctx, args), undefined);
  return fake.output.join('');
}

describe('ansi escapes (tapset/ansi.stp)', () => {
  test('screen and cursor', () => {
    assert.equal(output('ansi_clear_screen'), '\x1b[1;1H\x1b[J');
    assert.equal(output('ansi_cursor_move', 10n, 3n), '\x1b[3;10H');
    assert.equal(output('ansi_cursor_hide'), '\x1b[>5I');
    assert.equal(output('ansi_cursor_show'), '\x1b[>5h');
    assert.equal(output('ansi_cursor_save'), '\x1b[s');
    assert.equal(output('ansi_cursor_restore'), '\x1b[u');
    assert.equal(output('ansi_new_line'), '\n');
  });
  test('colors: background first, attribute only when non-zero', () => {
    assert.equal(output('ansi_set_color', 31n), '\x1b[31m');
    assert.equal(output('ansi_set_color', 31n, 42n), '\x1b[42;31m');
    assert.equal(output('ansi_set_color', 31n, 42n, 1n), '\x1b[42;31;1m');
    assert.equal(output('ansi_set_color', 31n, 42n, 0n), '\x1b[42;31m');
    assert.equal(output('ansi_set_color2', 30n, 47n), '\x1b[47;30m');
    assert.equal(output('ansi_set_color3', 30n, 47n, 4n), '\x1b[47;30;4m');
    assert.equal(output('ansi_reset_color'), '\x1b[0;0m');
  });
});
