import type { Diagnostic, DiagnosticSink, RelatedLocation } from '../../diag/index.js';
import { junkMessage, LEXER_CODES } from '../lexer.js';
import { describeToken, type Token } from '../token.js';

/** Stable codes of the preprocessor's diagnostics (`P2xx`). Messages are stap's, verbatim. */
export const PREPROCESS_CODES = {
  defineInMacroBody: 'P201',
  expectedMacroName: 'P202',
  macroRedefined: 'P203',
  defineRedefined: 'P204',
  macroShadowsOperator: 'P205',
  expectedCommaOrParen: 'P206',
  expectedBody: 'P207',
  unclosedMacroBody: 'P208',
  expectedInvocationParen: 'P209',
  unclosedInvocation: 'P210',
  tooManyArguments: 'P211',
  tooFewArguments: 'P212',
  expansionTooDeep: 'P213',
  unclosedConditional: 'P220',
  missingConditionalOpen: 'P221',
  duplicateElse: 'P222',
  incompleteCondition: 'P223',
  expectedThenMarker: 'P224',
  expectedComparison: 'P230',
  expectedString: 'P231',
  wildcardWithOrder: 'P232',
  expectedEquality: 'P233',
  expectedNumber: 'P234',
  expectedZeroOrOne: 'P235',
  configNotNumber: 'P236',
  expectedConfigOperand: 'P237',
  expectedStringRight: 'P238',
  expectedNumberRight: 'P239',
  expectedConditionOperand: 'P240',
  badNumber: 'P241',
  libraryUnexpectedToken: 'P250',
  libraryDuplicate: 'P251',
  librarySkipped: 'P252',
} as const;

export type PreprocessCode = (typeof PREPROCESS_CODES)[keyof typeof PREPROCESS_CODES];

/**
 * Where the preprocessor's diagnostics go. It writes them as stap prints a parse error: an
 * error about a token says `at:` it; one at the end of input names the token the parser saw
 * last (`saw:`), or `FILE EOF`. An error landing on lexer junk reports the junk's own message,
 * as stap's `build_error_msg` does. While a skipped `%( %)` branch is scanned, errors are
 * dropped (stap catches and ignores them there).
 */
export class PreprocessReporter {
  /** Inside a skipped branch: drop errors. */
  quiet = false;
  /** The token last handed to the parser, for errors at the end of input. */
  lastToken: Token | undefined;
  errorCount = 0;

  constructor(
    private readonly sink: DiagnosticSink,
    private readonly sourceName: string,
    private readonly argCount: number,
  ) {}

  error(code: PreprocessCode, message: string, token: Token | undefined, related?: RelatedLocation): void {
    if (this.quiet) return;
    this.errorCount++;
    this.sink.report(this.build('error', code, message, token, related));
  }

  warning(code: PreprocessCode, message: string, token: Token): void {
    if (this.quiet) return;
    this.sink.report(this.build('warning', code, message, token, undefined));
  }

  private build(
    severity: Diagnostic['severity'],
    code: string,
    message: string,
    token: Token | undefined,
    related: RelatedLocation | undefined,
  ): Diagnostic {
    const extra = related ? { related: [related] } : {};
    if (token) {
      const junk = junkMessage(token, this.argCount);
      return {
        category: 'parse',
        severity,
        code: junk !== undefined && token.junk ? LEXER_CODES[token.junk] : code,
        message: junk ?? message,
        span: token.span,
        subject: { label: 'at', description: describeToken(token) },
        ...extra,
      };
    }
    const last = this.lastToken;
    if (last) {
      return {
        category: 'parse',
        severity,
        code,
        message,
        span: last.span,
        subject: { label: 'saw', description: describeToken(last) },
        ...extra,
      };
    }
    return {
      category: 'parse',
      severity,
      code,
      message,
      subject: { label: 'saw', description: `${this.sourceName} EOF` },
      ...extra,
    };
  }
}
