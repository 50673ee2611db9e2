/**
 * A DFA for the boolean `subject =~ pattern` over bytes, for matchers that cannot run the Pike VM
 * (BPF handlers): the subset construction of the untagged VM (pike-vm.ts `runUntagged`), so it
 * answers exactly as the user-space engines do.
 *
 * - A state is the set of char instructions the VM's thread list holds; a new search start is
 *   added after every subject byte (the unanchored prefix), `^` passes only in the start state.
 * - State 0 is the match: reached as soon as any thread accepts, it never leaves (every entry of
 *   its row is 0), so a walker may stop there.
 * - Bytes are grouped into classes that every char instruction treats alike; class 0 is the NUL
 *   alone, read once after the subject (where `$` is read, with no new search start): its entry
 *   is 0 when the subject matches, any other state when it does not.
 */
import { compileRegex } from './compile.js';
import { isRegexError, type RegexError } from './error.js';
import { compileProgram, type RegexProgram } from './program.js';

export interface RegexDfa {
  /** `classOf[byte]`: the byte's class; only NUL is in class 0. */
  readonly classOf: Uint8Array;
  readonly classCount: number;
  readonly stateCount: number;
  /** Where a walk starts (0 when the pattern matches before reading anything). */
  readonly start: number;
  /** `next[state * classCount + class]`. */
  readonly next: Uint16Array;
}

/** The state a walk stops in when the subject matches. */
export const DFA_MATCH_STATE = 0;

/** The DFA, or undefined when it would need more than `maxStates` states (the match state included). */
export function buildRegexDfa(program: RegexProgram, maxStates: number): RegexDfa | undefined {
  const insts = program.insts;
  const { classOf, classCount, representative } = byteClasses(program);
  const marks = new Uint32Array(insts.length);
  let generation = 0;

  /** Adds the char instructions reachable from `pc` to `into`; true when `match` is reachable. */
  const follow = (pc: number, atStart: boolean, into: number[]): boolean => {
    const stack = [pc];
    let matched = false;
    while (stack.length > 0) {
      const at = stack.pop()!;
      if (marks[at] === generation) continue;
      marks[at] = generation;
      const inst = insts[at]!;
      switch (inst.op) {
        case 'char':
          into.push(at);
          break;
        case 'match':
          matched = true;
          break;
        case 'split':
          stack.push(inst.other, inst.prefer);
          break;
        case 'jmp':
          stack.push(inst.target);
          break;
        case 'save':
          stack.push(inst.next);
          break;
        case 'begin':
          if (atStart) stack.push(inst.next);
          break;
      }
    }
    return matched;
  };

  const states: number[][] = [[]];
  const ids = new Map<string, number>();
  /** The id of the state holding `pcs` (0 when `matched`), or -1 past the limit. */
  const intern = (pcs: number[], matched: boolean): number => {
    if (matched) return DFA_MATCH_STATE;
    pcs.sort((a, b) => a - b);
    const key = pcs.join(',');
    let id = ids.get(key);
    if (id === undefined) {
      if (states.length >= maxStates) return -1;
      id = states.length;
      states.push(pcs);
      ids.set(key, id);
    }
    return id;
  };

  generation++;
  const first: number[] = [];
  const start = intern(first, follow(0, true, first));
  if (start < 0) return undefined;
  const rows: number[][] = [new Array<number>(classCount).fill(DFA_MATCH_STATE)];
  for (let s = 1; s < states.length; s++) {
    const pcs = states[s]!;
    const row: number[] = [];
    for (let k = 0; k < classCount; k++) {
      const byte = representative[k]!;
      generation++;
      const reached: number[] = [];
      let matched = false;
      for (const pc of pcs) {
        const inst = insts[pc]!;
        if (inst.op === 'char' && inst.set.members[byte] === 1 && follow(inst.next, false, reached))
          matched = true;
      }
      if (k === 0) {
        // The NUL after the subject: only whether it accepts matters.
        row.push(matched ? DFA_MATCH_STATE : s);
        continue;
      }
      if (follow(0, false, reached)) matched = true;
      const id = intern(reached, matched);
      if (id < 0) return undefined;
      row.push(id);
    }
    rows.push(row);
  }
  const next = new Uint16Array(states.length * classCount);
  rows.forEach((row, s) => {
    next.set(row, s * classCount);
  });
  return { classOf, classCount, stateCount: states.length, start, next };
}

/**
 * The DFA of a pattern as stap spells it (decoded): the pattern's error when stap refuses it,
 * undefined when the DFA would need more than `maxStates` states.
 */
export function patternDfa(pattern: string, maxStates: number): RegexDfa | RegexError | undefined {
  const compiled = compileRegex(pattern);
  if (isRegexError(compiled)) return compiled;
  const program = compileProgram(compiled.ast);
  return program === undefined ? undefined : buildRegexDfa(program, maxStates);
}

/** Runs the DFA on a byte string (char codes 0–255), up to its first NUL. */
export function runRegexDfa(dfa: RegexDfa, subject: string): boolean {
  let state = dfa.start;
  for (let i = 0; i <= subject.length && state !== DFA_MATCH_STATE; i++) {
    const byte = i < subject.length ? subject.charCodeAt(i) & 0xff : 0;
    state = dfa.next[state * dfa.classCount + dfa.classOf[byte]!]!;
    if (byte === 0) break;
  }
  return state === DFA_MATCH_STATE;
}

/**
 * Groups bytes 1–255 by which char instructions read them (refining the partition by one set
 * at a time); NUL is class 0 on its own.
 */
function byteClasses(program: RegexProgram): {
  classOf: Uint8Array;
  classCount: number;
  representative: number[];
} {
  const part = new Int32Array(256).fill(1);
  part[0] = 0;
  let count = 2;
  const split = new Int32Array(2 * 256);
  for (const inst of program.insts) {
    if (inst.op !== 'char') continue;
    split.fill(-1, 0, 2 * count);
    let fresh = 1;
    for (let byte = 1; byte < 256; byte++) {
      const slot = 2 * part[byte]! + inst.set.members[byte]!;
      if (split[slot] === -1) split[slot] = fresh++;
      part[byte] = split[slot]!;
    }
    count = fresh;
  }
  const classOf = new Uint8Array(256);
  const representative = [0];
  for (let byte = 1; byte < 256; byte++) {
    if (representative[part[byte]!] === undefined) representative[part[byte]!] = byte;
    classOf[byte] = part[byte]!;
  }
  return { classOf, classCount: count, representative };
}
