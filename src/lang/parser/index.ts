/**
 * Pass 1: source text → AST. Lexer, then preprocessor (macros, then `%( %)` conditionals), then
 * this recursive-descent parser, one function per grammar production. Errors are reported to the
 * sink as they are found; after an error the parser skips to the next top-level keyword and keeps
 * going, so one run reports several errors, as stap does.
 */
import type { DiagnosticSink, Source } from '../../diag/index.js';
import type { Declaration, Script } from '../ast.js';
import { Lexer } from '../lexer.js';
import { type MacroTable, Preprocessor } from '../preprocess/index.js';
import type { PreprocessContext } from '../preprocess-context.js';
import { Cursor, ParseFailure, type TokenSource } from './cursor.js';
import { type FileScope, parseDeclaration } from './declarations.js';
import type { ParserState } from './state.js';

export { ParseFailure, type TokenSource } from './cursor.js';

export interface ParseOptions {
  /** Guru mode (`-g`) or a tapset file: embedded C and guru-only operators are accepted. */
  readonly privileged: boolean;
  readonly preprocess: PreprocessContext;
  /** Macros from `.stpm` libraries on the tapset path, visible in every file. */
  readonly libraryMacros?: MacroTable;
  /**
   * Takes each declaration as soon as it is parsed, instead of collecting them in
   * `script.declarations` (which then stays empty). `-p1` prints declarations this way, so pass 1
   * of a large script never holds the whole AST, whose survival from one garbage collection to
   * the next is otherwise the largest single cost of parsing.
   */
  readonly onDeclaration?: (d: Declaration) => void;
}

export interface ParseResult {
  readonly script: Script;
  /** Errors found by the lexer, preprocessor and parser (each already reported to the sink). */
  readonly errorCount: number;
}

/** Parses a whole file. Never throws for a user's mistake; check `errorCount`. */
export function parseScript(source: Source, options: ParseOptions, outer: DiagnosticSink): ParseResult {
  let errorCount = 0;
  const sink: DiagnosticSink = {
    report(d) {
      if (d.severity === 'error') errorCount++;
      outer.report(d);
    },
  };
  const lexer = new Lexer(source, options.preprocess.args, sink, {
    compatible: options.preprocess.compatible,
  });
  const tokens = new Preprocessor(lexer, options.preprocess, sink, options.libraryMacros);
  const { script, declarationCount } = parseDeclarations(tokens, source.name, options, sink);
  if (declarationCount === 0 && errorCount === 0) {
    const sawTokens = lexer.sawTokens;
    sink.report({
      category: 'input',
      severity: 'error',
      code: 'P399',
      message: sawTokens
        ? `Input file '${source.name}' is empty after preprocessing.`
        : `Input file '${source.name}' is empty.`,
    });
    return { script, errorCount: 1 };
  }
  return { script, errorCount };
}

type ParserOptions = Pick<ParseOptions, 'privileged' | 'preprocess' | 'onDeclaration'>;

/** The parser proper, over any token source (the preprocessor, or a test's token list). */
export function parseTokens(
  tokens: TokenSource,
  name: string,
  options: ParserOptions,
  sink: DiagnosticSink,
): ParseResult {
  const { script, errorCount } = parseDeclarations(tokens, name, options, sink);
  return { script, errorCount };
}

function parseDeclarations(
  tokens: TokenSource,
  name: string,
  options: ParserOptions,
  sink: DiagnosticSink,
): ParseResult & { readonly declarationCount: number } {
  const cur = new Cursor(tokens, sink, name, options.preprocess.args.length);
  const p: ParserState = { cur, privileged: options.privileged, context: 'unknown' };
  const scope: FileScope = { globals: new Map() };
  const declarations: Declaration[] = [];
  const onDeclaration = options.onDeclaration;
  let handedOver = 0;
  for (;;) {
    // Declarations parsed so far (a failed `global a, b, c` keeps those before the error).
    if (onDeclaration && declarations.length > 0) {
      for (const d of declarations) onDeclaration(d);
      handedOver += declarations.length;
      declarations.length = 0;
    }
    try {
      const t = cur.peek();
      if (!t) break;
      parseDeclaration(p, t, scope, declarations);
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      cur.report(e);
      if (e.skipSome) skipToDeclaration(cur);
    }
  }
  return {
    script: { kind: 'Script', name, declarations },
    errorCount: cur.errorCount,
    declarationCount: handedOver + declarations.length,
  };
}

/** Recovery: drop tokens up to the next `probe`, `private`, `global`, `function` or `%{`. */
function skipToDeclaration(cur: Cursor): void {
  for (;;) {
    try {
      const t = cur.peek();
      if (!t) return;
      if (t.kind === 'embedded') return;
      if (t.kind === 'keyword' && ['probe', 'private', 'global', 'function'].includes(t.text)) return;
      cur.next();
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      cur.report(e);
    }
  }
}
