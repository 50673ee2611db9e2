import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { type TestContext, test } from 'node:test';
import {
  globToRegExp,
  listTracepoints,
  matchTracepoints,
  TRACEFS_MOUNT_POINT,
  tracefsRoot,
  tracepointFormat,
  tracepointId,
} from './tracefs.js';

function tracefs(t: TestContext): boolean {
  if (process.getuid?.() !== 0) {
    t.skip('tracefs needs root');
    return false;
  }
  const r = tracefsRoot();
  if (r.ok) return true;
  t.skip(`no tracefs: ${r.message}`);
  return false;
}

test('wildcards: *, ?, [...] and [!...], anchored, dots literal', () => {
  assert.ok(globToRegExp('sys_enter_*').test('sys_enter_openat'));
  assert.ok(!globToRegExp('sys_enter_*').test('xsys_enter_openat'));
  assert.ok(globToRegExp('sched_?akeup').test('sched_wakeup'));
  assert.ok(globToRegExp('sys_[ex]*').test('sys_exit_read'));
  assert.ok(!globToRegExp('sys_[!ex]*').test('sys_exit_read'));
  assert.ok(!globToRegExp('a.b').test('axb'));
});

test('tracefs is found or mounted, and lists tracepoints', (t) => {
  if (!tracefs(t)) return;
  const all = listTracepoints();
  assert.ok(all.ok, all.ok ? '' : all.message);
  assert.ok(all.value.length > 100);
  assert.ok(all.value.some((tp) => tp.category === 'sched' && tp.name === 'sched_switch'));
  const m = matchTracepoints('sched:sched_switch');
  assert.ok(m.ok);
  assert.deepEqual(m.value, [{ category: 'sched', name: 'sched_switch' }]);
  const any = matchTracepoints('sys_enter_open*');
  assert.ok(any.ok);
  assert.ok(any.value.some((tp) => tp.name === 'sys_enter_openat' && tp.category === 'syscalls'));
  const none = matchTracepoints('nosuchcategory:*');
  assert.ok(none.ok);
  assert.equal(none.value.length, 0);
});

test('sched:sched_switch format', (t) => {
  if (!tracefs(t)) return;
  const f = tracepointFormat('sched', 'sched_switch');
  assert.ok(f.ok, f.ok ? '' : f.message);
  const id = tracepointId('sched', 'sched_switch');
  assert.ok(id.ok);
  assert.equal(f.value.id, id.value);
  const byName = new Map(f.value.fields.map((x) => [x.name, x]));
  assert.deepEqual(
    [...byName.keys()].filter((n) => !n.startsWith('common_')),
    ['prev_comm', 'prev_pid', 'prev_prio', 'prev_state', 'next_comm', 'next_pid', 'next_prio'],
  );
  const prevComm = byName.get('prev_comm')!;
  assert.deepEqual(
    [prevComm.type, prevComm.arrayLength, prevComm.size, prevComm.offset],
    ['char', 16, 16, 8],
  );
  assert.deepEqual([byName.get('prev_pid')!.type, byName.get('prev_pid')!.isSigned], ['pid_t', true]);
  assert.equal(byName.get('common_pid')!.isCommon, true);
});

test('syscalls:sys_enter_openat: a user pointer field; sched_process_exec: a __data_loc string', (t) => {
  if (!tracefs(t)) return;
  const openat = tracepointFormat('syscalls', 'sys_enter_openat');
  if (!openat.ok) return t.skip(`no syscall tracepoints: ${openat.message}`);
  const filename = openat.value.fields.find((x) => x.name === 'filename');
  assert.ok(filename !== undefined);
  assert.equal(filename.type, 'const char *');
  assert.equal(filename.size, 8);
  assert.equal(openat.value.fields.find((x) => x.name === '__syscall_nr')?.offset, 8);
  const exec = tracepointFormat('sched', 'sched_process_exec');
  assert.ok(exec.ok);
  assert.deepEqual(exec.value.fields.find((x) => x.name === 'filename')?.dynamic, {
    kind: 'data_loc',
    elementType: 'char',
  });
  const missing = tracepointFormat('sched', 'no_such_event');
  assert.ok(!missing.ok);
  assert.equal(missing.code, 'ENOENT');
});

test('an empty /sys/kernel/tracing gets tracefs mounted (in a private mount namespace)', (t) => {
  if (!tracefs(t)) return;
  const probe = spawnSync('unshare', ['--mount', 'true']);
  if (probe.status !== 0) return t.skip('needs unshare(1) with mount namespaces');
  const module = new URL('./tracefs.js', import.meta.url).pathname;
  const script = [
    `umount ${TRACEFS_MOUNT_POINT} 2>/dev/null`,
    `umount /sys/kernel/debug 2>/dev/null`,
    `test -e ${TRACEFS_MOUNT_POINT}/events && exit 3`,
    `exec ${process.execPath} --input-type=module -e "const m = await import('${module}'); console.log(JSON.stringify(m.tracefsRoot()))"`,
  ].join('; ');
  const r = spawnSync('unshare', ['--mount', 'sh', '-c', script], { encoding: 'utf8' });
  if (r.status === 3) return t.skip('could not unmount tracefs in the namespace');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { ok: true, value: TRACEFS_MOUNT_POINT });
});
