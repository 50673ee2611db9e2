/** A pattern stap refuses, with upstream's message text (stapregex-parse.cxx, regex_error). */
export interface RegexError {
  /** The message as upstream words it, e.g. `unclosed character class`. */
  readonly error: string;
  /** Position in the pattern, counted as upstream counts it (see `RegexInputForm`). */
  readonly offset: number;
  /**
   * False where upstream reports no position (`unknown character class`, pos -1); `offset` then
   * still points at the offending text, for a caret.
   */
  readonly positionKnown: boolean;
}

export function isRegexError(value: unknown): value is RegexError {
  return typeof value === 'object' && value !== null && 'error' in value && 'offset' in value;
}

/**
 * The text stap puts after `semantic error: ` (stapregex.cxx, stapdfa::stapdfa):
 * `regex compilation error (at position 6): unclosed character class`.
 */
export function describeRegexError(e: RegexError): string {
  return e.positionKnown
    ? `regex compilation error (at position ${e.offset}): ${e.error}`
    : `regex compilation error: ${e.error}`;
}

/** Thrown inside the parser only; `parseRegex` turns it into a returned `RegexError`. */
export class RegexSyntaxFailure {
  constructor(
    readonly error: string,
    readonly offset: number,
    readonly positionKnown = true,
  ) {}

  toValue(): RegexError {
    return { error: this.error, offset: this.offset, positionKnown: this.positionKnown };
  }
}
