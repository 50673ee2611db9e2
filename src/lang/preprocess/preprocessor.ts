/**
 * The preprocessor: stap's two stages between lexer and parser. Stage one (`MacroExpander`)
 * handles `@define` and macro invocations; stage two, here (stap's `scan_pp`/`skip_pp`), keeps
 * the tokens of the true branch of each `%( COND %? THEN %: ELSE %)` and drops the rest.
 *
 * COND is one or more `LEFT OP RIGHT` tests joined by `&&` (binding tighter) and `||`, all of
 * them evaluated (no short cut, so an error anywhere is reported). A skipped branch is scanned
 * only for nested `%(`/`%)`, with macros still expanded but `@define` ignored and errors
 * dropped, as in stap.
 *
 * stap throws on the first mistake and lets the parser resynchronise; here each mistake is
 * reported and the malformed directive dropped, so the parser sees a sensible token stream.
 */
import type { DiagnosticSink } from '../../diag/index.js';
import type { Lexer } from '../lexer.js';
import type { PreprocessContext } from '../preprocess-context.js';
import type { Token } from '../token.js';
import { evaluateCondition } from './condition.js';
import { type MacroDefinition, MacroExpander, type MacroTable } from './macros.js';
import { PREPROCESS_CODES as CODES, PreprocessReporter } from './report.js';

type BranchState = 'keep-then' | 'skip-then' | 'keep-else' | 'skip-else';

/** A `%(` whose `%)` has not been seen yet. */
interface OpenConditional {
  readonly open: Token;
  state: BranchState;
  /** Its condition was malformed: both branches are dropped. */
  readonly broken: boolean;
  /** Its `%?` was missing where expected: the first `%?` met at its level is taken as it. */
  awaitingThen: boolean;
}

function isOp(t: Token | undefined, text: string): boolean {
  return t !== undefined && t.kind === 'operator' && t.text === text;
}

export class Preprocessor {
  /**
   * The right-hand token of the last successful `systemtap_v` test. stap's parser clears it
   * before each declaration and marks the declaration as version-dependent if it gets set
   * (`--check-version`); the parser may do the same.
   */
  systemtapVersionSeen: Token | undefined;

  private readonly reporter: PreprocessReporter;
  private readonly macros: MacroExpander;
  private readonly open: OpenConditional[] = [];

  constructor(
    lexer: Lexer,
    private readonly ctx: PreprocessContext,
    sink: DiagnosticSink,
    libraryMacros: MacroTable = new Map(),
  ) {
    this.reporter = new PreprocessReporter(sink, lexer.source.name, lexer.args.length);
    this.macros = new MacroExpander(lexer, libraryMacros, this.reporter, ctx.compatible);
  }

  /** Macros this file defined (a `.stpm` library's, once it has been read through). */
  get localMacros(): ReadonlyMap<string, MacroDefinition> {
    return this.macros.local;
  }

  /** Errors the preprocessor itself reported (lexer junk is the parser's to report). */
  get errorCount(): number {
    return this.reporter.errorCount;
  }

  next(): Token | undefined {
    for (;;) {
      const top = this.open.length === 0 ? undefined : this.open[this.open.length - 1];
      const skipping = top !== undefined && (top.state === 'skip-then' || top.state === 'skip-else');
      const t = skipping ? this.skipBranch() : this.macros.scan();

      if (t === undefined) {
        // Every conditional still open is reported, innermost first.
        for (let c = this.open.pop(); c; c = this.open.pop()) {
          this.reporter.error(CODES.unclosedConditional, 'incomplete conditional at end of file', c.open);
        }
        return undefined;
      }
      if (t.kind !== 'operator' || t.text.charCodeAt(0) !== 37 /* % */) {
        this.reporter.lastToken = t;
        return t;
      }

      switch (t.text) {
        case '%?':
          if (top?.awaitingThen) top.awaitingThen = false;
          else this.reporter.error(CODES.missingConditionalOpen, "incomplete conditional - missing '%('", t);
          continue;
        case '%:':
          this.elseMarker(t, top);
          continue;
        case '%)':
          if (top) this.open.pop();
          else this.reporter.error(CODES.missingConditionalOpen, "incomplete conditional - missing '%('", t);
          continue;
        case '%(':
          this.condition(t);
          continue;
        default:
          this.reporter.lastToken = t;
          return t;
      }
    }
  }

  /** `%:`: switches the innermost conditional to its else branch. */
  private elseMarker(t: Token, top: OpenConditional | undefined): void {
    if (!top) {
      this.reporter.error(CODES.missingConditionalOpen, "incomplete conditional - missing '%('", t);
      return;
    }
    if (top.state === 'keep-else' || top.state === 'skip-else') {
      this.reporter.error(CODES.duplicateElse, "invalid conditional - duplicate '%:'", t);
      return;
    }
    top.awaitingThen = false;
    top.state = top.state === 'keep-then' || top.broken ? 'skip-else' : 'keep-else';
  }

  /**
   * `%(` COND `%?`: evaluates the condition and opens the conditional. After a malformed test
   * the rest of the condition is read but not evaluated, and both branches are dropped.
   */
  private condition(open: Token): void {
    let result = false;
    let all = true;
    let broken = false;
    let after: Token | undefined;
    for (;;) {
      const left = this.macros.scan();
      const op = this.macros.scan();
      const right = this.macros.scan();
      if (!left || !op || !right) {
        if (!broken) this.reporter.error(CODES.incompleteCondition, "incomplete condition after '%('", open);
        return;
      }
      if (!broken) {
        const outcome = evaluateCondition(left, op, right, this.ctx);
        if (outcome.kind === 'error') {
          this.reporter.error(outcome.code, outcome.message, outcome.token);
          broken = true;
        } else {
          all &&= outcome.value;
          if (left.text === 'systemtap_v') this.systemtapVersionSeen = right;
        }
      }
      after = this.macros.scan();
      if (isOp(after, '&&')) continue;
      result ||= all;
      all = true;
      if (!isOp(after, '||')) break;
    }
    if (isOp(after, '%?')) {
      const state = broken || !result ? 'skip-then' : 'keep-then';
      this.open.push({ open, state, broken, awaitingThen: false });
      return;
    }
    if (!broken) this.reporter.error(CODES.expectedThenMarker, "expected '%?' marker for conditional", open);
    if (after === undefined) return;
    // Recovery: drop the whole conditional, taking the next `%?` at its level as its marker.
    this.macros.unscan(after);
    this.open.push({ open, state: 'skip-then', broken: true, awaitingThen: true });
  }

  /**
   * Drops the tokens of a skipped branch up to the `%?`, `%:` or `%)` that belongs to it, which
   * it returns (undefined at the end of input). Nested conditionals are skipped whole.
   */
  private skipBranch(): Token | undefined {
    const reporter = this.reporter;
    const wasQuiet = reporter.quiet;
    reporter.quiet = true;
    try {
      let depth = 0;
      for (;;) {
        const t = this.macros.scan(true);
        if (t === undefined) return undefined;
        if (t.kind !== 'operator') continue;
        if (t.text === '%(') depth++;
        else if (depth > 0 && t.text === '%)') depth--;
        else if (depth === 0 && (t.text === '%:' || t.text === '%?' || t.text === '%)')) return t;
      }
    } finally {
      reporter.quiet = wasQuiet;
    }
  }
}
