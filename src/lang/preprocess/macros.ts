/**
 * Preprocessor stage one (stap's `scan_pp1`): `@define` macro definitions and `@NAME`
 * invocations, expanded before any `%( %)` conditional is looked at.
 *
 * A definition is `@define NAME %( BODY %)` or `@define NAME(a, b) %( ... @a ... %)`; the body
 * is kept as raw tokens (nested `%( %)` pairs included) and expanded each time it is used.
 * Invoking a macro with parameters takes `(arg, arg)`: each argument is the raw tokens up to an
 * unbracketed `,` or `)`, bound as a closure that expands in the context of the invocation
 * (so `@a` inside a body means what the caller's tokens mean where the caller wrote them).
 * A parameterless macro leaves a following `(...)` alone. Unknown `@words` pass through.
 */
import type { Span } from '../../diag/index.js';
import type { Lexer } from '../lexer.js';
import { AT_WORDS, LexToken, type Token } from '../token.js';
import { PREPROCESS_CODES as CODES, type PreprocessReporter } from './report.js';
import { strverscmp } from './strverscmp.js';

/** A macro as `@define` declared it. */
export interface MacroDefinition {
  readonly name: string;
  /** The identifier after `@define`: where "first defined here" points. */
  readonly nameToken: Token;
  readonly params: readonly string[];
  /** Raw (unexpanded) tokens between `%(` and `%)`. */
  readonly body: readonly Token[];
  /** From a `.stpm` library: its body sees only library macros and its own parameters. */
  readonly library: boolean;
}

/** Macros by name (without the `@`). */
export type MacroTable = Map<string, MacroDefinition>;

/** A macro parameter bound at an invocation: its argument tokens and the caller's context. */
interface Binding {
  readonly params: readonly string[];
  readonly body: readonly Token[];
  readonly library: false;
  /** The activation that was current where the argument was written (none at top level). */
  readonly caller: Activation | undefined;
}

type Expandable = MacroDefinition | Binding;

/** One macro (or parameter) being expanded. */
interface Activation {
  /** The `@NAME` token; expanded tokens are located here (`expandedFrom`). */
  readonly invocation: Token;
  readonly macro: Expandable;
  cursor: number;
  readonly bindings: ReadonlyMap<string, Binding>;
}

/** Nesting beyond this is a runaway recursive macro (stap itself would exhaust memory). */
const MAX_EXPANSION_DEPTH = 1000;

/** `@words` that became reserved in a later language version, by that version. */
const AT_WORD_SINCE: Readonly<Record<string, string>> = {
  '@const': '3.1',
  '@variance': '3.1',
  '@kregister': '4.0',
  '@uregister': '4.0',
  '@kderef': '4.0',
  '@uderef': '4.0',
  '@enum': '5.5',
  '@enumname': '5.6',
};

function isOp(t: Token | undefined, text: string): boolean {
  return t !== undefined && t.kind === 'operator' && t.text === text;
}

/** Top-level keywords: recovery from a malformed `@define` stops before them. */
const DECLARATION_KEYWORDS: ReadonlySet<string> = new Set(['probe', 'global', 'function', 'private']);

export class MacroExpander {
  /** Macros defined in this file. */
  readonly local: MacroTable = new Map();
  private readonly stack: Activation[] = [];
  /** A raw lexer token given back after looking one ahead. */
  private pendingRaw: Token | undefined;
  /** An expanded token given back by the conditional stage. */
  private pendingExpanded: Token | undefined;

  constructor(
    private readonly lexer: Lexer,
    private readonly library: MacroTable,
    private readonly report: PreprocessReporter,
    private readonly compatible: string,
  ) {}

  /** Hands back a token `scan` returned; the next `scan` returns it again. */
  unscan(token: Token): void {
    this.pendingExpanded = token;
  }

  /**
   * The next token after macro processing, or undefined at the end of input. With
   * `ignoreDefinitions` (inside a skipped conditional branch), `@define` is an ordinary token
   * and so defines nothing; invocations are still expanded, as in stap.
   */
  scan(ignoreDefinitions = false): Token | undefined {
    const given = this.pendingExpanded;
    if (given) {
      this.pendingExpanded = undefined;
      return given;
    }
    for (;;) {
      // Straight from the lexer when nothing is expanding or given back (the usual case).
      const t =
        this.stack.length === 0 && this.pendingRaw === undefined ? this.lexer.next() : this.nextToken();
      if (t === undefined) {
        if (this.stack.length === 0) return undefined;
        this.stack.pop();
        continue;
      }
      if (t.kind !== 'operator' || t.text.charCodeAt(0) !== 64 /* @ */) return t;
      if (t.text === '@define' && !ignoreDefinitions) {
        this.define(t);
        continue;
      }
      const macro = this.lookup(t.text.slice(1));
      if (!macro) return t;
      this.invoke(t, macro);
    }
  }

  // ---------------------------------------------------------------- token supply

  /** The innermost activation. (Reading past the end of an array is slow in V8: check first.) */
  private current(): Activation | undefined {
    const n = this.stack.length;
    return n === 0 ? undefined : this.stack[n - 1];
  }

  /** The next token of the current input: the innermost macro body, or the file. */
  private nextToken(): Token | undefined {
    if (this.stack.length === 0) return this.nextRaw();
    const act = this.stack[this.stack.length - 1]!;
    const body = act.macro.body;
    if (act.cursor >= body.length) return undefined;
    return expandedAt(body[act.cursor++]!, act.invocation.span);
  }

  /** Gives back the token `nextToken` just returned. */
  private unread(t: Token): void {
    const act = this.current();
    if (act) act.cursor--;
    else this.pendingRaw = t;
  }

  private nextRaw(): Token | undefined {
    const t = this.pendingRaw;
    if (t) {
      this.pendingRaw = undefined;
      return t;
    }
    return this.lexer.next();
  }

  // ---------------------------------------------------------------- definitions

  /** `@define NAME [(a, b)] %( body %)`, the `@define` already read. */
  private define(defineToken: Token): void {
    if (this.stack.length > 0) {
      this.report.error(CODES.defineInMacroBody, "'@define' forbidden inside macro body", defineToken);
      return;
    }
    const nameToken = this.nextRaw();
    if (nameToken?.kind !== 'identifier') {
      this.report.error(CODES.expectedMacroName, 'expected identifier', nameToken);
      this.skipDefinition(nameToken);
      return;
    }
    const name = nameToken.text;
    const first = this.local.get(name);
    if (first) {
      this.report.error(
        CODES.macroRedefined,
        `attempt to redefine macro '@${name}' in the same file`,
        nameToken,
        {
          message: `macro '@${name}' first defined here`,
          span: first.nameToken.span,
        },
      );
      this.skipDefinition(this.nextRaw());
      return;
    }
    if (name === 'define') {
      this.report.error(CODES.defineRedefined, "attempt to redefine '@define'", nameToken);
      this.skipDefinition(this.nextRaw());
      return;
    }
    if (this.isReservedAtWord(`@${name}`)) {
      this.report.warning(
        CODES.macroShadowsOperator,
        `macro redefines built-in operator '@${name}'`,
        nameToken,
      );
    }
    // Registered before its signature is read, as in stap: a malformed definition still
    // defines the macro (with the parameters read so far and an empty body).
    const params: string[] = [];
    const body: Token[] = [];
    this.local.set(name, { name, nameToken, params, body, library: false });

    let t = this.nextRaw();
    const sawParams = isOp(t, '(');
    if (sawParams) {
      for (;;) {
        t = this.nextRaw();
        if (t?.kind !== 'identifier') {
          this.report.error(CODES.expectedMacroName, 'expected identifier', t);
          this.skipDefinition(t);
          return;
        }
        params.push(t.text);
        t = this.nextRaw();
        if (isOp(t, ',')) continue;
        if (isOp(t, ')')) {
          t = this.nextRaw();
          break;
        }
        this.report.error(CODES.expectedCommaOrParen, "expected ',' or ')'", t);
        this.skipDefinition(t);
        return;
      }
    }
    if (!isOp(t, '%(')) {
      this.report.error(CODES.expectedBody, sawParams ? "expected '%('" : "expected '%(' or '('", t);
      this.skipDefinition(t);
      return;
    }
    if (!this.slurpBody(body)) {
      this.report.error(CODES.unclosedMacroBody, "incomplete macro definition - missing '%)'", nameToken);
    }
  }

  /**
   * Recovery from a malformed definition, starting at token `t`: drops what still looks like
   * its signature and, if a `%(` follows, the body through its `%)`. Stops (keeping the token)
   * at anything else, so a following `probe` or statement is parsed normally.
   */
  private skipDefinition(t: Token | undefined): void {
    for (; t !== undefined; t = this.nextRaw()) {
      if (isOp(t, '%(')) {
        this.slurpBody([]);
        return;
      }
      const signatureLike =
        t.kind === 'identifier' ||
        t.kind === 'number' ||
        t.kind === 'junk' ||
        (t.kind === 'keyword' && !DECLARATION_KEYWORDS.has(t.text)) ||
        isOp(t, '(') ||
        isOp(t, ')') ||
        isOp(t, ',');
      if (!signatureLike) {
        this.pendingRaw = t;
        return;
      }
    }
  }

  /** Collects a body up to the `%)` matching the `%(` already read; false at end of input. */
  private slurpBody(body: Token[]): boolean {
    let depth = 0;
    for (;;) {
      const t = this.nextToken();
      if (t === undefined) return false;
      if (isOp(t, '%(')) depth++;
      else if (isOp(t, '%)')) {
        if (depth === 0) return true;
        depth--;
      }
      body.push(t);
    }
  }

  private isReservedAtWord(word: string): boolean {
    if (!AT_WORDS.has(word)) return false;
    const since = AT_WORD_SINCE[word];
    return since === undefined || strverscmp(this.compatible, since) >= 0;
  }

  // ---------------------------------------------------------------- invocations

  /**
   * What `@name` refers to: a parameter of the macro being expanded, else a macro of this file
   * (not from inside a library macro's body), else a library macro.
   */
  private lookup(name: string): Expandable | undefined {
    const act = this.current();
    const binding = act?.bindings.get(name);
    if (binding) return binding;
    if (!act?.macro.library) {
      const local = this.local.get(name);
      if (local) return local;
    }
    return this.library.get(name);
  }

  /** Starts expanding `macro`, first reading its arguments if it takes any. */
  private invoke(invocation: Token, macro: Expandable): void {
    if (this.stack.length >= MAX_EXPANSION_DEPTH) {
      this.report.error(
        CODES.expansionTooDeep,
        `macro expansion nested more than ${MAX_EXPANSION_DEPTH} deep (recursive macro '${invocation.text}'?)`,
        invocation,
      );
      this.stack.length = 0;
      return;
    }
    const caller = this.current();
    const count = macro.params.length;
    if (count === 0) {
      // A parameter expands with the bindings of the place its argument was written.
      const bindings = 'caller' in macro && macro.caller ? macro.caller.bindings : new Map<string, Binding>();
      this.stack.push({ invocation, macro, cursor: 0, bindings });
      return;
    }
    const bindings = this.readArguments(invocation, macro, caller);
    if (bindings) this.stack.push({ invocation, macro, cursor: 0, bindings });
  }

  /**
   * Reads `(arg, ...)` for a macro taking parameters. On a mismatch it reports stap's error;
   * outside skipped code it then recovers (missing arguments are empty, extra ones dropped),
   * while inside skipped code it does what stap does after its error: drops the invocation.
   */
  private readArguments(
    invocation: Token,
    macro: Expandable,
    caller: Activation | undefined,
  ): Map<string, Binding> | undefined {
    const name = invocation.text;
    const count = macro.params.length;
    const open = this.nextToken();
    if (!isOp(open, '(')) {
      const noun = count === 1 ? 'parameter' : 'parameters';
      this.report.error(
        CODES.expectedInvocationParen,
        `expected '(' in invocation of macro '${name}' taking ${count} ${noun}`,
        open,
      );
      if (open && !this.report.quiet) this.unread(open);
      return undefined;
    }
    const bindings = new Map<string, Binding>();
    for (let i = 0; i < count; i++) {
      const body: Token[] = [];
      bindings.set(macro.params[i]!, { params: [], body, library: false, caller });
      const separator = this.slurpArgument(body);
      if (separator === undefined) {
        this.report.error(CODES.unclosedInvocation, 'could not find end of macro invocation', invocation);
        return undefined;
      }
      if (separator.text === ',' && i + 1 === count) {
        this.report.error(
          CODES.tooManyArguments,
          `too many parameters for macro '${name}' (expected ${count})`,
          separator,
        );
        if (this.report.quiet) return undefined;
        let more: Token | undefined = separator;
        while (more?.text === ',') more = this.slurpArgument([]);
        return bindings;
      }
      if (separator.text === ')' && i + 1 !== count) {
        this.report.error(
          CODES.tooFewArguments,
          `too few parameters for macro '${name}' (expected ${count})`,
          separator,
        );
        if (this.report.quiet) return undefined;
        for (let j = i + 1; j < count; j++)
          bindings.set(macro.params[j]!, { params: [], body: [], library: false, caller });
        return bindings;
      }
    }
    return bindings;
  }

  /**
   * Collects one argument: tokens up to a `,` or `)` outside brackets (`(`/`[` open one, `)`/`]`
   * close one, without checking they pair up, as stap). Returns that separator, or undefined
   * at the end of the input (or of the macro body being expanded).
   */
  private slurpArgument(body: Token[]): Token | undefined {
    let depth = 0;
    for (;;) {
      const t = this.nextToken();
      if (t === undefined) return undefined;
      if (t.kind === 'operator') {
        const op = t.text;
        if (op === '(' || op === '[') depth++;
        else if (depth > 0 && (op === ')' || op === ']')) depth--;
        else if (depth === 0 && (op === ')' || op === ',')) return t;
      }
      body.push(t);
    }
  }
}

/** A body token as it appears when expanded at `invocation`. */
function expandedAt(t: Token, invocation: Span): Token {
  const { source, start, end, line, col } = t.span;
  const span: Span = { source, start, end, line, col, expandedFrom: invocation };
  if (t.junk === undefined) return new LexToken(t.kind, t.text, span, t.spaceBefore);
  return { kind: t.kind, text: t.text, span, spaceBefore: t.spaceBefore, junk: t.junk };
}
