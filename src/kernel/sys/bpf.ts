/**
 * bpf(2) itself: one entry point that turns the raw `-errno` return into a `SysResult` whose
 * message names the command.
 */
import * as C from './constants.js';
import { bpfSyscall } from './ffi.js';
import { fromReturn, type SysResult } from './result.js';

const COMMAND_NAMES: ReadonlyMap<number, string> = new Map([
  [C.BPF_MAP_CREATE, 'BPF_MAP_CREATE'],
  [C.BPF_MAP_LOOKUP_ELEM, 'BPF_MAP_LOOKUP_ELEM'],
  [C.BPF_MAP_UPDATE_ELEM, 'BPF_MAP_UPDATE_ELEM'],
  [C.BPF_MAP_DELETE_ELEM, 'BPF_MAP_DELETE_ELEM'],
  [C.BPF_MAP_GET_NEXT_KEY, 'BPF_MAP_GET_NEXT_KEY'],
  [C.BPF_PROG_LOAD, 'BPF_PROG_LOAD'],
  [C.BPF_PROG_GET_NEXT_ID, 'BPF_PROG_GET_NEXT_ID'],
  [C.BPF_MAP_GET_NEXT_ID, 'BPF_MAP_GET_NEXT_ID'],
  [C.BPF_PROG_GET_FD_BY_ID, 'BPF_PROG_GET_FD_BY_ID'],
  [C.BPF_MAP_GET_FD_BY_ID, 'BPF_MAP_GET_FD_BY_ID'],
  [C.BPF_OBJ_GET_INFO_BY_FD, 'BPF_OBJ_GET_INFO_BY_FD'],
  [C.BPF_RAW_TRACEPOINT_OPEN, 'BPF_RAW_TRACEPOINT_OPEN'],
  [C.BPF_BTF_LOAD, 'BPF_BTF_LOAD'],
  [C.BPF_MAP_LOOKUP_BATCH, 'BPF_MAP_LOOKUP_BATCH'],
  [C.BPF_LINK_CREATE, 'BPF_LINK_CREATE'],
  [C.BPF_LINK_GET_FD_BY_ID, 'BPF_LINK_GET_FD_BY_ID'],
  [C.BPF_LINK_GET_NEXT_ID, 'BPF_LINK_GET_NEXT_ID'],
]);

export function bpfCommandName(cmd: number): string {
  return COMMAND_NAMES.get(cmd) ?? `bpf command ${cmd}`;
}

/**
 * bpf(cmd, attr, sizeof attr). Returns the call's non-negative result (an fd for creating
 * commands, 0 otherwise) or the errno as a value. `keepAlive` must hold every buffer whose
 * address is written inside `attr`.
 */
export function bpf(cmd: number, attr: Uint8Array, ...keepAlive: readonly Uint8Array[]): SysResult<number> {
  return fromReturn(bpfCommandName(cmd), bpfSyscall(cmd, attr, ...keepAlive));
}
