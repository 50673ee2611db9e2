/**
 * Loading programs into the verifier. As libbpf does, a program is first loaded without a log
 * (fast: no log formatting in the kernel); only when that fails is it loaded again with
 * log_level 1 to capture the verifier's explanation, which the caller maps back to the script.
 */
import { release } from 'node:os';
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

  static load(spec: ProgramSpec): ProgramLoadResult {
    const insns = relocate(spec.instructions, spec.mapRelocations ?? []);
    const wantLog = (spec.logLevel ?? 0) > 0;
    const first = loadOnce(spec, insns, wantLog ? spec.logLevel! : 0, wantLog ? logSize(spec) : 0);
    if (first.result.ok) return ok(new BpfProgram(first.result.value, spec, wantLog ? first.log : undefined));
    const log = wantLog ? first.log : loadForLog(spec, insns);
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
