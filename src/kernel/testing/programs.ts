/**
 * Hand-encoded programs shared by the kernel layer's tests (src/bpf is the real assembler).
 */
import {
  asm,
  BPF_FUNC_get_current_pid_tgid,
  BPF_FUNC_get_current_task,
  BPF_FUNC_map_lookup_elem,
  BPF_FUNC_probe_read_kernel,
  BPF_FUNC_ringbuf_discard,
  BPF_FUNC_ringbuf_reserve,
  BPF_FUNC_ringbuf_submit,
  encode,
  R,
  type RawItem,
} from '../raw-insns.js';

/** `if (current tgid != tgid) return 0;` (r0 clobbered). */
function onlyTgid(tgid: number): RawItem[] {
  return [
    asm.call(BPF_FUNC_get_current_pid_tgid),
    asm.alu64Imm('rsh', R.r0, 32),
    asm.jmpImm('jne', R.r0, tgid, 'out'),
  ];
}

/** r0 = &map[0] or goto out. */
function lookupSlotZero(mapFd: number): RawItem[] {
  return [
    asm.st('w', R.fp, -4, 0),
    asm.movReg(R.r2, R.fp),
    asm.alu64Imm('add', R.r2, -4),
    ...asm.ldMapFd(R.r1, mapFd),
    asm.call(BPF_FUNC_map_lookup_elem),
    asm.jmpImm('jeq', R.r0, 0, 'out'),
  ];
}

/**
 * Counts hits from process `tgid` into slot 0 (u64) of an ARRAY map: works as a tracepoint,
 * kprobe/uprobe or perf_event program (it ignores its context). `tgid` -1 counts every hit.
 */
export function countHits(counterMapFd: number, tgid: number): Uint8Array {
  return encode([
    ...(tgid < 0 ? [] : onlyTgid(tgid)),
    ...lookupSlotZero(counterMapFd),
    asm.movImm(R.r1, 1),
    asm.atomicAdd64(R.r0, 0, R.r1),
    asm.label('out'),
    asm.movImm(R.r0, 0),
    asm.exit(),
  ]);
}

/**
 * For each hit from `tgid`: seq = atomic_fetch_add(state[0].seq, 1); reserve 16 bytes in the
 * ring; write {seq, seq * 3}; submit — or discard when `discardOdd` and seq is odd. A failed
 * reserve increments state[0].fails (offset 8). `state`: ARRAY, value 16 bytes. `submitFlags`:
 * 0 or BPF_RB_NO_WAKEUP.
 */
export function sequenceRecords(
  stateMapFd: number,
  ringFd: number,
  tgid: number,
  discardOdd: boolean,
  submitFlags = 0,
): Uint8Array {
  return encode([
    ...onlyTgid(tgid),
    ...lookupSlotZero(stateMapFd),
    asm.movReg(R.r7, R.r0),
    asm.movImm(R.r8, 1),
    asm.atomicFetchAdd64(R.r7, 0, R.r8),
    ...asm.ldMapFd(R.r1, ringFd),
    asm.movImm(R.r2, 16),
    asm.movImm(R.r3, 0),
    asm.call(BPF_FUNC_ringbuf_reserve),
    asm.jmpImm('jne', R.r0, 0, 'reserved'),
    asm.movImm(R.r1, 1),
    asm.atomicAdd64(R.r7, 8, R.r1),
    asm.ja('out'),
    asm.label('reserved'),
    asm.stx('dw', R.r0, 0, R.r8),
    asm.movReg(R.r2, R.r8),
    asm.alu64Imm('mul', R.r2, 3),
    asm.stx('dw', R.r0, 8, R.r2),
    asm.movReg(R.r1, R.r0),
    asm.movImm(R.r2, submitFlags),
    ...(discardOdd
      ? [
          asm.movReg(R.r3, R.r8),
          asm.alu64Imm('and', R.r3, 1),
          asm.jmpImm('jne', R.r3, 0, 'discard'),
          asm.call(BPF_FUNC_ringbuf_submit),
          asm.ja('out'),
          asm.label('discard'),
          asm.call(BPF_FUNC_ringbuf_discard),
        ]
      : [asm.call(BPF_FUNC_ringbuf_submit)]),
    asm.label('out'),
    asm.movImm(R.r0, 0),
    asm.exit(),
  ]);
}

/**
 * On each hit from `tgid`: read the u32 at `offset` in the current task_struct with
 * bpf_probe_read_kernel and store it in slot 0 of an ARRAY map (value 8 bytes).
 */
export function readCurrentTaskU32(mapFd: number, tgid: number, offset: number): Uint8Array {
  return encode([
    ...onlyTgid(tgid),
    asm.call(BPF_FUNC_get_current_task),
    asm.movReg(R.r3, R.r0),
    asm.alu64Imm('add', R.r3, offset),
    asm.st('dw', R.fp, -16, 0),
    asm.movReg(R.r1, R.fp),
    asm.alu64Imm('add', R.r1, -16),
    asm.movImm(R.r2, 4),
    asm.call(BPF_FUNC_probe_read_kernel),
    ...lookupSlotZero(mapFd),
    asm.ldx('w', R.r1, R.fp, -16),
    asm.stx('dw', R.r0, 0, R.r1),
    asm.label('out'),
    asm.movImm(R.r0, 0),
    asm.exit(),
  ]);
}
