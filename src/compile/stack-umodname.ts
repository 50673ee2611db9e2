/**
 * `umodname(addr)` in kernel handlers (tapset ucontext.stp): the file mapped at a user address of
 * the current task. Whether one is mapped there is decided in BPF, so that none is stap's error
 * (`module cannot be found`) at the call: bpf_find_vma (5.17) of the current task calls back with
 * the area holding the address, whose `vm_file` says whether a file backs it. The name is the
 * mapped file's path, which only user space can read (/proc/PID/maps): the call is print output
 * only, like `usymname()` (context-stack.ts), with the tgid and the address in its record slot.
 */
import {
  BPF_FUNC_find_vma,
  BPF_FUNC_get_current_task_btf,
  R0,
  R1,
  R2,
  R3,
  R4,
  R5,
  R10,
} from '../bpf/index.js';
import type { CallExpr } from '../lang/index.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { raiseMessage } from './stack-raise.js';
import { lowerCallback } from './subprograms.js';

/** The byte offset of `vm_file` in struct vm_area_struct, from BTF. */
function vmFileOffset(L: Lowering, e: CallExpr): number {
  const types = L.program.kernelTypes;
  const vma = types?.('vm_area_struct') ?? types?.('struct vm_area_struct');
  const access = vma?.access([{ kind: 'member', name: 'vm_file' }]);
  const first = access?.ok === true ? access.ops[0] : undefined;
  if (access?.ok !== true || access.ops.length !== 1 || first?.kind !== 'offset')
    return L.unsupported(e.span, `${e.name}() without the kernel's struct vm_area_struct (BTF)`);
  return first.bytes;
}

/**
 * Raises stap's error unless a file is mapped at the address in `address` (a stack slot) of the
 * current task.
 */
export function checkUserModule(L: Lowering, e: CallExpr, address: Region): void {
  const b = L.b;
  const offset = vmFileOffset(L, e);
  const mapped = L.frame.slot();
  b.st(8, R10, mapped.offset, 0);
  // bpf_find_vma's callback gets (task, vma, ctx): ctx in r3, the area in r2.
  const cb = lowerCallback(L, {
    ctxArg: R3,
    args: [R2],
    body: () => {
      const none = b.newLabel('novmfile');
      b.ldx(8, R1, R2, offset).jeq(R1, 0, none);
      b.st(8, R10, mapped.offset, 1).label(none);
    },
    span: e.span,
  });
  b.call(BPF_FUNC_get_current_task_btf).mov64(R1, R0);
  L.reload(R2, address);
  b.ldFunc(R3, cb.label).mov64(R4, R10).mov64(R5, 0).call(BPF_FUNC_find_vma);
  const found = b.newLabel('umod');
  b.ldx(8, R0, R10, mapped.offset).jne(R0, 0, found);
  raiseMessage(L, e.span, ['module cannot be found']);
  b.label(found);
}
