export type * from './ast.js';
export { astDiff, astEqual } from './ast-equal.js';
export type { EmbeddedRuntimeCalls, RuntimeCall, RuntimeCallName } from './embedded-c.js';
export { parseEmbeddedRuntimeCalls } from './embedded-c.js';
export { Lexer } from './lexer.js';
export type { ParseOptions, ParseResult, TokenSource } from './parser/index.js';
export { parseScript, parseTokens } from './parser/index.js';
export type { MacroTable } from './preprocess/index.js';
export { Preprocessor, parseMacroLibrary, strverscmp } from './preprocess/index.js';
export type { PreprocessContext } from './preprocess-context.js';
export type {
  ConversionChar,
  FormatArgType,
  FormatComponent,
  FormatConversion,
  FormatFlags,
  FormatLiteral,
  FormatSize,
  ParsedPrintFormat,
} from './print-format.js';
export {
  formatArgTypes,
  INVALID_CONVERSION,
  parsePrintFormat,
  TRAILING_INCOMPLETE,
  WRONG_NUMBER_OF_ARGS,
} from './print-format.js';
export { printBlock, printExpr, printProbePoint, printScript, printStmt, quoteString } from './printer.js';
export type { CompiledRegex, RegexDfa, RegexError, RegexMatch, RegexSpan } from './regex/index.js';
export {
  compileRegex,
  DFA_MATCH_STATE,
  describeRegexError,
  isRegexError,
  matchedText,
  patternDfa,
} from './regex/index.js';
export { parseTestScript, TEST_CONTEXT } from './testing.js';
export type { Token, TokenKind } from './token.js';
export { describeToken } from './token.js';
export { childExprs } from './walk.js';
export type { StmtPartsVisitor } from './walk-statements.js';
export { visitStmtParts } from './walk-statements.js';
