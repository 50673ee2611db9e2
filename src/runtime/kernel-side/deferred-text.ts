/**
 * The text of PRINTF_DEFERRED arguments (wire/deferred-output.ts), made as stap's runtime makes
 * it (runtime/sym.c `_stp_snprint_addr`, stack.c): kernel addresses symbolised with
 * /proc/kallsyms (module `kernel` for vmlinux), `%p` being `%#x` (`0xffffffff81234567`); user
 * addresses with the process's mappings (user-symbols.ts).
 */
import type { SymbolLocation } from '../../kernel/index.js';
import {
  align8,
  CMDLINE_HEADER_BYTES,
  type DeferredSlot,
  escapeBytes,
  MAX_BACKTRACE_FRAMES,
  readCString,
  returnStr,
  type StackForm,
  USER_BUFFER_HEADER_BYTES,
} from '../../wire/index.js';
import type { UserSymbolLookup } from './user-symbols.js';
import { userFrame, userModuleName, userSymbolData, userSymbolName } from './user-symbols-text.js';

/**
 * The chart of a histogram print: the aggregate read from its per-CPU map now, with the key
 * bytes the record carries for an array element.
 */
export type HistogramLookup = (slot: Extract<DeferredSlot, { kind: 'histogram' }>, key: Uint8Array) => string;

/** Finds the symbol containing an address (undefined: none, or no kallsyms). */
export type SymbolLookup = (address: bigint) => SymbolLocation | undefined;

function hex(address: bigint): string {
  return `0x${BigInt.asUintN(64, address).toString(16)}`;
}

function moduleOf(s: SymbolLocation): string {
  return s.module ?? 'kernel';
}

/** `symname()`: _STP_SYM_SYMBOL. */
export function symbolName(lookup: SymbolLookup, address: bigint): string {
  return lookup(address)?.name ?? hex(address);
}

/** `symdata()`: _STP_SYM_DATA, `vfs_read+0x12/0x40 [kernel]`. */
export function symbolData(lookup: SymbolLookup, address: bigint): string {
  const s = lookup(address);
  return s === undefined
    ? hex(address)
    : `${s.name}+${hex(BigInt(s.offset))}/${hex(BigInt(s.size))} [${moduleOf(s)}]`;
}

/** One frame of a stack in `form`. */
function frame(lookup: SymbolLookup, address: bigint, form: StackForm): string {
  if (form === 'hex') return `${hex(address)} `;
  if (form === 'syms' || form === 'sprint-syms') return ` ${hex(address)} : ${symbolData(lookup, address)}\n`;
  const s = lookup(address);
  if (form === 'simple')
    return s === undefined ? `${hex(address)}\n` : `${s.name}+${hex(BigInt(s.offset))} [${moduleOf(s)}]\n`;
  return s === undefined
    ? ` ${hex(address)}\n`
    : ` ${hex(address)} : ${s.name}+${hex(BigInt(s.offset))}/${hex(BigInt(s.size))} [${moduleOf(s)}]\n`;
}

/**
 * The tracing machinery between the traced code and the handler (the BPF program itself, the
 * raw tracepoint and perf trampolines): bpf_get_stack reports it, stap's backtraces start at
 * the probed code.
 */
const MACHINERY =
  /^(bpf_trace_run\d+|__bpf_trace_\w+|__traceiter_\w+|perf_trace_\w+|perf_syscall_(enter|exit)|trace_call_bpf|bpf_prog_\w+)$/;

/** The frames from the first one outside the tracing machinery. */
export function probedFrames(lookup: SymbolLookup, frames: readonly bigint[]): readonly bigint[] {
  let first = 0;
  for (; first < frames.length; first++) {
    const s = lookup(frames[first]!);
    if (s === undefined || (s.module !== 'bpf' && !MACHINERY.test(s.name))) break;
  }
  return first === frames.length ? frames : frames.slice(first);
}

/**
 * A captured stack as text: `hex`, `simple` and `sprint-syms` are strings (MAXSTRINGLEN - 1 at
 * most; sprint_syms stops before a line that would take the total past MAXSTRINGLEN), `full`
 * and `syms` are printed.
 */
export function stackText(
  lookup: SymbolLookup,
  frames: readonly bigint[],
  form: StackForm,
  maxStringLen: number,
): string {
  return joinFrames(
    frames.map((address) => frame(lookup, address, form)),
    form,
    maxStringLen,
  );
}

/** Frame lines as stackText joins them. */
export function joinFrames(lines: readonly string[], form: StackForm, maxStringLen: number): string {
  let out = '';
  let total = 0;
  for (const line of lines) {
    total += line.length;
    if (form === 'sprint-syms' && total > maxStringLen) break;
    out += line;
  }
  return form === 'full' || form === 'syms' ? out : out.slice(0, maxStringLen - 1);
}

/**
 * `cmdline_args(first, last, delimiter)` from the raw argument area (tapset cmdline_args):
 * arguments first..last (last < 0: to the end) joined by the delimiter, an empty one after the
 * first shown as `""`, cut at MAXSTRINGLEN - 1 at every step. `cmdline_str()` is (0, -1, " ").
 */
export function commandLineText(
  raw: string,
  maxStringLen: number,
  first = 0n,
  last = -1n,
  delimiter = ' ',
): string {
  let out = '';
  let n = 0n;
  for (let at = 0; at < raw.length && (last < 0n || n <= last); n++) {
    let nul = raw.indexOf('\0', at);
    if (nul < 0) nul = raw.length;
    const arg = raw.slice(at, nul);
    at = nul + 1;
    if (n === first) out = arg.slice(0, maxStringLen - 1);
    else if (n > first) out = (out + delimiter + (arg === '' ? '""' : arg)).slice(0, maxStringLen - 1);
  }
  return out;
}

/** The frames of a stack slot at `at`: a u64 byte count, then the addresses. */
function readFrames(view: DataView, at: number): bigint[] {
  const count = Math.min(Number(view.getBigUint64(at, true)) >> 3, MAX_BACKTRACE_FRAMES);
  const frames: bigint[] = [];
  for (let i = 0; i < count; i++) frames.push(view.getBigUint64(at + 8 + 8 * i, true));
  return frames;
}

/**
 * A user stack captured at a function's entry: the return address at the top of the stack (0
 * elsewhere) goes after the pc unless the kernel put it there already.
 */
export function withCaller(frames: bigint[], entryReturn: bigint): bigint[] {
  if (entryReturn === 0n || frames.length === 0 || frames[1] === entryReturn) return frames;
  return [frames[0]!, entryReturn, ...frames.slice(1)].slice(0, MAX_BACKTRACE_FRAMES);
}

/**
 * `user_buffer_quoted(addr, inlen, outlen)` (tapset uconversions.stp): outlen clamped to
 * 0..MAXSTRINGLEN, "" at 0; the quoted, escaped bytes, NULs shown; a fault gives the address as
 * `0x%lx` cut to outlen - 1 characters.
 */
export function userBufferText(
  bytes: Uint8Array | undefined,
  address: bigint,
  inlen: bigint,
  outlen: bigint,
  maxStringLen: number,
): string {
  const out = outlen < 0n ? 0 : outlen > BigInt(maxStringLen) ? maxStringLen : Number(outlen);
  if (out === 0) return '';
  if (bytes === undefined) return hex(address).slice(0, out - 1);
  const inputBytes = inlen < 0n || inlen > BigInt(maxStringLen) ? 0 : Number(inlen);
  return escapeBytes((i) => bytes[i] ?? 0, {
    inputBytes,
    outputBytes: out,
    quoted: true,
    buffer: true,
    maxStringLen,
  });
}

/** One argument of a PRINTF_DEFERRED record, the deferred kinds as text. */
function readDeferredArg(
  view: DataView,
  at: number,
  slot: DeferredSlot,
  lookup: SymbolLookup,
  maxStringLen: number,
  histograms: HistogramLookup | undefined,
  user: UserSymbolLookup,
): bigint | string {
  switch (slot.kind) {
    case 'histogram': {
      if (histograms === undefined) throw new Error('a histogram record without the maps to read');
      return histograms(slot, new Uint8Array(view.buffer, view.byteOffset + at, slot.keyBytes));
    }
    case 'long':
      return view.getBigInt64(at, true);
    case 'string':
      return readCString(view, at, slot.capacity);
    case 'symbol': {
      const address = view.getBigUint64(at, true);
      return slot.form === 'symname' ? symbolName(lookup, address) : symbolData(lookup, address);
    }
    case 'stack': {
      const frames = readFrames(view, at);
      return stackText(lookup, probedFrames(lookup, frames), slot.form, maxStringLen);
    }
    case 'ustack': {
      const tgid = Number(view.getBigUint64(at, true));
      const frames = withCaller(readFrames(view, at + 16), view.getBigUint64(at + 8, true));
      const lines = frames.map((a) => userFrame(user(tgid, a), a, slot.form));
      return joinFrames(lines, slot.form, maxStringLen);
    }
    case 'usymbol': {
      const tgid = Number(view.getBigUint64(at, true));
      const address = view.getBigUint64(at + 8, true);
      const where = user(tgid, address);
      if (slot.form === 'modname') return userModuleName(where);
      return slot.form === 'symname' ? userSymbolName(where, address) : userSymbolData(where, address);
    }
    case 'retstr':
      return returnStr(view.getBigInt64(at, true), view.getBigInt64(at + 8, true)).slice(0, maxStringLen - 1);
    case 'ubuffer': {
      const copied = view.getBigInt64(at, true);
      const length = Math.min(Number(copied), slot.capacity);
      const bytes =
        copied < 0n
          ? undefined
          : new Uint8Array(view.buffer, view.byteOffset + at + USER_BUFFER_HEADER_BYTES, Math.max(length, 0));
      return userBufferText(
        bytes,
        view.getBigUint64(at + 8, true),
        view.getBigInt64(at + 16, true),
        view.getBigInt64(at + 24, true),
        maxStringLen,
      );
    }
    case 'cmdline': {
      const length = Math.min(Number(view.getBigUint64(at, true)), slot.capacity);
      const first = view.getBigInt64(at + 8, true);
      const last = view.getBigInt64(at + 16, true);
      const delimiter = readCString(view, at + CMDLINE_HEADER_BYTES, slot.delimiterCapacity);
      const rawAt = at + CMDLINE_HEADER_BYTES + align8(slot.delimiterCapacity);
      let raw = '';
      for (let i = 0; i < length; i++) raw += String.fromCharCode(view.getUint8(rawAt + i));
      return commandLineText(raw, maxStringLen, first, last, delimiter);
    }
  }
}

/** The argument values of a PRINTF_DEFERRED record at `offset`. */
export function readDeferredArgs(
  view: DataView,
  offset: number,
  slots: readonly DeferredSlot[],
  lookup: SymbolLookup,
  maxStringLen: number,
  histograms?: HistogramLookup,
  user: UserSymbolLookup = () => undefined,
): (bigint | string)[] {
  return slots.map((slot) =>
    readDeferredArg(view, offset + slot.offset, slot, lookup, maxStringLen, histograms, user),
  );
}
