/**
 * `.stpm` macro libraries (stap's `parse_library_macros`): files on the tapset path holding
 * only `@define`s, whose macros every script and tapset can use.
 *
 * As in stap a library is all or nothing. Its first mistake is reported as a warning (stap
 * prints it without counting it as an error), a macro already defined by an earlier library is
 * an error, and either way none of the file's macros are added and stap's "will be skipped"
 * warning follows.
 */
import type { Diagnostic, DiagnosticSink, Source } from '../../diag/index.js';
import { junkMessage, LEXER_CODES, Lexer } from '../lexer.js';
import type { PreprocessContext } from '../preprocess-context.js';
import { describeToken } from '../token.js';
import type { MacroTable } from './macros.js';
import { Preprocessor } from './preprocessor.js';
import { PREPROCESS_CODES as CODES } from './report.js';

/**
 * Reads a `.stpm` file and, if it is sound, adds its macros to `into` (marked as library
 * macros). Returns whether it was added.
 */
export function parseMacroLibrary(
  source: Source,
  ctx: PreprocessContext,
  sink: DiagnosticSink,
  into: MacroTable,
): boolean {
  // stap stops at the first error: keep the warnings before it and that error.
  const seen: Diagnostic[] = [];
  let firstError: Diagnostic | undefined;
  const collect: DiagnosticSink = {
    report(d) {
      if (firstError) return;
      if (d.severity === 'error') firstError = d;
      else seen.push(d);
    },
  };
  const pp = new Preprocessor(new Lexer(source, ctx.args, collect), ctx, collect, into);
  const stray = pp.next();
  if (stray && !firstError) {
    const junk = junkMessage(stray, ctx.args.length);
    collect.report({
      category: 'parse',
      severity: 'error',
      code: junk !== undefined && stray.junk ? LEXER_CODES[stray.junk] : CODES.libraryUnexpectedToken,
      message: junk ?? `unexpected token in library macro file '${source.name}'`,
      span: stray.span,
      subject: { label: 'at', description: describeToken(stray) },
    });
  }
  for (const d of seen) sink.report(d);
  if (firstError) {
    sink.report({ ...firstError, severity: 'warning' });
    reportSkipped(source, sink);
    return false;
  }

  const names = [...pp.localMacros.keys()].sort();
  for (const name of names) {
    const earlier = into.get(name);
    if (!earlier) continue;
    const def = pp.localMacros.get(name)!;
    sink.report({
      category: 'parse',
      severity: 'error',
      code: CODES.libraryDuplicate,
      message: `duplicate definition of library macro '@${name}'`,
      span: def.nameToken.span,
      subject: { label: 'at', description: describeToken(def.nameToken) },
      related: [{ message: `macro '@${name}' first defined here`, span: earlier.nameToken.span }],
    });
    reportSkipped(source, sink);
    return false;
  }
  for (const name of names) into.set(name, { ...pp.localMacros.get(name)!, library: true });
  return true;
}

function reportSkipped(source: Source, sink: DiagnosticSink): void {
  sink.report({
    category: 'parse',
    severity: 'warning',
    code: CODES.librarySkipped,
    message: `macro tapset "${source.name}" has errors, and will be skipped.`,
  });
}
