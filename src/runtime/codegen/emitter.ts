/**
 * Emission state of one generated JS function (a probe handler or a script function): its lines,
 * temporaries, loop labels, and the MAXACTION bookkeeping that mirrors translate.cxx's
 * `record_actions`: actions are counted at compile time in emission order and charged
 * (`c.ar -= N`) at the end of basic blocks or every 10 actions — exactly where stap's generated
 * C does, so a runaway loop stops after the same output.
 */
import type { Span } from '../../diag/index.js';
import type { ValueType } from '../../elaborate/index.js';
import type { SiteTable } from './sites.js';

export interface LoopLabels {
  /** `break` target: a JS label on the loop. */
  readonly breakLabel: string;
  /** `continue`: a JS statement that reaches stap's continue label. */
  readonly continueStmt: string;
}

export class FnEmitter {
  private readonly lines: string[] = [];
  private depth = 1;
  private temps = 0;
  private labels = 0;
  /** Actions counted but not yet charged (`action_counter`). */
  private actions = 0;
  readonly loops: LoopLabels[] = [];

  constructor(
    private readonly sites: SiteTable,
    /** `already_checked_action_count`: a finite body checks once on entry and never counts. */
    readonly finite: boolean,
    /** `--suppress-time-limits`. */
    private readonly noLimits: boolean,
    /** `function` for script functions (frame slot `d` is dynamic), `probe` for handlers. */
    readonly kind: 'probe' | 'function',
    readonly returnType: ValueType,
  ) {}

  line(text: string): void {
    this.lines.push('  '.repeat(this.depth) + text);
  }

  open(text: string): void {
    this.line(text);
    this.depth++;
  }

  close(text = '}'): void {
    this.depth--;
    this.line(text);
  }

  /** Ends one block and starts the next at the same depth (`} else {`). */
  reopen(text: string): void {
    this.depth--;
    this.line(text);
    this.depth++;
  }

  temp(): string {
    return `t${this.temps++}`;
  }

  label(prefix: string): string {
    return `${prefix}${this.labels++}`;
  }

  site(span: Span): number {
    return this.sites.add(span);
  }

  /**
   * record_actions(n, tok, update): count `n` more actions; charge them now when `update` (the
   * end of a basic block) or when 10 have piled up.
   */
  record(n: number, at: Span | undefined, update = false): void {
    const charge = this.charge(n, at, update);
    if (charge !== undefined) this.line(`${charge};`);
  }

  /** As `record`, for use inside an expression: the JS expression that charges, if any. */
  charge(n: number, at: Span | undefined, update: boolean): string | undefined {
    this.actions += n;
    if (((update && this.actions > 0) || this.actions >= 10) && !this.noLimits && !this.finite) {
      const site = at === undefined ? -1 : this.sites.add(at);
      const text = `((c.ar -= ${this.actions}) <= 0 && rt.maxact(c, d, ${site}))`;
      this.actions = 0;
      return text;
    }
    return undefined;
  }

  /** The body text, with the temporaries declared first. */
  body(): string {
    const decl: string[] = [];
    if (this.temps > 0) {
      const names = Array.from({ length: this.temps }, (_, i) => `t${i}`);
      for (let i = 0; i < names.length; i += 16) decl.push(`  let ${names.slice(i, i + 16).join(', ')};`);
    }
    return [...decl, ...this.lines].join('\n');
  }
}
