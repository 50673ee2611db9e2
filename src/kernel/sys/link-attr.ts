/**
 * Attaching: BPF_LINK_CREATE (the `link_create` struct of `union bpf_attr`) and the older
 * BPF_RAW_TRACEPOINT_OPEN, which also returns a link fd.
 */
import { Attr, cString } from './attr.js';
import { bpf } from './bpf.js';
import * as C from './constants.js';
import type { SysResult } from './result.js';

export interface LinkCreateAttr {
  readonly progFd: number;
  /** A perf event fd for BPF_PERF_EVENT; 0 for tracing attach types. */
  readonly targetFd: number;
  readonly attachType: number;
  readonly flags?: number;
  /** `perf_event.bpf_cookie` (5.15), read by bpf_get_attach_cookie(). */
  readonly bpfCookie?: bigint;
}

const LINK_CREATE_SIZE = 64;

export function linkCreate(a: LinkCreateAttr): SysResult<number> {
  const attr = new Attr(LINK_CREATE_SIZE)
    .u32(0, a.progFd)
    .u32(4, a.targetFd)
    .u32(8, a.attachType)
    .u32(12, a.flags ?? 0);
  if (a.bpfCookie !== undefined) attr.u64(16, a.bpfCookie);
  return bpf(C.BPF_LINK_CREATE, attr.bytes);
}

/**
 * BPF_RAW_TRACEPOINT_OPEN (4.17): attaches a RAW_TRACEPOINT program to the tracepoint `name`,
 * or a BTF-enabled TRACING program (name undefined: the target came with attach_btf_id).
 */
export function rawTracepointOpen(name: string | undefined, progFd: number): SysResult<number> {
  const nameBytes = name === undefined ? undefined : cString(name);
  const attr = new Attr(24).ptr(0, nameBytes).u32(8, progFd);
  return nameBytes === undefined
    ? bpf(C.BPF_RAW_TRACEPOINT_OPEN, attr.bytes)
    : bpf(C.BPF_RAW_TRACEPOINT_OPEN, attr.bytes, nameBytes);
}
