import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { findNamedType, type PathStep, resolvePath } from './access.js';
import { type Btf, vmlinuxBtf } from './btf.js';
import { findMember } from './layout.js';
import { type PrettyLayout, prettyLayout } from './pretty.js';

function kernelBtf(t: TestContext): Btf | undefined {
  const r = vmlinuxBtf();
  if (r.ok) return r.value;
  t.skip(`no kernel BTF: ${r.message}`);
  return undefined;
}

const member = (name: string): PathStep => ({ kind: 'member', name });
const INDEX: PathStep = { kind: 'index' };

function offsetOf(btf: Btf, struct: string, name: string): number {
  const s = btf.find('struct', struct);
  assert.ok(s !== undefined);
  const m = findMember(btf, s.id, name);
  assert.ok(m?.byteOffset !== undefined, `${struct}.${name}`);
  return m.byteOffset;
}

test('@cast names: bare, tagged, typedefs; unknown names and pointers are not found', (t) => {
  const btf = kernelBtf(t);
  if (btf === undefined) return;
  const task = btf.find('struct', 'task_struct')?.id;
  assert.equal(findNamedType(btf, 'task_struct'), task);
  assert.equal(findNamedType(btf, 'struct  task_struct'), task);
  assert.equal(findNamedType(btf, 'union task_struct'), undefined);
  assert.equal(findNamedType(btf, 'no_such_type_at_all'), undefined);
  assert.equal(findNamedType(btf, 'struct task_struct *'), undefined);
  const pid = findNamedType(btf, 'pid_t');
  assert.equal(pid === undefined ? undefined : btf.type(pid)?.kind, 'int');
});

test('paths: embedded members add up, pointers are loaded, char arrays are strings', (t) => {
  const btf = kernelBtf(t);
  if (btf === undefined) return;
  const task = findNamedType(btf, 'task_struct');
  assert.ok(task !== undefined);
  const pid = resolvePath(btf, task, [member('pid')], '$p');
  assert.deepEqual(pid, {
    ok: true,
    ops: [{ kind: 'offset', bytes: offsetOf(btf, 'task_struct', 'pid') }],
    value: { kind: 'integer', size: 4, isSigned: true, pointer: false },
    cType: 'pid_t',
  });
  const parentComm = resolvePath(btf, task, [member('real_parent'), member('comm')], '$p');
  assert.ok(parentComm.ok);
  assert.deepEqual(parentComm.ops, [
    { kind: 'offset', bytes: offsetOf(btf, 'task_struct', 'real_parent') },
    { kind: 'deref' },
    { kind: 'offset', bytes: offsetOf(btf, 'task_struct', 'comm') },
  ]);
  assert.deepEqual(parentComm.value, { kind: 'char-array', length: 16 });
  const weight = resolvePath(btf, task, [member('se'), member('load'), member('weight')], '$p');
  assert.ok(weight.ok && weight.ops.length === 1 && weight.value.kind === 'integer');
  const mm = resolvePath(btf, task, [member('mm')], '$p');
  assert.ok(mm.ok);
  assert.deepEqual(mm.value, { kind: 'integer', size: 8, isSigned: false, pointer: true });
  assert.equal(resolvePath(btf, task, [member('se')], '$p').ok && 'aggregate', 'aggregate');
});

test('paths: indexes scale by the element, bit-fields, and the reasons a path fails', (t) => {
  const btf = kernelBtf(t);
  if (btf === undefined) return;
  const bprm = findNamedType(btf, 'linux_binprm');
  const task = findNamedType(btf, 'task_struct');
  assert.ok(bprm !== undefined && task !== undefined);
  const buf = resolvePath(btf, bprm, [member('buf'), INDEX], '$bprm');
  assert.ok(buf.ok);
  assert.deepEqual(buf.ops, [
    { kind: 'offset', bytes: offsetOf(btf, 'linux_binprm', 'buf') },
    { kind: 'index', scale: 1 },
  ]);
  assert.equal(buf.value.kind, 'integer');
  // `$p[1]` steps over whole task_structs.
  const second = resolvePath(btf, task, [INDEX, member('pid')], '$p');
  assert.ok(second.ok && second.ops[0]?.kind === 'index');
  assert.equal(
    second.ops[0].scale,
    btf.type(task)?.kind === 'struct' ? (btf.type(task) as { size: number }).size : 0,
  );
  const field = resolvePath(btf, bprm, [member('point_of_no_return')], '$bprm');
  assert.ok(field.ok && field.value.kind === 'bitfield');
  assert.equal(field.value.bits, 1);
  assert.equal(field.value.isSigned, false);
  assert.deepEqual(resolvePath(btf, task, [member('nosuch')], '$p'), {
    ok: false,
    error: "'$p->nosuch' (struct task_struct has no member 'nosuch')",
  });
  assert.deepEqual(resolvePath(btf, task, [member('pid'), member('x')], '$p'), {
    ok: false,
    error: "'$p->pid->x' (pid_t, not a struct or a pointer to one)",
  });
  assert.equal(resolvePath(btf, task, [], '$p').ok, false);
});

test('pretty layouts: one level with $, all levels with $$, quoted characters refused', (t) => {
  const btf = kernelBtf(t);
  if (btf === undefined) return;
  const task = findNamedType(btf, 'task_struct');
  const list = findNamedType(btf, 'list_head');
  assert.ok(task !== undefined && list !== undefined);
  const text = (layout: PrettyLayout): string =>
    layout.ok
      ? layout.pieces
          .map((p) =>
            p.kind === 'text'
              ? p.text
              : `<${p.steps.map((s) => (s.kind === 'member' ? `.${s.name}` : '[0]')).join('')}:${p.conversion}>`,
          )
          .join('')
      : `error: ${layout.error}`;
  const all = () => true;
  assert.equal(
    text(prettyLayout(btf, { kind: 'pointer-to', id: list }, [], false, '@cast', all)),
    '{.next=<.next:p>, .prev=<.prev:p>}',
  );
  const pending = [member('pending')];
  assert.equal(
    text(prettyLayout(btf, { kind: 'pointer-to', id: task }, pending, false, '$p', all)),
    '{.list={...}, .signal={...}}',
  );
  assert.equal(
    text(prettyLayout(btf, { kind: 'pointer-to', id: task }, pending, true, '$p', all)),
    '{.list={.next=<.list.next:p>, .prev=<.list.prev:p>}, .signal={.sig=[<.signal.sig[0]:u>, ...]}}',
  );
  assert.equal(
    text(prettyLayout(btf, { kind: 'pointer-to', id: task }, [member('pid')], false, '$p', all)),
    '<:i>',
  );
  // An unreadable value is `?`.
  assert.equal(
    text(
      prettyLayout(
        btf,
        { kind: 'pointer-to', id: list },
        [],
        false,
        '@cast',
        (s) => s[0]?.kind !== 'member' || s[0].name !== 'prev',
      ),
    ),
    '{.next=<.next:p>, .prev=?}',
  );
  assert.equal(
    text(prettyLayout(btf, { kind: 'pointer-to', id: task }, [member('comm')], false, '$p', all)),
    'error: pretty-printing the char array (stap prints it quoted)',
  );
  // At most 32 values, then `...`.
  const whole = prettyLayout(btf, { kind: 'pointer-to', id: task }, [], false, '$p', all);
  assert.ok(whole.ok);
  assert.equal(whole.pieces.filter((p) => p.kind === 'value').length, 32);
  assert.ok(text(whole).endsWith(', ...}'));
});
