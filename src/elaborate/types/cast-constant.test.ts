import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CastExpr, DefinedExpr } from '../../lang/index.js';
import {
  fakeTarget,
  type KernelType,
  type KernelTypeLookup,
  type TargetAccess,
  type TargetAccessOp,
  type TargetPathStep,
} from '../target.js';
import { castAddress, castConstant, castDefined } from './cast-constant.js';
import { inferTypes } from './index.js';
import { evaluateDefined } from './targets.js';
import { flatten, resolveText } from './testing.js';
import { walk } from './walk.js';

/**
 * A `struct task_struct` laid out for the test: `pid` at 8, `comm` (char[16]) at 24, `se` (a
 * struct holding `load` at 4) at 40, `parent` (a pointer) at 64, `flag` a bit-field at 72.
 */
function access(path: readonly TargetPathStep[]): TargetAccess {
  const ops: TargetAccessOp[] = [];
  const integer = { kind: 'integer', size: 4, isSigned: true, pointer: false } as const;
  const [first, ...rest] = path;
  if (first?.kind !== 'member') return { ok: false, error: 'no path' };
  switch (first.name) {
    case 'pid':
      return { ok: true, ops: [{ kind: 'offset', bytes: 8 }], value: integer, cType: 'pid_t' };
    case 'comm':
      ops.push({ kind: 'offset', bytes: 24 });
      if (rest[0]?.kind === 'index') {
        ops.push({ kind: 'index', scale: 1 });
        return { ok: true, ops, value: { ...integer, size: 1 }, cType: 'char' };
      }
      return { ok: true, ops, value: { kind: 'char-array', length: 16 }, cType: 'char[16]' };
    case 'se':
      ops.push({ kind: 'offset', bytes: 40 });
      if (rest[0]?.kind === 'member' && rest[0].name === 'load') {
        ops.push({ kind: 'offset', bytes: 4 });
        return { ok: true, ops, value: integer, cType: 'int' };
      }
      return rest.length === 0
        ? { ok: true, ops, value: { kind: 'aggregate' }, cType: 'struct sched_entity' }
        : { ok: false, error: 'no such member' };
    case 'parent':
      ops.push({ kind: 'offset', bytes: 64 });
      if (rest.length === 0)
        return {
          ok: true,
          ops,
          value: { ...integer, size: 8, pointer: true },
          cType: 'struct task_struct *',
        };
      ops.push({ kind: 'deref' }, { kind: 'offset', bytes: 8 });
      return { ok: true, ops, value: integer, cType: 'pid_t' };
    case 'flag':
      return {
        ok: true,
        ops: [{ kind: 'offset', bytes: 72 }],
        value: { kind: 'bitfield', size: 4, shift: 3, bits: 1, isSigned: false },
        cType: 'unsigned int',
      };
    default:
      return { ok: false, error: `struct task_struct has no member '${first.name}'` };
  }
}

const types: KernelTypeLookup = (name) => {
  if (name !== 'task_struct' && name !== 'struct task_struct') return undefined;
  const type: KernelType = { cType: 'struct task_struct', access };
  return type;
};

/** The casts (and @defined operands) of a begin probe's handler. */
function parts(text: string): { casts: CastExpr[]; defined: DefinedExpr[] } {
  const { program } = resolveText(`probe begin { ${text} }`);
  const casts: CastExpr[] = [];
  const defined: DefinedExpr[] = [];
  for (const p of program.probes) {
    walk(p.body, {
      enter: (node) => {
        if (node.kind === 'Cast') casts.push(node as CastExpr);
        if (node.kind === 'Defined') defined.push(node as DefinedExpr);
        return undefined;
      },
    });
  }
  return { casts, defined };
}

function constant(text: string): bigint | string {
  const [cast] = parts(`println(${text})`).casts;
  assert.ok(cast);
  const address = castAddress(cast, types);
  if (!address.ok) return `${address.reason}: ${address.message}`;
  return (
    castConstant(cast, types) ?? `not constant (offset ${address.offset}, ${address.indexes.length} indexes)`
  );
}

describe('castConstant', () => {
  test('addresses from constants and BTF offsets: members, nested members, constant indexes', () => {
    assert.equal(constant('&@cast(0, "task_struct", "kernel")->pid'), 8n);
    assert.equal(constant('&@cast(1000, "task_struct")->se->load'), 1044n);
    assert.equal(constant('&@cast(0, "task_struct")->comm[3]'), 27n);
    assert.equal(constant('&@cast(-2 * 4, "task_struct")->comm[1 + 1]'), 18n);
    assert.equal(constant('&@cast(0, "task_struct")->parent'), 64n);
    assert.equal(constant('&@cast(16, "task_struct")'), 16n);
  });

  test('a read or a pointer on the way is no address; variables make it no constant', () => {
    assert.equal(constant('@cast(0, "task_struct")->pid'), 'reads: @cast reads kernel memory');
    assert.equal(constant('&@cast(0, "task_struct")->parent->pid'), 'reads: @cast reads kernel memory');
    assert.equal(constant('@cast(0, "task_struct")->se$'), 'reads: @cast reads kernel memory');
    assert.equal(constant('&@cast(get_cycles(), "task_struct")->pid'), 'not constant (offset 8, 0 indexes)');
    assert.equal(
      constant('&@cast(0, "task_struct")->comm[get_cycles()]'),
      'not constant (offset 24, 1 indexes)',
    );
  });

  test('unknown types and members, and bit-fields, give their messages', () => {
    assert.equal(
      constant('&@cast(0, "nosuch_t")->x'),
      "type: type definition 'nosuch_t' not found in 'kernel'",
    );
    assert.equal(
      constant('&@cast(0, "task_struct", "foo.ko")->pid'),
      "type: type definition 'task_struct' not found in 'foo.ko'",
    );
    assert.equal(
      constant('&@cast(0, "task_struct")->nosuch'),
      "type: struct task_struct has no member 'nosuch'",
    );
    assert.equal(constant('&@cast(0, "task_struct")->flag'), 'type: cannot take the address of a bit field');
  });
});

describe('@defined of a @cast outside kernel.trace handlers', () => {
  test('decided from the kernel types: type and members exist or not', () => {
    const { casts, defined } = parts(
      'println(@defined(&@cast(0, "task_struct", "kernel")->pid), @defined(&@cast(0, "task_struct")->nosuch),' +
        ' @defined(&@cast(0, "nosuch_t")), @defined(@cast(0, "task_struct")->se->load))',
    );
    assert.deepEqual(
      casts.map((c) => castDefined(types, c)),
      [true, false, false, true],
    );
    assert.deepEqual(
      defined.map((d) => evaluateDefined(d, undefined, types)),
      [true, false, false, true],
    );
    // Without kernel types nothing is defined.
    assert.deepEqual(
      defined.map((d) => evaluateDefined(d, undefined)),
      [false, false, false, false],
    );
  });
});

describe('@cast in user-space handlers', () => {
  function errors(text: string): string[] {
    const { program, bag } = resolveText(text, { target: { ...fakeTarget([]), kernelTypes: types } });
    inferTypes(program, bag);
    return flatten(bag.all);
  }

  test('an address from constants is a long; @type_member_defined-style tests fold', () => {
    assert.deepEqual(
      errors(
        'probe begin { x = &@cast(0, "task_struct", "kernel")->comm[2]; println(x) }\n' +
          'probe end { if (@defined(&@cast(0, "task_struct")->nosuch)) println(@cast(0, "task_struct")->pid) }',
      ),
      [],
    );
  });

  test('a read there keeps its refusal', () => {
    assert.deepEqual(errors('probe begin {\n  println(@cast(0, "task_struct")->pid) }'), [
      "@cast reads kernel memory, which a begin handler cannot (it runs in user space): operator '@cast' at 2:11",
      "unresolved type : operator '@cast' at 2:11",
      "unresolved type : identifier 'println' at 2:3",
    ]);
  });
});
