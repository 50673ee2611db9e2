/**
 * `s =~ "re"` and `s !~ "re"` in kernel handlers: the pattern's DFA (src/lang/regex/dfa.ts, the
 * subset construction of the user-space engine, so both answer alike) walked over the string's
 * bytes by a bpf_loop callback, one byte a call, stopping in the match state or at the NUL.
 *
 * The DFA is a read-only table (an array map of one entry, filled by the runtime before attaching,
 * one per pattern) read by direct value address: 256 bytes mapping each byte to its class, then
 * the transitions, a byte each, `state * classes + class`. The subject is copied into scratch with
 * zeros after it, so the walk always meets a NUL; its position and state live in scratch too.
 * Only the boolean is computed: matched(), matched_str() and ngroups() stay refused in kernel
 * handlers.
 */
import { BPF_FUNC_loop, R0, R1, R2, R3, R4, R8, R9 } from '../bpf/index.js';
import { DFA_MATCH_STATE, isRegexError, patternDfa, type RegexDfa, type RegexExpr } from '../lang/index.js';
import type { MapDecl } from '../wire/index.js';
import type { Region } from './frame.js';
import type { Lowering } from './lowering.js';
import { copyBuffer, evalString } from './strings.js';
import { invokeCallback, lowerCallback } from './subprograms.js';

/** The most DFA states a pattern may need, the match state included (a state is one table byte). */
export const MAX_REGEX_DFA_STATES = 256;

/** Offset of the transitions in the table: after the byte → class map. */
const TRANSITIONS = 256;

/** The walk's state words in scratch. */
const WALK = { position: 0, state: 8 } as const;
const WALK_BYTES = 16;

/** The table map of each pattern, per script (the tables list is the script's). */
const symbols = new WeakMap<MapDecl[], Map<string, string>>();

/** Evaluates `e` into r0: 1 when `=~` holds (or `!~` does), else 0. */
export function lowerRegexMatch(L: Lowering, e: RegexExpr): void {
  const dfa = patternDfa(e.pattern.value, MAX_REGEX_DFA_STATES);
  if (dfa === undefined) {
    L.unsupported(
      e.span,
      `regular expression matching with a pattern needing more than ${MAX_REGEX_DFA_STATES} DFA states`,
    );
  }
  if (isRegexError(dfa)) L.unsupported(e.pattern.span, 'this regular expression');
  const b = L.b;
  const src = evalString(L, e.left);
  const [yes, no] = e.op === '=~' ? [1, 0] : [0, 1];
  if (dfa.start === DFA_MATCH_STATE) {
    b.mov64(R0, yes);
    return;
  }
  const symbol = declareTable(L, e, dfa);
  const window = L.frame.scratch(src.bytes + 8);
  copyBuffer(L, src, L.slice(window, 0, src.bytes));
  L.zero(window, src.bytes, 8);
  const walk = L.frame.scratch(WALK_BYTES);
  const w = L.baseOf(walk);
  b.st(8, w.reg, w.off + WALK.position, 0).st(8, w.reg, w.off + WALK.state, dfa.start);
  const cb = lowerCallback(L, {
    ctxArg: R2,
    args: [],
    span: e.span,
    body: () => stepOne(L, dfa, symbol, window, walk, src.bytes),
  });
  invokeCallback(L, cb, BPF_FUNC_loop, () => b.mov64(R1, src.bytes + 1));
  const done = b.newLabel('regexMatched');
  const after = L.baseOf(walk);
  b.ldx(8, R1, after.reg, after.off + WALK.state)
    .mov64(R0, yes)
    .jeq(R1, DFA_MATCH_STATE, done)
    .mov64(R0, no)
    .label(done);
}

/** One byte of the walk: the next state, then a stop at the match state or the NUL. */
function stepOne(
  L: Lowering,
  dfa: RegexDfa,
  symbol: string,
  window: Region,
  walk: Region,
  last: number,
): void {
  const b = L.b;
  const stop = L.loops[L.loops.length - 1]!.breakTo;
  const w = L.baseOf(walk);
  // r8: the position; r1: its byte; r2: the table; r3: the class; r4: the transition's index.
  b.ldx(8, R8, w.reg, w.off + WALK.position).jgt(R8, last, stop);
  L.address(R9, window);
  b.add64(R9, R8).ldx(1, R1, R9, 0);
  b.ldMapValue(R2, symbol).mov64(R3, R2).add64(R3, R1).ldx(1, R3, R3, 0);
  b.ldx(8, R4, w.reg, w.off + WALK.state)
    .jge(R4, dfa.stateCount, stop)
    .mul64(R4, dfa.classCount)
    .add64(R4, R3)
    .jge(R4, dfa.stateCount * dfa.classCount, stop);
  b.add64(R2, R4).ldx(1, R0, R2, TRANSITIONS);
  b.stx(8, w.reg, w.off + WALK.state, R0)
    .jeq(R0, DFA_MATCH_STATE, stop)
    .jeq(R1, 0, stop);
  b.add64(R8, 1);
  b.stx(8, w.reg, w.off + WALK.position, R8);
}

/** The pattern's table map (declared once per script); its symbol. */
function declareTable(L: Lowering, e: RegexExpr, dfa: RegexDfa): string {
  const maps = L.shared.tableMaps;
  if (maps === undefined) return L.unsupported(e.span, 'regular expression matching here');
  let bySource = symbols.get(maps);
  if (bySource === undefined) {
    bySource = new Map();
    symbols.set(maps, bySource);
  }
  const known = bySource.get(e.pattern.value);
  if (known !== undefined) return known;
  const symbol = `regex_${bySource.size}`;
  const size = TRANSITIONS + dfa.next.length;
  const value = new Uint8Array(Math.ceil(size / 8) * 8);
  value.set(dfa.classOf, 0);
  value.set(dfa.next, TRANSITIONS);
  maps.push({
    symbol,
    name: `stap_re${bySource.size}`.slice(0, 15),
    kind: 'array',
    keyBytes: 4,
    valueBytes: value.length,
    maxEntries: 1,
    contents: [{ key: 0, value }],
  });
  bySource.set(e.pattern.value, symbol);
  return symbol;
}
