/**
 * A minimal BTF encoder for programs: the FUNC / FUNC_PROTO types that `func_info` names. The
 * verifier insists on func_info BTF for a program whose subprogram is passed as a callback
 * (bpf_loop, bpf_for_each_map_elem: "missing btf func_info"), and uses it to name functions in
 * its log and in stack traces.
 */
import { btfLoad, C, ok, type SysResult } from '../sys/index.js';

export interface BtfParamSpec {
  readonly name: string;
  readonly type: number;
}

export class BtfBuilder {
  readonly #types: number[][] = [];
  readonly #strings: string[] = [''];
  readonly #stringOffsets = new Map<string, number>([['', 0]]);
  #stringBytes = 1;

  #string(s: string): number {
    const known = this.#stringOffsets.get(s);
    if (known !== undefined) return known;
    const at = this.#stringBytes;
    this.#strings.push(s);
    this.#stringOffsets.set(s, at);
    this.#stringBytes += Buffer.byteLength(s) + 1;
    return at;
  }

  #add(words: number[]): number {
    this.#types.push(words);
    return this.#types.length; // ids start at 1; 0 is void
  }

  /** An integer type (`int`, `unsigned int`, `long`...). */
  int(name: string, sizeBytes: number, isSigned: boolean): number {
    const info = C.BTF_KIND_INT << 24;
    const encoding = (isSigned ? C.BTF_INT_SIGNED : 0) << 24;
    return this.#add([this.#string(name), info, sizeBytes, encoding | (sizeBytes * 8)]);
  }

  ptr(type: number): number {
    return this.#add([0, C.BTF_KIND_PTR << 24, type]);
  }

  funcProto(returnType: number, params: readonly BtfParamSpec[]): number {
    const words = [0, (C.BTF_KIND_FUNC_PROTO << 24) | params.length, returnType];
    for (const p of params) words.push(this.#string(p.name), p.type);
    return this.#add(words);
  }

  /** linkage: BTF_FUNC_STATIC for callbacks and the main program, BTF_FUNC_GLOBAL for separately verified functions. */
  func(name: string, proto: number, linkage: number = C.BTF_FUNC_STATIC): number {
    return this.#add([this.#string(name), (C.BTF_KIND_FUNC << 24) | linkage, proto]);
  }

  /** The complete blob: header, type section, string section. */
  encode(): Uint8Array {
    const typeLen = this.#types.reduce((n, w) => n + w.length * 4, 0);
    const strLen = this.#stringBytes;
    const out = Buffer.alloc(24 + typeLen + strLen);
    out.writeUInt16LE(C.BTF_MAGIC, 0);
    out.writeUInt8(1, 2); // version
    out.writeUInt32LE(24, 4); // hdr_len
    out.writeUInt32LE(0, 8); // type_off
    out.writeUInt32LE(typeLen, 12);
    out.writeUInt32LE(typeLen, 16); // str_off
    out.writeUInt32LE(strLen, 20);
    let at = 24;
    for (const words of this.#types) {
      for (const w of words) {
        out.writeUInt32LE(w >>> 0, at);
        at += 4;
      }
    }
    for (const s of this.#strings) {
      at += out.write(s, at, 'utf8');
      out.writeUInt8(0, at++);
    }
    return out;
  }
}

/** `struct bpf_func_info` records: each function's first instruction slot and its FUNC type id. */
export function encodeFuncInfo(
  records: readonly { readonly insnOffset: number; readonly typeId: number }[],
): Uint8Array {
  const out = Buffer.alloc(records.length * 8);
  records.forEach((r, i) => {
    out.writeUInt32LE(r.insnOffset, i * 8);
    out.writeUInt32LE(r.typeId, i * 8 + 4);
  });
  return out;
}

/** Loads a BTF blob into the kernel (BPF_BTF_LOAD, 4.18); on refusal the message carries the BTF verifier's last line. */
export function loadBtf(blob: Uint8Array): SysResult<number> {
  const first = btfLoad({ btf: blob });
  if (first.ok) return ok(first.value);
  const logBuf = Buffer.alloc(64 * 1024);
  btfLoad({ btf: blob, logLevel: 1, logBuf });
  const end = logBuf.indexOf(0);
  const lines = logBuf
    .toString('utf8', 0, end < 0 ? logBuf.length : end)
    .trim()
    .split('\n');
  const last = lines[lines.length - 1] ?? '';
  return last === '' ? first : { ...first, message: `${first.message}: ${last}` };
}
