/**
 * `tokenize(input, delim)` and `tokenize(delim)` in kernel handlers: strsep over a saved copy of
 * the last non-empty input, skipping empty tokens; once the input is used up every call returns
 * `""` until a new input comes.
 *
 * The saved input and the position live where stap keeps them, per CPU: stap's CONTEXT, here a
 * one-entry per-CPU array (`stap_tokenize`, value: position + 1 or 0 when used up, length,
 * MAXSTRINGLEN bytes of text). Within a handler this is what the user-space runtime does; like
 * stap, a handler that starts with `tokenize("")` continues what an earlier handler on the same
 * CPU left.
 *
 * The delimiters become a 256-bit set first (one unrolled step per byte of their buffer); the
 * scan then takes one byte per call of a bpf_loop callback, over a scratch copy of the saved
 * text, with its positions in scratch (see string-escape.ts for why).
 */
import {
  BPF_FUNC_loop,
  BPF_FUNC_map_lookup_elem,
  BPF_FUNC_probe_read_kernel,
  BPF_FUNC_probe_read_kernel_str,
  type Label,
  R0,
  R1,
  R2,
  R3,
  R4,
  R5,
  R8,
  R10,
} from '../bpf/index.js';
import type { CallExpr } from '../lang/index.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { stringArgument } from './string-args.js';
import { evalString, stringBuffer } from './strings.js';
import { invokeCallback, lowerCallback } from './subprograms.js';

export const TOKENIZE_SYMBOL = 'tokenize_state';

/** The saved state's layout in the map value. */
const SAVED = { position: 0, length: 8, text: 16 } as const;

/** The scan's state words in scratch. */
const SCAN = { at: 0, start: 8, length: 16, end: 24, next: 32 } as const;
const SCAN_BYTES = 40;

function declareMap(L: Lowering, e: CallExpr): void {
  const maps = L.shared.tableMaps;
  if (maps === undefined) L.unsupported(e.span, 'tokenize() here');
  if (maps.some((m) => m.symbol === TOKENIZE_SYMBOL)) return;
  maps.push({
    symbol: TOKENIZE_SYMBOL,
    name: 'stap_tokenize',
    kind: 'percpu_array',
    keyBytes: 4,
    valueBytes: SAVED.text + L.capacities.maxStringLen,
    maxEntries: 1,
  });
}

/** r0 = the saved state (a map value), or a jump to `missing`. */
function lookupSaved(L: Lowering, missing: Label): void {
  const key = L.frame.slot();
  L.b.st(8, R10, key.offset, 0).ldMapFd(R1, TOKENIZE_SYMBOL);
  L.address(R2, key);
  L.b.call(BPF_FUNC_map_lookup_elem).jeq(R0, 0, missing);
}

function lowerTokenize(L: Lowering, e: CallExpr, into?: Region): Region {
  const b = L.b;
  const count = e.args.length === 2 ? 2 : 1;
  const input = count === 2 ? evalString(L, stringArgument(L, e, 0, 2)) : undefined;
  const delim = evalString(L, stringArgument(L, e, count - 1, count));
  declareMap(L, e);
  const max = L.capacities.maxStringLen;
  const dst = into ?? stringBuffer(L, max);
  const done = b.newLabel('tokenized');

  // The delimiter set: bit c of the 32 bytes for each byte c before the NUL.
  const set = L.frame.scratch(32);
  L.zero(set);
  const counted = b.newLabel('delimiters');
  const d = L.baseOf(delim);
  for (let k = 0; k < delim.bytes; k++) {
    b.ldx(1, R1, d.reg, d.off + k).jeq(R1, 0, counted);
    b.mov64(R2, R1).rsh64(R2, 3).mov64(R3, R1).and64(R3, 7).mov64(R4, 1).lsh64(R4, R3);
    L.address(R5, set);
    b.add64(R5, R2).ldx(1, R0, R5, 0).or64(R0, R4).stx(1, R5, 0, R0);
  }
  b.label(counted);

  // A new input replaces the saved one.
  if (input !== undefined) {
    const kept = b.newLabel('kept');
    const i = L.baseOf(input);
    b.ldx(1, R1, i.reg, i.off).jeq(R1, 0, kept);
    lookupSaved(L, kept);
    b.mov64(R8, R0).mov64(R1, R0).add64(R1, SAVED.text).mov64(R2, Math.min(max, input.bytes));
    L.address(R3, input);
    b.call(BPF_FUNC_probe_read_kernel_str);
    const some = b.newLabel('length');
    b.sub64(R0, 1).jsge(R0, 0, some).mov64(R0, 0).label(some);
    b.stx(8, R8, SAVED.length, R0).st(8, R8, SAVED.position, 1);
    b.label(kept);
  }
  // The result may go where an argument was: cleared once the arguments are used.
  L.zero(dst);

  // The scan, from the saved position.
  const scan = L.frame.scratch(SCAN_BYTES);
  const s = L.baseOf(scan);
  const window = L.frame.scratch(max + 8);
  lookupSaved(L, done);
  b.mov64(R8, R0).ldx(8, R1, R8, SAVED.position).jeq(R1, 0, done).sub64(R1, 1);
  b.stx(8, s.reg, s.off + SCAN.at, R1).stx(8, s.reg, s.off + SCAN.start, R1);
  b.ldx(8, R1, R8, SAVED.length).stx(8, s.reg, s.off + SCAN.length, R1);
  b.st(8, s.reg, s.off + SCAN.end, -1).st(8, s.reg, s.off + SCAN.next, 0);
  L.zero(window, max, 8);
  L.address(R1, window);
  b.mov64(R2, max).mov64(R3, R8).add64(R3, SAVED.text).call(BPF_FUNC_probe_read_kernel);
  const cb = lowerCallback(L, {
    ctxArg: R2,
    args: [],
    span: e.span,
    body: () => scanOne(L, window, set, scan, max),
  });
  invokeCallback(L, cb, BPF_FUNC_loop, () => b.mov64(R1, max + 1));

  // Save where the next call starts; copy the token out.
  lookupSaved(L, done);
  b.ldx(8, R1, s.reg, s.off + SCAN.next).stx(8, R0, SAVED.position, R1);
  b.ldx(8, R2, s.reg, s.off + SCAN.end).jslt(R2, 0, done);
  b.ldx(8, R3, s.reg, s.off + SCAN.start).jgt(R3, max - 1, done);
  const low = b.newLabel('clamp');
  const high = b.newLabel('clamp');
  b.sub64(R2, R3).add64(R2, 1);
  b.jsge(R2, 1, low).mov64(R2, 1).label(low);
  b.jsle(R2, dst.bytes, high).mov64(R2, dst.bytes).label(high);
  L.address(R1, window);
  b.add64(R3, R1);
  L.address(R1, dst);
  b.call(BPF_FUNC_probe_read_kernel_str);
  b.label(done);
  return dst;
}

/** One trip: the byte at the position ends the input, ends a token, or is part of one. */
function scanOne(L: Lowering, window: Region, set: Region, scan: Region, max: number): void {
  const b = L.b;
  const stop = L.loops[L.loops.length - 1]!.breakTo;
  const s = L.baseOf(scan);
  const inside = b.newLabel('inside');
  const delimiter = b.newLabel('delimiter');
  const next = b.newLabel('nextByte');
  // r8: the position.
  b.ldx(8, R8, s.reg, s.off + SCAN.at)
    .ldx(8, R1, s.reg, s.off + SCAN.length)
    .jlt(R8, R1, inside);
  // The end of the input: the last token, if not empty; nothing is left after it.
  b.st(8, s.reg, s.off + SCAN.next, 0);
  b.ldx(8, R1, s.reg, s.off + SCAN.start).jle(R8, R1, stop);
  b.stx(8, s.reg, s.off + SCAN.end, R8).ja(stop);
  b.label(inside).jgt(R8, max - 1, stop);
  L.address(R1, window);
  b.add64(R1, R8).ldx(1, R1, R1, 0);
  b.mov64(R2, R1).rsh64(R2, 3).and64(R1, 7);
  L.address(R3, set);
  b.add64(R3, R2).ldx(1, R0, R3, 0).rsh64(R0, R1).and64(R0, 1).jne(R0, 0, delimiter);
  b.add64(R8, 1)
    .stx(8, s.reg, s.off + SCAN.at, R8)
    .ja(next);
  // A delimiter ends a token (the next call starts after it), or skips an empty one.
  b.label(delimiter)
    .mov64(R2, R8)
    .add64(R2, 1)
    .stx(8, s.reg, s.off + SCAN.at, R2);
  const empty = b.newLabel('emptyToken');
  b.ldx(8, R1, s.reg, s.off + SCAN.start).jle(R8, R1, empty);
  b.stx(8, s.reg, s.off + SCAN.end, R8)
    .add64(R2, 1)
    .stx(8, s.reg, s.off + SCAN.next, R2)
    .ja(stop);
  b.label(empty).stx(8, s.reg, s.off + SCAN.start, R2);
  b.label(next);
}

export const TOKENIZE_BUILTINS = { tokenize: lowerTokenize } as const;
