/**
 * The state of lowering one kernel probe handler, and the small pieces every construct uses:
 * addresses of buffers, spills, raising runtime errors, reporting what cannot be lowered.
 *
 * Register conventions: r6 holds the context pointer for the whole handler, r7 the per-CPU
 * scratch value (looked up once in the prologue when the handler uses it); r8/r9 are free
 * callee-saved temporaries for a construct that spans helper calls; r0–r5 are clobbered by every
 * helper call. A long expression leaves its value in r0 (see expressions.ts).
 */

import { type Label, ProgramBuilder, R0, R7, R10, type Register, W } from '../bpf/index.js';
import { type Diagnostic, makeSource, type Span } from '../diag/index.js';
import type { DerivedProbe, Program, ScriptFunction, Variable } from '../elaborate/index.js';
import { describeToken, type Expr, Lexer } from '../lang/index.js';
import {
  type DeferredSite,
  ERROR_RECORD,
  type ErrorCode,
  type GlobalStorage,
  type MapDecl,
  type OutputSite,
  RECORD_TYPE,
} from '../wire/index.js';
import type { Capacities } from './capacity.js';
import type { ContextTarget } from './context-target.js';
import { Frame, type Region } from './frame.js';
import type { CompileTimezone } from './timezone.js';

/** Where a runtime error was raised: the token stap blames and the probe it happened in. */
export interface ErrorSite {
  readonly span: Span;
  readonly probe: DerivedProbe;
}

/** What all handlers of one program share: sites and output formats are numbered globally. */
export interface SharedTables {
  readonly errorSites: ErrorSite[];
  readonly outputSites: OutputSite[];
  /** PRINTF_DEFERRED record ids index this (context-stack.ts). */
  readonly deferredSites?: DeferredSite[];
  readonly diagnostics: Diagnostic[];
  /** Lookup tables handlers read (a syscall probe's rows by call number), created with contents. */
  readonly tableMaps?: MapDecl[];
}

export interface LoweringOptions {
  readonly maxStringLen: number;
  /** MAXERRORS: after this many errors a kernel handler switches the session to ERROR. */
  readonly maxErrors: number;
  /** MAXACTION: the iteration cap of loops run through bpf_loop (loops.ts). */
  readonly maxAction?: number;
  /** Aggregates whose `@variance` is read somewhere: only they keep the Welford state. */
  readonly varianceUsed: ReadonlySet<Variable>;
  /** The running kernel's task layout and CPUs (context-target.ts). */
  readonly context?: ContextTarget;
  /** The local time zone at startup (timezone.ts). */
  readonly timezone?: () => CompileTimezone;
}

/** The top of the frame, where a raised error's record is assembled. */
export const ERROR_AREA_OFFSET = -ERROR_RECORD.bytes;
export const RESERVED_STACK_BYTES = ERROR_RECORD.bytes;

/** A local's home: a long on the stack, or a string buffer. */
export type LocalHome =
  | { readonly kind: 'long'; readonly slot: Region }
  | { readonly kind: 'string'; readonly buffer: Region };

/** Thrown to abandon a construct after reporting it; caught per statement. */
export class Unsupported {}

export class Lowering {
  readonly b = new ProgramBuilder();
  readonly frame = new Frame(RESERVED_STACK_BYTES);
  readonly locals = new Map<Variable, LocalHome>();
  /** `next` and the end of the handler: return 0. */
  readonly exitLabel: Label;
  /** Sends the error record at ERROR_AREA_OFFSET, counts the error, then exits. */
  readonly errorLabel: Label;
  raisesErrors = false;
  /** The innermost loop's `break` and `continue` targets last. */
  readonly loops: { readonly breakTo: Label; readonly continueTo: Label }[] = [];
  /** The script functions being inlined, innermost last (see functions.ts). */
  readonly inlining: {
    readonly fn: ScriptFunction;
    /** `return` jumps here, past the inlined body. */
    readonly end: Label;
    readonly kind: 'long' | 'string' | 'none';
    readonly result: Region | undefined;
  }[] = [];
  /**
   * The try blocks around the construct being lowered, innermost last (errors-try.ts): an error
   * raised inside one jumps to its catch block, after `raised` has written the catch variable.
   */
  readonly catchers: {
    readonly label: Label;
    /** Where the message goes (the catch variable's buffer), if the catch names one. */
    readonly message: Region | undefined;
    readonly raised: (code: ErrorCode, argument?: Register, detail?: Register) => void;
  }[] = [];
  /** Some instruction loads the read-only zeros map (new aggregate elements). */
  usesZeros = false;
  #failed = false;

  constructor(
    readonly program: Program,
    readonly probe: DerivedProbe,
    readonly storage: ReadonlyMap<Variable, GlobalStorage>,
    readonly capacities: Capacities,
    readonly shared: SharedTables,
    readonly options: LoweringOptions,
  ) {
    this.exitLabel = this.b.newLabel('exit');
    this.errorLabel = this.b.newLabel('error');
  }

  get usesScratch(): boolean {
    return this.frame.scratchBytes > 0;
  }

  /** Whether a construct of this handler was refused (the program is not loadable). */
  get failed(): boolean {
    return this.#failed;
  }

  // ---------------------------------------------------------------- diagnostics

  /** Reports a construct the kernel side cannot run (`message` says why), and abandons the statement. */
  refuse(span: Span, message: string): never {
    this.#failed = true;
    this.shared.diagnostics.push({
      category: 'translate',
      severity: 'error',
      code: 'T400',
      message,
      span,
      subject: { label: 'at', description: tokenAt(span) },
    });
    throw new Unsupported();
  }

  /** Reports a construct the kernel side cannot run yet, and abandons the statement. */
  unsupported(span: Span, what: string): never {
    this.#failed = true;
    this.shared.diagnostics.push({
      category: 'translate',
      severity: 'error',
      code: 'T400',
      message: `${what} is not supported in kernel probes yet`,
      span,
      subject: { label: 'at', description: tokenAt(span) },
    });
    throw new Unsupported();
  }

  /** A limit of the BPF machine the handler went past (stack, scratch). */
  tooBig(message: string): void {
    this.#failed = true;
    this.shared.diagnostics.push({
      category: 'translate',
      severity: 'error',
      code: 'T401',
      message,
      span: this.probe.written.span,
      subject: { label: 'at', description: tokenAt(this.probe.written.span) },
    });
  }

  // ---------------------------------------------------------------- types and capacities

  isString(e: Expr): boolean {
    return e.kind === 'String' || this.program.types.get(e) === 'string';
  }

  // ---------------------------------------------------------------- memory

  /** `reg = &buffer + extra`. */
  address(reg: Register, buffer: Region, extra = 0): void {
    this.b.mov64(reg, buffer.base === 'stack' ? R10 : R7);
    const offset = buffer.offset + extra;
    if (offset !== 0) this.b.add64(reg, offset);
  }

  /** The register and offset to reach `buffer + extra` with a load or store. */
  baseOf(buffer: Region, extra = 0): { readonly reg: Register; readonly off: number } {
    return { reg: buffer.base === 'stack' ? R10 : R7, off: buffer.offset + extra };
  }

  /** A sub-range of a buffer, as a buffer. */
  slice(buffer: Region, offset: number, bytes: number): Region {
    return { base: buffer.base, offset: buffer.offset + offset, bytes };
  }

  /** Stores zeros over `bytes` bytes (a multiple of 8) of `buffer` from `from`. */
  zero(buffer: Region, from = 0, bytes = buffer.bytes - from): void {
    const { reg, off } = this.baseOf(buffer, from);
    let k = 0;
    for (; k + 8 <= bytes; k += 8) this.b.st(8, reg, off + k, 0);
    for (; k + 4 <= bytes; k += 4) this.b.st(4, reg, off + k, 0);
    for (; k < bytes; k++) this.b.st(1, reg, off + k, 0);
  }

  /** Saves r0 in a fresh stack slot. */
  spill(): Region {
    const slot = this.frame.slot();
    this.b.stx(8, R10, slot.offset, R0);
    return slot;
  }

  reload(reg: Register, slot: Region): void {
    this.b.ldx(8, reg, R10, slot.offset);
  }

  // ---------------------------------------------------------------- runtime errors

  /**
   * Aborts the handler with a runtime error blamed on `span`: fills the error record (the
   * argument and detail from registers, or zero) and jumps to the shared error tail.
   */
  raise(span: Span, code: ErrorCode, argument?: Register, detail?: Register): void {
    const catcher = this.catchers[this.catchers.length - 1];
    if (catcher !== undefined) {
      catcher.raised(code, argument, detail);
      this.b.ja(catcher.label);
      return;
    }
    this.raisesErrors = true;
    const site = this.shared.errorSites.length;
    this.shared.errorSites.push({ span, probe: this.probe });
    const at = ERROR_AREA_OFFSET;
    this.b.st(W, R10, at, RECORD_TYPE.error);
    this.b.st(W, R10, at + 4, site);
    this.b.st(W, R10, at + ERROR_RECORD.code, code);
    if (detail === undefined) this.b.st(W, R10, at + ERROR_RECORD.detail, 0);
    else this.b.stx(W, R10, at + ERROR_RECORD.detail, detail);
    if (argument === undefined) this.b.st(8, R10, at + ERROR_RECORD.argument, 0);
    else this.b.stx(8, R10, at + ERROR_RECORD.argument, argument);
    this.b.ja(this.errorLabel);
  }
}

/** The token starting at `span`, described the way stap prints tokens (`operator '/'`). */
export function tokenAt(span: Span): string {
  const rest = span.source.text.slice(span.start);
  const token = new Lexer(makeSource(span.source.name, rest, span.source.library), []).next();
  return token === undefined ? '<unknown>' : describeToken(token);
}
