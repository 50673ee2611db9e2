/**
 * A Pike VM that reports what upstream's tagged DFA reports (stapregex-dfa.cxx). The DFA is a
 * subset construction of the same prioritised NFA (Laurikari's tagged NFA → TDFA): each state
 * keeps, for every NFA instruction, only the highest-priority thread reaching it, threads keep
 * their order from step to step, and a new search start is tried at every position below all
 * older ones (the unanchored prefix is a lazy `.*`). What stap then does with accepting threads
 * (span::emit_final) is *not* POSIX leftmost-longest:
 *
 * - the first position at which any thread accepts fixes the match start: the start of the
 *   highest-priority accepting thread there, i.e. the leftmost start among the matches that end
 *   first (`abcd|c` on "abcd" reports "c");
 * - later, whenever the highest-priority accepting thread has that same start and is longer, it
 *   replaces the match — tag by tag, only the tags it has set (a group it skipped keeps the
 *   value of the earlier match);
 * - `$` reads the NUL after the subject (positions after it are clamped by the caller); while
 *   the state after a NUL accepts, the NUL is read again.
 *
 * Where upstream differs from this model it is by accident: te_closure() stores a state's start
 * points with their old priorities but derives the others from rebalanced ones, and
 * find_equivalent() reuses states without comparing priorities, so in some patterns with nested
 * closures over alternatives two threads tie or swap and a different submatch wins (or
 * stap aborts on `assert (result != 0)`). Whether a pattern matches, and the whole match of
 * patterns without such nesting, are unaffected.
 */
import type { RegexProgram } from './program.js';

const OP_CHAR = 0;
const OP_SPLIT = 1;
const OP_JMP = 2;
const OP_SAVE = 3;
const OP_BEGIN = 4;
const OP_MATCH = 5;

/**
 * The program in typed arrays for the inner loops: `a` is the next (char, save, begin), preferred
 * (split) or target (jmp) instruction; `b` the other branch (split), the tag (save), or the row
 * of the char instruction's set in `members` (257 entries a row, the last for codes above 255).
 */
interface FlatProgram {
  readonly op: Uint8Array;
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly members: Uint8Array;
  readonly slotCount: number;
}

const flattened = new WeakMap<RegexProgram, FlatProgram>();

function flatten(program: RegexProgram): FlatProgram {
  const cached = flattened.get(program);
  if (cached) return cached;
  const size = program.insts.length;
  const op = new Uint8Array(size);
  const a = new Int32Array(size);
  const b = new Int32Array(size);
  const rows: Uint8Array[] = [];
  program.insts.forEach((inst, pc) => {
    switch (inst.op) {
      case 'char':
        op[pc] = OP_CHAR;
        a[pc] = inst.next;
        b[pc] = rows.length * 257;
        rows.push(inst.set.members);
        break;
      case 'split':
        op[pc] = OP_SPLIT;
        a[pc] = inst.prefer;
        b[pc] = inst.other;
        break;
      case 'jmp':
        op[pc] = OP_JMP;
        a[pc] = inst.target;
        break;
      case 'save':
        op[pc] = OP_SAVE;
        a[pc] = inst.next;
        b[pc] = inst.slot;
        break;
      case 'begin':
        op[pc] = OP_BEGIN;
        a[pc] = inst.next;
        break;
      case 'match':
        op[pc] = OP_MATCH;
        break;
    }
  });
  const members = new Uint8Array(rows.length * 257);
  rows.forEach((row, i) => {
    members.set(row, i * 257);
  });
  const flat = { op, a, b, members, slotCount: program.slotCount };
  flattened.set(program, flat);
  return flat;
}

/** Whether char instruction `pc` reads code `c`. */
function reads(p: FlatProgram, pc: number, c: number): boolean {
  return p.members[p.b[pc]! + (c > 255 ? 256 : c)] === 1;
}

/** Threads in priority order: their instructions, and their tag values a row each. */
class ThreadList {
  readonly pcs: Int32Array;
  readonly caps: Int32Array;
  length = 0;

  constructor(
    size: number,
    readonly slots: number,
  ) {
    this.pcs = new Int32Array(size);
    this.caps = new Int32Array(size * slots);
  }

  push(pc: number, caps: Int32Array): void {
    this.pcs[this.length] = pc;
    const to = this.length * this.slots;
    for (let k = 0; k < this.slots; k++) this.caps[to + k] = caps[k]!;
    this.length++;
  }

  /** Tag `slot` of thread `i`. */
  tag(i: number, slot: number): number {
    return this.caps[i * this.slots + slot]!;
  }

  copyRow(i: number, into: Int32Array): void {
    const from = i * this.slots;
    for (let k = 0; k < this.slots; k++) into[k] = this.caps[from + k]!;
  }

  row(i: number): Int32Array {
    return this.caps.subarray(i * this.slots, (i + 1) * this.slots);
  }

  /** Keeps the threads whose match started at or before `start` (they come first). */
  keepStartsUpTo(start: number): void {
    let kept = 0;
    while (kept < this.length && this.tag(kept, 0) <= start) kept++;
    this.length = kept;
  }
}

/**
 * Tag values of the match stap reports (2n: start, 2n+1: end of group n; -1 unset; values may be
 * subject.length + 1 after a `$`), or undefined when nothing matches.
 */
export function runTagged(program: RegexProgram, subject: string): Int32Array | undefined {
  return new TaggedVm(flatten(program)).run(subject);
}

class TaggedVm {
  private readonly marks: Uint32Array;
  private generation = 0;
  private list: ThreadList;
  private next: ThreadList;
  /** Tag values along the path being followed; `save` changes them and restores them after. */
  private readonly work: Int32Array;
  /** Pairs: an instruction to visit (pc, -1), or a tag to restore (-1 - slot, value). */
  private readonly stack: Int32Array;
  private best: Int32Array | undefined;

  constructor(private readonly p: FlatProgram) {
    const size = p.op.length;
    this.marks = new Uint32Array(size);
    this.list = new ThreadList(size, p.slotCount);
    this.next = new ThreadList(size, p.slotCount);
    this.work = new Int32Array(p.slotCount);
    // Each instruction is marked before it pushes at most two entries.
    this.stack = new Int32Array(2 * (2 * size + 1));
  }

  run(subject: string): Int32Array | undefined {
    const n = subject.length;
    this.generation++;
    this.work.fill(-1);
    this.follow(0, 0, true);
    this.swap();
    this.accept(0);
    for (let pos = 0; pos < n; pos++) {
      this.step(subject.charCodeAt(pos), pos + 1, this.best === undefined);
      this.accept(pos + 1);
      const best = this.best;
      if (best !== undefined) {
        // Later starts can neither update nor block the match; without a thread of the match's
        // own start nothing can change any more.
        this.list.keepStartsUpTo(best[0]!);
        const last = this.list.length - 1;
        if (last < 0 || this.list.tag(last, 0) !== best[0]) return best;
      }
    }
    // The NUL after the subject, read again for as long as the state it leads to accepts.
    for (let round = 0; round <= this.p.op.length; round++) {
      this.step(0, n + 1, false);
      if (!this.accept(n + 1)) break;
    }
    return this.best;
  }

  /** Threads after reading `c`, with tags saved as `pos`, then a new start below them. */
  private step(c: number, pos: number, withStart: boolean): void {
    this.generation++;
    const list = this.list;
    for (let i = 0; i < list.length; i++) {
      const pc = list.pcs[i]!;
      if (this.p.op[pc] === OP_CHAR && reads(this.p, pc, c)) {
        list.copyRow(i, this.work);
        this.follow(this.p.a[pc]!, pos, false);
      }
    }
    if (withStart) {
      this.work.fill(-1);
      this.follow(0, pos, false);
    }
    this.swap();
  }

  private swap(): void {
    const list = this.list;
    this.list = this.next;
    this.next = list;
    this.next.length = 0;
  }

  /** Adds the threads reachable from `pc` without reading, highest priority first. */
  private follow(pc: number, pos: number, atStart: boolean): void {
    const { op, a, b } = this.p;
    const { stack, work } = this;
    let top = 0;
    stack[top++] = pc;
    stack[top++] = -1;
    while (top > 0) {
      const value = stack[--top]!;
      const at = stack[--top]!;
      if (at < 0) {
        work[-1 - at] = value;
        continue;
      }
      if (this.marks[at] === this.generation) continue;
      this.marks[at] = this.generation;
      switch (op[at]) {
        case OP_CHAR:
        case OP_MATCH:
          this.next.push(at, work);
          break;
        case OP_SPLIT:
          stack[top++] = b[at]!;
          stack[top++] = -1;
          stack[top++] = a[at]!;
          stack[top++] = -1;
          break;
        case OP_JMP:
          stack[top++] = a[at]!;
          stack[top++] = -1;
          break;
        case OP_SAVE: {
          const slot = b[at]!;
          stack[top++] = -1 - slot;
          stack[top++] = work[slot]!;
          work[slot] = pos;
          stack[top++] = a[at]!;
          stack[top++] = -1;
          break;
        }
        case OP_BEGIN:
          if (atStart) {
            stack[top++] = a[at]!;
            stack[top++] = -1;
          }
          break;
      }
    }
  }

  /** Applies stap's rule for an accepting state at `pos`; false when no thread accepts. */
  private accept(pos: number): boolean {
    const list = this.list;
    let winner = 0;
    while (winner < list.length && this.p.op[list.pcs[winner]!] !== OP_MATCH) winner++;
    if (winner === list.length) return false;
    const caps = list.row(winner);
    const best = this.best;
    if (best === undefined) {
      this.best = caps.slice();
    } else if (caps[0] === best[0] && pos - caps[0]! > best[1]! - best[0]!) {
      for (let i = 0; i < caps.length; i++) if (caps[i]! >= 0) best[i] = caps[i]!;
    }
    return true;
  }
}

/** Whether the pattern matches anywhere in `subject` (no tags, first acceptance wins). */
export function runUntagged(program: RegexProgram, subject: string): boolean {
  return new UntaggedVm(flatten(program)).run(subject);
}

/** The same automaton over sets of instructions only: lists and stack are preallocated. */
class UntaggedVm {
  private readonly marks: Uint32Array;
  private generation = 0;
  private list: Int32Array;
  private listLength = 0;
  private next: Int32Array;
  private nextLength = 0;
  private readonly stack: Int32Array;

  constructor(private readonly p: FlatProgram) {
    const size = p.op.length;
    this.marks = new Uint32Array(size);
    this.list = new Int32Array(size);
    this.next = new Int32Array(size);
    // Each instruction is marked before it pushes at most two more.
    this.stack = new Int32Array(2 * size + 1);
  }

  run(subject: string): boolean {
    this.generation++;
    if (this.follow(0, true)) return true;
    this.swap();
    for (let pos = 0; pos < subject.length; pos++) {
      if (this.step(subject.charCodeAt(pos), true)) return true;
    }
    return this.step(0, false);
  }

  private step(c: number, withStart: boolean): boolean {
    this.generation++;
    let matched = false;
    for (let i = 0; i < this.listLength; i++) {
      const pc = this.list[i]!;
      if (reads(this.p, pc, c) && this.follow(this.p.a[pc]!, false)) matched = true;
    }
    if (withStart && this.follow(0, false)) matched = true;
    this.swap();
    return matched;
  }

  private swap(): void {
    const list = this.list;
    this.list = this.next;
    this.listLength = this.nextLength;
    this.next = list;
    this.nextLength = 0;
  }

  /** Adds the char instructions `pc` reaches to the next list; true when it reaches the match. */
  private follow(pc: number, atStart: boolean): boolean {
    const { op, a, b } = this.p;
    const stack = this.stack;
    let top = 0;
    stack[top++] = pc;
    let matched = false;
    while (top > 0) {
      const at = stack[--top]!;
      if (this.marks[at] === this.generation) continue;
      this.marks[at] = this.generation;
      switch (op[at]) {
        case OP_CHAR:
          this.next[this.nextLength++] = at;
          break;
        case OP_MATCH:
          matched = true;
          break;
        case OP_SPLIT:
          stack[top++] = b[at]!;
          stack[top++] = a[at]!;
          break;
        case OP_JMP:
        case OP_SAVE:
          stack[top++] = a[at]!;
          break;
        case OP_BEGIN:
          if (atStart) stack[top++] = a[at]!;
          break;
      }
    }
    return matched;
  }
}
