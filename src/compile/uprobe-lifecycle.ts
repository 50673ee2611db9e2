/**
 * The filters of `process.begin/.end/.thread.begin/.thread.end` handlers (see
 * elaborate/probes/process-lifecycle.ts): which `raw_syscalls:sys_exit` or
 * `sched:sched_process_exit` events are the probe's, read from the record in r6, then the
 * process (`process(PID)`) or its executable's inode (`process("PATH")`, through BTF:
 * current->mm->exe_file->f_inode->i_ino). A task that does not match returns at once.
 */
import { BPF_FUNC_get_current_pid_tgid, R0, R1, R2, R6, R10 } from '../bpf/index.js';
import type { ProcessLifecyclePoint } from '../elaborate/index.js';
import { readTaskMember } from './context-task.js';
import { loadConst } from './expressions.js';
import type { Lowering } from './lowering.js';

/** x86_64 system call numbers. */
const NR_clone = 56;
const NR_fork = 57;
const NR_vfork = 58;
const NR_execve = 59;
const NR_execveat = 322;
const NR_clone3 = 435;

/** r1 = tgid, r2 = tid. */
function pidAndTid(L: Lowering): void {
  L.b
    .call(BPF_FUNC_get_current_pid_tgid)
    .mov64(R1, R0)
    .rsh64(R1, 32)
    .mov64(R2, R0)
    .lsh64(R2, 32)
    .rsh64(R2, 32);
}

/** Begin events: the record says a fork/clone child or an exec returned 0 here. */
function beginFilter(L: Lowering, point: ProcessLifecyclePoint): void {
  const b = L.b;
  const { id, ret } = point.fields;
  if (id === undefined || ret === undefined) return;
  const exit = L.exitLabel;
  const id1 = L.frame.slot();
  b.ldx(8, R0, R6, ret).jne(R0, 0, exit);
  b.ldx(8, R0, R6, id).stx(8, R10, id1.offset, R0);
  pidAndTid(L);
  b.ldx(8, R0, R10, id1.offset);
  if (point.event === 'thread.begin') {
    const clone = b.newLabel('clone');
    b.jeq(R0, NR_clone, clone).jne(R0, NR_clone3, exit).label(clone);
    b.jeq(R1, R2, exit);
    return;
  }
  const pass = b.newLabel('begin');
  b.jeq(R0, NR_execve, pass).jeq(R0, NR_execveat, pass);
  const forked = b.newLabel('forked');
  b.jeq(R0, NR_clone, forked).jeq(R0, NR_fork, forked).jeq(R0, NR_vfork, forked).jne(R0, NR_clone3, exit);
  b.label(forked).jne(R1, R2, exit);
  b.label(pass);
}

/** End events: the whole process (group_dead, else the leader) or one of its other threads. */
function endFilter(L: Lowering, point: ProcessLifecyclePoint): void {
  const b = L.b;
  const exit = L.exitLabel;
  const last = point.fields.groupDead;
  if (last !== undefined) {
    b.ldx(1, R0, R6, last);
    if (point.event === 'end') b.jeq(R0, 0, exit);
    else b.jne(R0, 0, exit);
    return;
  }
  pidAndTid(L);
  if (point.event === 'end') b.jne(R1, R2, exit);
  else b.jeq(R1, R2, exit);
}

export function lifecyclePrologue(L: Lowering, point: ProcessLifecyclePoint): void {
  const b = L.b;
  if (point.event === 'begin' || point.event === 'thread.begin') beginFilter(L, point);
  else endFilter(L, point);
  if (point.pid !== undefined) {
    b.call(BPF_FUNC_get_current_pid_tgid).rsh64(R0, 32).jne(R0, point.pid, L.exitLabel);
  }
  if (point.inode !== undefined) {
    readTaskMember(L, L.probe.written.span, `process("${point.path ?? ''}").${point.event}`, [
      'mm',
      'exe_file',
      'f_inode',
      'i_ino',
    ]);
    loadConst(L, R1, point.inode);
    b.jne(R0, R1, L.exitLabel);
  }
}
