import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type GetoptItem, getopt, type LongOption } from './getopt.js';

const LONGS: LongOption<string>[] = [
  { name: 'help', argument: 'none', id: 'help' },
  { name: 'runtime', argument: 'required', id: 'runtime' },
  { name: 'color', argument: 'optional', id: 'color' },
  { name: 'colour', argument: 'optional', id: 'color' },
  { name: 'remote', argument: 'required', id: 'remote' },
  { name: 'remote-prefix', argument: 'none', id: 'remote-prefix' },
  { name: 'dump-functions', argument: 'none', id: 'dump-functions' },
  { name: 'dump-probe-types', argument: 'none', id: 'dump-probe-types' },
];

function run(...argv: string[]): GetoptItem<string>[] {
  return [...getopt(argv, 'hvgp:e:', LONGS)];
}

const opt = (id: string, arg?: string, spelling = `-${id}`) => ({ kind: 'option', id, arg, spelling });
const operand = (value: string) => ({ kind: 'operand', value });
const error = (message: string) => ({ kind: 'error', message });

test('short options group and take attached or separate arguments', () => {
  assert.deepEqual(run('-gp1'), [opt('g'), opt('p', '1')]);
  assert.deepEqual(run('-vvv'), [opt('v'), opt('v'), opt('v')]);
  assert.deepEqual(run('-p', '1'), [opt('p', '1')]);
  assert.deepEqual(run('-vp2'), [opt('v'), opt('p', '2')]);
  // The argument may itself start with a dash.
  assert.deepEqual(run('-e', '-x'), [opt('e', '-x')]);
});

test('operands are permuted out; -- and - are operands markers as in GNU getopt', () => {
  assert.deepEqual(run('file.stp', '-p1', 'arg'), [operand('file.stp'), opt('p', '1'), operand('arg')]);
  assert.deepEqual(run('-', 'a'), [operand('-'), operand('a')]);
  assert.deepEqual(run('-v', '--', '-p1', '--help'), [opt('v'), operand('-p1'), operand('--help')]);
});

test('long options: =VALUE, separate value for required, only =VALUE for optional', () => {
  assert.deepEqual(run('--runtime=bpf'), [opt('runtime', 'bpf', '--runtime')]);
  assert.deepEqual(run('--runtime', 'bpf'), [opt('runtime', 'bpf', '--runtime')]);
  assert.deepEqual(run('--color', 'x'), [opt('color', undefined, '--color'), operand('x')]);
  assert.deepEqual(run('--colour=never'), [opt('color', 'never', '--colour')]);
  assert.deepEqual(run('--runtime='), [opt('runtime', '', '--runtime')]);
});

test('unambiguous prefixes and exact matches', () => {
  assert.deepEqual(run('--he'), [opt('help', undefined, '--help')]);
  // Exact beats prefix: --remote is also a prefix of --remote-prefix.
  assert.deepEqual(run('--remote', 'h'), [opt('remote', 'h', '--remote')]);
  // --col matches --color and --colour, which are one option.
  assert.deepEqual(run('--col=auto'), [opt('color', 'auto', '--color')]);
  assert.deepEqual(run('--dump'), [
    error("option '--dump' is ambiguous; possibilities: '--dump-functions' '--dump-probe-types'"),
  ]);
});

test('errors carry glibc wording and stop parsing', () => {
  assert.deepEqual(run('-z', '-v'), [error("invalid option -- 'z'")]);
  assert.deepEqual(run('-gz'), [opt('g'), error("invalid option -- 'z'")]);
  assert.deepEqual(run('-p'), [error("option requires an argument -- 'p'")]);
  assert.deepEqual(run('--nope=1'), [error("unrecognized option '--nope=1'")]);
  assert.deepEqual(run('--help=1'), [error("option '--help' doesn't allow an argument")]);
  assert.deepEqual(run('--runtime'), [error("option '--runtime' requires an argument")]);
});

test('items are lazy: a consumer can stop before a later error', () => {
  const it = getopt(['-h', '-z'], 'h', []);
  assert.deepEqual(it.next().value, opt('h'));
});
