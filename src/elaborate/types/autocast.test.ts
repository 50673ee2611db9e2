import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AutocastExpr } from '../../lang/index.js';
import {
  fakeTarget,
  type KernelType,
  type KernelTypeLookup,
  type TargetAccess,
  type TargetPathStep,
  type TargetSystem,
  type TracepointInfo,
} from '../target.js';
import { autocastTypeName, pointeeOf } from './autocast.js';
import { inferTypes } from './index.js';
import { flatten, resolveText } from './testing.js';
import { walk } from './walk.js';

/** Members by type: C type of each (offsets do not matter to typing). */
const MEMBERS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'struct task_struct': {
    pid: 'pid_t',
    real_parent: 'struct task_struct *',
    comm: 'char[16]',
    se: 'struct sched_entity',
    cred: 'const struct cred *',
    anon: 'struct {...} *',
  },
  'struct sched_entity': { weight: 'unsigned long' },
  'struct cred': { uid: 'kuid_t' },
};

function access(cType: string, path: readonly TargetPathStep[]): TargetAccess {
  let at = cType;
  for (const step of path) {
    if (step.kind === 'index') continue;
    const inner = at.replace(/^const /, '').replace(/ \*$/, '');
    const next = MEMBERS[inner]?.[step.name];
    if (next === undefined) return { ok: false, error: `no member '${step.name}'` };
    at = next;
  }
  return {
    ok: true,
    ops: [],
    value: { kind: 'integer', size: 8, isSigned: false, pointer: at.endsWith('*') },
    cType: at,
  };
}

const kernelType: KernelTypeLookup = (name) => {
  const cType = /^(struct )?(task_struct|sched_entity|cred)$/.test(name)
    ? `struct ${name.replace(/^struct /, '')}`
    : name === 'char'
      ? 'char'
      : undefined;
  if (cType === undefined) return undefined;
  const type: KernelType = { cType, access: (path) => access(cType, path) };
  return type;
};

const TRACEPOINTS: readonly TracepointInfo[] = [
  {
    system: 'sched',
    name: 'sched_switch',
    fields: [],
    params: () => [
      {
        name: 'prev',
        index: 1,
        cType: 'struct task_struct *',
        pointer: true,
        access: (path) => access('struct task_struct', path),
      },
    ],
    kernelType,
  },
];

function infer(
  text: string,
  target: TargetSystem = fakeTarget(TRACEPOINTS),
): { errors: string[]; autocasts: (string | undefined)[] } {
  const { program, bag } = resolveText(text, { target });
  inferTypes(program, bag);
  const autocasts: (string | undefined)[] = [];
  const bodies = [...program.probes.map((p) => p.body), ...program.functions.map((f) => f.decl.body)];
  for (const body of bodies) {
    if (body.kind !== 'Block') continue;
    walk(body, {
      enter: (node) => {
        if (node.kind === 'Autocast') autocasts.push(autocastTypeName(node as AutocastExpr));
        return undefined;
      },
    });
  }
  return { errors: flatten(bag.all), autocasts };
}

const PROBE = 'probe kernel.trace("sched:sched_switch")';

describe('autocast in kernel handlers', () => {
  test('a local keeps the type of the parameter it holds', () => {
    assert.deepEqual(infer(`${PROBE} { t = $prev; println(t->pid) }`), {
      errors: [],
      autocasts: ['struct task_struct'],
    });
  });

  test('member paths, addresses, arrays and autocasts carry their own types', () => {
    const r = infer(
      `${PROBE} { t = $prev; p = t->real_parent; se = &t->se; c = $prev->comm; k = $prev->cred\n` +
        '  println(p->pid, se->weight, (c)[0], k->uid) }',
    );
    assert.deepEqual(r, {
      errors: [],
      autocasts: [
        'struct task_struct',
        'struct task_struct',
        'struct task_struct',
        'struct sched_entity',
        'char',
        'struct cred',
      ],
    });
  });

  test('types flow through assignments, agreeing ternaries and function returns', () => {
    const r = infer(
      'function task(p) { return &@cast(p, "task_struct") }\n' +
        `${PROBE} { println((t = $prev)->pid, (get_cycles() ? $prev : t)->pid, task(0)->pid) }`,
    );
    assert.deepEqual(r, {
      errors: [],
      autocasts: ['struct task_struct', 'struct task_struct', 'struct task_struct'],
    });
  });

  test('task_current() points to a task_struct, as its stap tapset definition says', () => {
    assert.deepEqual(infer(`${PROBE} { p = task_current()->real_parent; println(p->pid) }`), {
      errors: [],
      autocasts: ['struct task_struct', 'struct task_struct'],
    });
  });

  test('a function local typed by @cast is followed inside the function', () => {
    const r = infer(
      'function pid_of(p) { t = &@cast(p, "task_struct"); return t->pid }\n' +
        `${PROBE} { println(pid_of($prev)) }`,
    );
    assert.deepEqual(r, { errors: [], autocasts: ['struct task_struct'] });
  });

  test('conflicting types, globals, parameters and untyped values have no type (semko/autocast05, 06)', () => {
    const unknown = (line: number, col: number) => [
      `unknown type in dereference: operator '->' at ${line}:${col}`,
      `unresolved type : operator '->' at ${line}:${col}`,
    ];
    assert.deepEqual(
      infer(`${PROBE} {\n  if (get_cycles()) t = $prev; else t = &$prev->se\n  println(t->pid) }`).errors,
      [...unknown(3, 12), "unresolved type : identifier 'println' at 3:3"],
    );
    assert.deepEqual(infer(`global g\n${PROBE} {\n  g = $prev; println(g->pid) }`).errors, [
      ...unknown(3, 23),
      "unresolved type : identifier 'println' at 3:14",
    ]);
    assert.deepEqual(infer(`function f(p) { return p->pid }\n${PROBE} { println(f($prev)) }`).errors, [
      "unknown type in dereference: operator '->' at 1:25",
      "unresolved type : identifier 'f' at 2:52",
      "unresolved type : identifier 'println' at 2:44",
    ]);
    assert.deepEqual(infer(`${PROBE} {\n  t = 5; println(t->pid) }`).errors, [
      ...unknown(2, 19),
      "unresolved type : identifier 'println' at 2:10",
    ]);
  });

  test('a second assignment without a type keeps the first one', () => {
    assert.deepEqual(infer(`${PROBE} { t = $prev; t = 0; println(t->pid) }`).errors, []);
  });

  test('pointers without a named target carry no type', () => {
    assert.deepEqual(infer(`${PROBE} {\n  a = $prev->anon; println(a->x) }`).errors.slice(0, 1), [
      "unknown type in dereference: operator '->' at 2:29",
    ]);
  });

  test("a typed local's address is refused as stap refuses it", () => {
    assert.deepEqual(infer(`${PROBE} {\n  t = $prev; println(&t) }`).errors, [
      "cannot take address of tracepoint variable: operator '&' at 2:22",
    ]);
  });
});

describe('autocast in the other kernel handlers', () => {
  const target: TargetSystem = { ...fakeTarget(TRACEPOINTS), kernelTypes: kernelType };

  test('a perf handler types task_current() and @cast values from the kernel types', () => {
    assert.deepEqual(
      infer(
        'probe perf.type(1).config(0) { t = task_current(); p = @cast(t, "task_struct")->real_parent; println(t->pid, p->pid) }',
        target,
      ),
      { errors: [], autocasts: ['struct task_struct', 'struct task_struct'] },
    );
  });

  test('without kernel types an autocast there stays unknown', () => {
    assert.deepEqual(
      infer('probe perf.type(1).config(0) {\n  t = task_current(); println(t->pid) }').errors,
      [
        "unknown type in dereference: operator '->' at 2:32",
        "unresolved type : operator '->' at 2:32",
        "unresolved type : identifier 'println' at 2:23",
      ],
    );
  });
});

describe('pointeeOf', () => {
  test('pointers and arrays give their target, qualifiers aside; others nothing', () => {
    const name = (cType: string) => {
      const d = pointeeOf(kernelType, cType);
      return d?.kind === 'type' ? d.name : undefined;
    };
    assert.equal(name('struct task_struct *'), 'struct task_struct');
    assert.equal(name('const struct cred *const'), 'struct cred');
    assert.equal(name('char[16]'), 'char');
    assert.equal(name('struct task_struct **'), undefined);
    assert.equal(name('void *'), undefined);
    assert.equal(name('int (*)(void)'), undefined);
    assert.equal(name('pid_t'), undefined);
  });
});
