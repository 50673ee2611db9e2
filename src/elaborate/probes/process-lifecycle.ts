/**
 * `process.begin`, `process.end`, `process.thread.begin`, `process.thread.end`, each also as
 * `process("PATH")...` (tasks running that executable) and `process(PID)...` (that process).
 * stap drives these from its task finder; here they are tracepoints, the handler running in the
 * task's own context:
 *
 *   begin         a new process's first return to user space: the child's return (0) from
 *                 fork, vfork or clone without CLONE_THREAD, or a successful exec's return
 *   thread.begin  a new thread's first return from clone/clone3 (CLONE_THREAD: pid != tid)
 *   end           sched_process_exit of the last thread (`group_dead`; before 6.x kernels
 *                 without it, of the thread group leader)
 *   thread.end    sched_process_exit of any other thread
 *
 * Unlike stap, `.begin` does not fire for processes already running when the probes attach, and
 * an exec is a `.begin` only (stap's task finder also reports an `.end` of the old image).
 * A bare `process` here means every process (as in stap), not the -c command.
 */
import type { ProbeComponent } from '../../lang/index.js';
import type { ProcessLifecyclePoint } from '../program.js';
import type { TargetSystem } from '../target.js';
import type { ProviderResult } from './families.js';

type LifecycleEvent = ProcessLifecyclePoint['event'];

export const PROCESS_LIFECYCLE_PATTERNS: readonly string[] = [
  'process',
  'process(number)',
  'process(string)',
].flatMap((head) => ['begin', 'end', 'thread.begin', 'thread.end'].map((event) => `${head}.${event}`));

function eventOf(cs: readonly ProbeComponent[]): LifecycleEvent | undefined {
  const names = cs.map((c) => (c.arg === undefined ? c.name : '?')).join('.');
  switch (names) {
    case 'begin':
    case 'end':
    case 'thread.begin':
    case 'thread.end':
      return names;
    default:
      return undefined;
  }
}

/**
 * A field's offset in the tracepoint's record; `fallback` when the target cannot tell (the
 * probe came from a tapset file elaborated without the kernel's tracefs).
 */
function fieldOffset(
  target: TargetSystem,
  pattern: string,
  name: string,
  fallback: number | undefined,
): number | undefined {
  const found = target.tracepoints(pattern);
  if (!found.ok) return fallback;
  return found.tracepoints[0]?.fields.find((f) => f.name === name)?.offset;
}

/** raw_syscalls:sys_exit's record since it exists (2.6.32): `long id` at 8, `long ret` at 16. */
const SYS_EXIT_ID = 8;
const SYS_EXIT_RET = 16;

export function resolveProcessLifecycle(cs: readonly ProbeComponent[], target: TargetSystem): ProviderResult {
  const [head, ...rest] = cs;
  if (head?.name !== 'process') return undefined;
  const event = eventOf(rest);
  if (event === undefined) return undefined;
  const arg = head.arg;
  let filter: Pick<ProcessLifecyclePoint, 'path' | 'inode' | 'pid'> = {};
  let prefix = 'process';
  if (arg !== undefined) {
    if (target.userBinary === undefined) return { error: 'process probes are not available' };
    if (arg.kind === 'String') {
      const r = target.userBinary({ kind: 'path', path: arg.value });
      if (!r.ok) return { error: r.error };
      if (r.binary.inode === undefined) return { error: `cannot find executable '${arg.value}'` };
      filter = { path: r.binary.path, inode: r.binary.inode };
      prefix = `process("${r.binary.path.replace(/["\\]/g, (c) => `\\${c}`)}")`;
    } else if (arg.kind === 'Number') {
      const r = target.userBinary({ kind: 'pid', pid: Number(arg.value) });
      if (!r.ok) return { error: r.error };
      filter = { pid: Number(arg.value) };
      prefix = `process(${arg.value})`;
    } else return undefined;
  }
  const onExit = event === 'end' || event === 'thread.end';
  const system = onExit ? 'sched' : 'raw_syscalls';
  const tracepoint = onExit ? 'sched_process_exit' : 'sys_exit';
  const pattern = `${system}:${tracepoint}`;
  let fields: ProcessLifecyclePoint['fields'];
  if (onExit) {
    const groupDead = fieldOffset(target, pattern, 'group_dead', undefined);
    fields = groupDead === undefined ? {} : { groupDead };
  } else {
    const id = fieldOffset(target, pattern, 'id', SYS_EXIT_ID);
    const ret = fieldOffset(target, pattern, 'ret', SYS_EXIT_RET);
    if (id === undefined || ret === undefined) {
      return { error: `process.${event} needs the ${pattern} tracepoint, which this kernel does not have` };
    }
    fields = { id, ret };
  }
  const point: ProcessLifecyclePoint = {
    family: 'process.lifecycle',
    event,
    system,
    tracepoint,
    fields,
    ...filter,
  };
  return { expanded: [{ point, name: `${prefix}.${event}` }] };
}
