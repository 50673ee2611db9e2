/**
 * Loading programs into the verifier. As libbpf does, a program is first loaded without a log
 * (fast: no log formatting in the kernel); only when that fails is it loaded again with
 * log_level 1 to capture the verifier's explanation, which the caller maps back to the script.
 */
import { release } from 'node:os';
import { BtfBuilder, encodeFuncInfo, loadBtf } from './btf/index.js';
import { C, close, ok, progInfo, progLoad, type SysError, type SysResult } from './sys/index.js';

export type ProgramType = 'kprobe' | 'tracepoint' | 'perf_event' | 'raw_tracepoint' | 'tracing';

const PROG_TYPE_IDS = {
  kprobe: C.BPF_PROG_TYPE_KPROBE,
  tracepoint: C.BPF_PROG_TYPE_TRACEPOINT,
  perf_event: C.BPF_PROG_TYPE_PERF_EVENT,
  raw_tracepoint: C.BPF_PROG_TYPE_RAW_TRACEPOINT,
  tracing: C.BPF_PROG_TYPE_TRACING,
} as const satisfies Record<ProgramType, number>;

/** An ld_imm64 whose immediate becomes a map's fd (or the address of a value in it) at load. */
export interface MapRelocation {
  /** Slot index of the ld_imm64 (8-byte units). */
  readonly slot: number;
  readonly mapFd: number;
  /** Set for BPF_PSEUDO_MAP_VALUE: the byte offset into the map's value (array maps). */
  readonly valueOffset?: number;
}

/** BTF for a program with subprograms used as callbacks (bpf_loop): see btf/builder.ts. */
export interface ProgramBtf {
  readonly btfFd: number;
  /** `struct bpf_func_info` records: one (insn_off, type_id) per function, 8 bytes each. */
  readonly funcInfo: Uint8Array;
  readonly lineInfo?: Uint8Array;
}

export interface ProgramSpec {
  /** Shown by `bpftool prog`; at most 15 characters of [A-Za-z0-9_.] are kept. */
  readonly name: string;
  readonly type: ProgramType;
  /** Assembled instructions (8 bytes per slot). */
  readonly instructions: Uint8Array;
  /** Default "GPL": most tracing helpers are GPL-only. */
  readonly license?: string;
  /** BPF_TRACE_RAW_TP, BPF_TRACE_FENTRY... for `tracing` programs. */
  readonly expectedAttachType?: number;
  /** BTF id of the attach target in vmlinux BTF (a `btf_trace_*` typedef or a function). */
  readonly attachBtfId?: number;
  readonly mapRelocations?: readonly MapRelocation[];
  readonly btf?: ProgramBtf;
  /**
   * Capture the verifier log even on success (log_level: 1 instructions, 2 states, 4 stats);
   * a failure is always reloaded with log_level 1 unless this is set higher.
   */
  readonly logLevel?: number;
  /** Verifier log buffer size; grown on demand up to 16 MiB. Default 1 MiB. */
  readonly logSizeBytes?: number;
}

/** A refused load: the errno of the first attempt plus the verifier's log. */
export interface ProgramLoadError extends SysError {
  readonly verifierLog: string;
}

export type ProgramLoadResult = { readonly ok: true; readonly value: BpfProgram } | ProgramLoadError;

const DEFAULT_LOG_BYTES = 1 << 20;
const EAGAIN_RETRIES = 5;

export class BpfProgram {
  #fd: number;
  readonly spec: ProgramSpec;
  /** The verifier log of a successful load when `spec.logLevel` asked for one. */
  readonly verifierLog: string | undefined;

  private constructor(fd: number, spec: ProgramSpec, verifierLog: string | undefined) {
    this.#fd = fd;
    this.spec = spec;
    this.verifierLog = verifierLog;
  }

  /**
   * Loads `spec`. A program that passes a subprogram as a callback (bpf_loop,
   * bpf_for_each_map_elem) and brings no BTF of its own gets the minimal func_info BTF the
   * verifier demands for it (see `callbackBtf`); plain BPF-to-BPF calls need none.
   */
  static load(spec: ProgramSpec): ProgramLoadResult {
    if (spec.btf !== undefined) return BpfProgram.#load(spec);
    const btf = callbackBtf(spec.instructions);
    if (btf === undefined) return BpfProgram.#load(spec);
    if (!btf.ok)
      return {
        ...btf,
        message: `cannot load the BTF of ${spec.name}'s callbacks: ${btf.message}`,
        verifierLog: '',
      };
    try {
      return BpfProgram.#load({ ...spec, btf: btf.value });
    } finally {
      close(btf.value.btfFd);
    }
  }

  static #load(spec: ProgramSpec): ProgramLoadResult {
    const insns = relocate(spec.instructions, spec.mapRelocations ?? []);
    const wantLog = (spec.logLevel ?? 0) > 0;
    const first = loadOnce(spec, insns, wantLog ? spec.logLevel! : 0, wantLog ? logSize(spec) : 0);
    if (first.result.ok) return ok(new BpfProgram(first.result.value, spec, wantLog ? first.log : undefined));
    const log = missingHelperHint(wantLog ? first.log : loadForLog(spec, insns));
    return { ...first.result, message: failureMessage(first.result, log), verifierLog: log };
  }

  get fd(): number {
    if (this.#fd < 0) throw new Error(`BPF program ${this.spec.name} used after close`);
    return this.#fd;
  }

  get isClosed(): boolean {
    return this.#fd < 0;
  }

  /** The kernel's id for this program (as `bpftool prog` shows). */
  id(): SysResult<number> {
    const r = progInfo(this.fd);
    return r.ok ? ok(r.value.id) : r;
  }

  close(): void {
    if (this.#fd < 0) return;
    close(this.#fd);
    this.#fd = -1;
  }
}

function logSize(spec: ProgramSpec): number {
  return Math.min(spec.logSizeBytes ?? DEFAULT_LOG_BYTES, C.BPF_LOG_MAX_SIZE);
}

function loadOnce(
  spec: ProgramSpec,
  insns: Uint8Array,
  logLevel: number,
  logBytes: number,
): { result: SysResult<number>; log: string; logTrueSize: number } {
  const logBuf = logBytes > 0 ? Buffer.alloc(logBytes) : undefined;
  for (let attempt = 0; ; attempt++) {
    const r = progLoad({
      progType: PROG_TYPE_IDS[spec.type],
      insns,
      license: spec.license ?? 'GPL',
      logLevel,
      ...(logBuf === undefined ? {} : { logBuf }),
      kernVersion: linuxVersionCode(),
      progName: spec.name,
      expectedAttachType: spec.expectedAttachType ?? 0,
      attachBtfId: spec.attachBtfId ?? 0,
      ...(spec.btf === undefined
        ? {}
        : {
            progBtfFd: spec.btf.btfFd,
            funcInfo: spec.btf.funcInfo,
            ...(spec.btf.lineInfo === undefined ? {} : { lineInfo: spec.btf.lineInfo }),
          }),
    });
    // The verifier gives up with EAGAIN when a signal is pending (SIGCHLD from a target command).
    if (!r.ok && r.errno === C.EAGAIN && attempt < EAGAIN_RETRIES) continue;
    const log = logBuf === undefined ? '' : nulTerminated(logBuf);
    return { result: r, log, logTrueSize: r.logTrueSize };
  }
}

/** Reload a refused program with log_level 1, growing the buffer while the log was truncated. */
function loadForLog(spec: ProgramSpec, insns: Uint8Array): string {
  let bytes = logSize(spec);
  for (;;) {
    const again = loadOnce(spec, insns, C.BPF_LOG_LEVEL1, bytes);
    const truncated = !again.result.ok && again.result.errno === C.ENOSPC && bytes < C.BPF_LOG_MAX_SIZE;
    if (!truncated) return again.log;
    bytes = Math.min(Math.max(bytes * 4, again.logTrueSize), C.BPF_LOG_MAX_SIZE);
  }
}

/** What needs each helper the kernel may lack, and its first kernel (`--dump-features` probes them). */
const LOOP_HELPERS: Readonly<Record<string, string>> = {
  bpf_loop: 'loops the verifier cannot bound (Linux 5.17)',
  bpf_for_each_map_elem: 'foreach and whole-array delete (Linux 5.13)',
  bpf_map_lookup_percpu_elem: 'aggregate reads and deletes (Linux 5.19)',
};

/**
 * A refusal for a helper this kernel lacks says which script constructs need it: the log gains
 * a last line `<helper> is missing: <construct> in kernel probes need <kernel>`.
 */
export function missingHelperHint(log: string): string {
  const m = /(?:unknown|invalid) func (\w+)#\d+/.exec(log);
  const need = m === null ? undefined : LOOP_HELPERS[m[1]!];
  return need === undefined
    ? log
    : `${log.trimEnd()}\nthis kernel has no ${m![1]}: ${need} in kernel probes need it\n`;
}

function failureMessage(error: SysError, log: string): string {
  const tail = verifierLogTail(log, 1);
  return tail === '' ? error.message : `${error.message}: ${tail}`;
}

/** The last `lines` non-empty lines of a verifier log: where it explains the rejection. */
export function verifierLogTail(log: string, lines = 8): string {
  const all = log.split('\n').filter((l) => l.trim() !== '');
  // The final "processed N insns" statistics line says nothing about the failure.
  while (all.length > 0 && /^processed \d+ insns/.test(all[all.length - 1]!)) all.pop();
  return all.slice(-lines).join('\n');
}

function nulTerminated(buf: Buffer): string {
  const end = buf.indexOf(0);
  return buf.toString('utf8', 0, end < 0 ? buf.length : end);
}

/** Patches each relocated ld_imm64 in a copy of the instructions. */
function relocate(insns: Uint8Array, relocations: readonly MapRelocation[]): Uint8Array {
  if (relocations.length === 0) return insns;
  const out = Buffer.from(insns);
  for (const r of relocations) {
    const at = r.slot * 8;
    if (out[at] !== 0x18 || at + 16 > out.length) {
      throw new Error(`map relocation at slot ${r.slot} is not an ld_imm64`);
    }
    const src = r.valueOffset === undefined ? C.BPF_PSEUDO_MAP_FD : C.BPF_PSEUDO_MAP_VALUE;
    out[at + 1] = (src << 4) | (out[at + 1]! & 0x0f);
    out.writeInt32LE(r.mapFd, at + 4);
    out.writeInt32LE(r.valueOffset ?? 0, at + 12);
  }
  return out;
}

/**
 * Where each function of a program starts: slot 0 and every target of a BPF-to-BPF call
 * (BPF_PSEUDO_CALL) or a callback load (ld_imm64 with BPF_PSEUDO_FUNC), ascending; `callbacks` is
 * whether any callback load was seen.
 */
export function functionStarts(insns: Uint8Array): {
  readonly starts: number[];
  readonly callbacks: boolean;
} {
  const view = new DataView(insns.buffer, insns.byteOffset, insns.byteLength);
  const starts = new Set<number>([0]);
  let callbacks = false;
  const slots = Math.floor(insns.byteLength / 8);
  for (let i = 0; i < slots; i++) {
    const code = view.getUint8(i * 8);
    const src = view.getUint8(i * 8 + 1) >> 4;
    const imm = view.getInt32(i * 8 + 4, true);
    if (code === LD_IMM64) {
      if (src === C.BPF_PSEUDO_FUNC) {
        starts.add(i + 1 + imm);
        callbacks = true;
      }
      i++; // the second half of the 16-byte load
    } else if (code === JMP_CALL && src === BPF_PSEUDO_CALL) starts.add(i + 1 + imm);
  }
  return { starts: [...starts].sort((a, b) => a - b), callbacks };
}

const LD_IMM64 = 0x18;
const JMP_CALL = 0x85;
const BPF_PSEUDO_CALL = 1;

/**
 * func_info BTF for a program with callbacks, or undefined when it has none. The verifier
 * refuses a callback load without func_info ("missing btf func_info", 5.13+); static linkage
 * keeps every function verified in its caller's context, so the prototypes only name them.
 */
function callbackBtf(insns: Uint8Array): SysResult<ProgramBtf> | undefined {
  const { starts, callbacks } = functionStarts(insns);
  if (!callbacks) return undefined;
  const b = new BtfBuilder();
  const long = b.int('long', 8, true);
  const voidPtr = b.ptr(0);
  const mainProto = b.funcProto(long, [{ name: 'ctx', type: voidPtr }]);
  const calleeProto = b.funcProto(
    long,
    ['a', 'b', 'c', 'd'].map((name) => ({ name, type: long })),
  );
  const records = starts.map((insnOffset, i) => ({
    insnOffset,
    typeId:
      i === 0
        ? b.func('stap_handler', mainProto, C.BTF_FUNC_GLOBAL)
        : b.func(`stap_sub${i}`, calleeProto, C.BTF_FUNC_STATIC),
  }));
  const fd = loadBtf(b.encode());
  if (!fd.ok) return fd;
  return ok({ btfFd: fd.value, funcInfo: encodeFuncInfo(records) });
}

let versionCode: number | undefined;

/** LINUX_VERSION_CODE of the running kernel, from uname (sublevel capped at 255 as the kernel does). */
export function linuxVersionCode(): number {
  if (versionCode === undefined) {
    const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(release());
    versionCode =
      m === null ? 0 : (Number(m[1]) << 16) + (Number(m[2]) << 8) + Math.min(Number(m[3] ?? 0), 255);
  }
  return versionCode;
}
