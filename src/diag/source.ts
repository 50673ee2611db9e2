/** A script or tapset text with its name, as diagnostics cite it (`FILE:LINE:COL`). */
export interface Source {
  /** The name shown in diagnostics: a path, or `<input>` for `-e`. */
  readonly name: string;
  readonly text: string;
  /** True for tapset and `.stpm` files shipped with tstap or found with `-I` (privileged code). */
  readonly library: boolean;
}

/**
 * A region of a source. `line` and `col` (both 1-based, col counted in characters) are those of
 * `start`; they are stored because the lexer knows them for free and diagnostics need them.
 */
export interface Span {
  readonly source: Source;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly col: number;
  /** When the text came from a macro expansion or a pasted `$1` argument: where that happened. */
  readonly expandedFrom?: Span;
}

export function makeSource(name: string, text: string, library = false): Source {
  return { name, text, library };
}

/** The text of the 1-based line `line` of a source, without its newline. */
export function sourceLine(source: Source, line: number): string {
  let start = 0;
  for (let i = 1; i < line; i++) {
    const nl = source.text.indexOf('\n', start);
    if (nl < 0) return '';
    start = nl + 1;
  }
  const end = source.text.indexOf('\n', start);
  return source.text.slice(start, end < 0 ? source.text.length : end);
}

/** `FILE:LINE:COL` as stap prints locations. */
export function formatLocation(span: Span): string {
  return `${span.source.name}:${span.line}:${span.col}`;
}

/** A span covering `from` through `to` (both in the same source). */
export function joinSpans(from: Span, to: Span): Span {
  if (from.source !== to.source || to.end < from.start) return from;
  return { ...from, end: to.end };
}
