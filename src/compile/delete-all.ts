/**
 * `delete a` of a whole array and `delete s` of a whole aggregate in kernel handlers.
 *
 * - An array or statistics array (HASH / PERCPU_HASH): bpf_for_each_map_elem (5.13) with a
 *   callback deleting each element it is handed (r1 is the map, r2 the key), which the hash map
 *   iteration allows.
 * - A scalar aggregate (a one-slot PERCPU_ARRAY): every CPU's copy zeroed, reached with
 *   bpf_map_lookup_percpu_elem (5.19) from a bpf_loop over CPU numbers that stops at the first
 *   CPU the kernel does not have. An all-zero copy is an aggregate without samples.
 */
import {
  BPF_FUNC_for_each_map_elem,
  BPF_FUNC_loop,
  BPF_FUNC_map_delete_elem,
  BPF_FUNC_map_lookup_percpu_elem,
  R0,
  R1,
  R2,
  R3,
  R4,
} from '../bpf/index.js';
import type { Span } from '../diag/index.js';
import { type GlobalStorage, statValueBytes } from '../wire/index.js';
import type { Lowering } from './lowering.js';
import { invokeCallback, lowerCallback } from './subprograms.js';

/** NR_CPUS of the largest kernel configurations: the bound of the loop over CPU numbers. */
const MAX_CPUS = 8192;

export function deleteWhole(L: Lowering, storage: GlobalStorage, span: Span): void {
  switch (storage.kind) {
    case 'array':
    case 'stat-array':
      deleteAllElements(L, storage.map, span);
      return;
    case 'stats':
      zeroEveryCpu(L, storage.map, statValueBytes(storage.shape), span);
      return;
    case 'scalar':
      throw new Error('deleteWhole of a scalar: statements.ts clears it in place');
  }
}

function deleteAllElements(L: Lowering, map: string, span: Span): void {
  const b = L.b;
  const cb = lowerCallback(L, {
    ctxArg: R4,
    args: [R2],
    span,
    entry: () => b.ldMapFd(R1, map).call(BPF_FUNC_map_delete_elem),
    body: () => {},
  });
  invokeCallback(L, cb, BPF_FUNC_for_each_map_elem, () => b.ldMapFd(R1, map));
}

function zeroEveryCpu(L: Lowering, map: string, valueBytes: number, span: Span): void {
  const b = L.b;
  const cb = lowerCallback(L, {
    ctxArg: R2,
    args: [R1],
    span,
    entry: () => {
      const key = L.frame.slot();
      const loop = L.loops[L.loops.length - 1]!;
      const at = L.baseOf(key);
      b.st(8, at.reg, at.off, 0);
      b.mov64(R3, R1).ldMapFd(R1, map);
      L.address(R2, key);
      b.call(BPF_FUNC_map_lookup_percpu_elem).jeq(R0, 0, loop.breakTo);
      let k = 0;
      for (; k + 8 <= valueBytes; k += 8) b.st(8, R0, k, 0);
      for (; k < valueBytes; k++) b.st(1, R0, k, 0);
    },
    body: () => {},
  });
  invokeCallback(L, cb, BPF_FUNC_loop, () => b.mov64(R1, MAX_CPUS));
}
