/** BPF_BTF_LOAD: the anonymous struct that starts with `btf` in `union bpf_attr`. */
import { Attr } from './attr.js';
import { bpf } from './bpf.js';
import * as C from './constants.js';
import type { SysResult } from './result.js';

export interface BtfLoadAttr {
  /** A complete BTF blob: header, type section, string section. */
  readonly btf: Uint8Array;
  readonly logLevel?: number;
  readonly logBuf?: Uint8Array;
}

export function btfLoad(a: BtfLoadAttr): SysResult<number> {
  const attr = new Attr(32)
    .ptr(0, a.btf)
    .ptr(8, a.logBuf)
    .u32(16, a.btf.byteLength)
    .u32(20, a.logBuf?.byteLength ?? 0)
    .u32(24, a.logLevel ?? 0);
  return a.logBuf === undefined
    ? bpf(C.BPF_BTF_LOAD, attr.bytes, a.btf)
    : bpf(C.BPF_BTF_LOAD, attr.bytes, a.btf, a.logBuf);
}
