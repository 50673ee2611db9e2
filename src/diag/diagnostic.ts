import type { Span } from './source.js';

/** Which pass reported it; rendered as stap's prefix (`parse error:`, `semantic error:`). */
/** `input` diagnostics print their message alone (stap's `Input file '<input>' is empty.`). */
export type DiagnosticCategory = 'parse' | 'semantic' | 'translate' | 'build' | 'runtime' | 'usage' | 'input';
export type Severity = 'error' | 'warning';

/**
 * What stap prints after `at:` / `saw:` — the offending token described as
 * `identifier 'foo'`, `operator '{'`, `keyword`, `string 'x'`, `number '1'`, `embedded-code`.
 * `saw` is used for "expected X" errors, `at` when the error is about the token itself.
 */
export interface DiagnosticSubject {
  readonly label: 'at' | 'saw';
  readonly description: string;
}

export interface RelatedLocation {
  readonly message: string;
  readonly span: Span;
}

export interface Diagnostic {
  readonly category: DiagnosticCategory;
  readonly severity: Severity;
  /** Stable code, grouped by pass: `P1xx` lexer, `P2xx` preprocessor, `P3xx` parser, `S…` semantic. */
  readonly code: string;
  readonly message: string;
  /** Where it happened; absent only for errors about the input as a whole (e.g. an empty file). */
  readonly span?: Span;
  readonly subject?: DiagnosticSubject;
  readonly related?: readonly RelatedLocation[];
  readonly notes?: readonly string[];
  /** Follow-on errors printed after this one (stap's chained errors, e.g. `no match`). */
  readonly chain?: readonly Diagnostic[];
}

/** Passes push diagnostics here and keep going; `throw` is reserved for our own bugs. */
export interface DiagnosticSink {
  report(diagnostic: Diagnostic): void;
}

/** A sink that keeps everything, in order, and counts errors. */
export class DiagnosticBag implements DiagnosticSink {
  readonly all: Diagnostic[] = [];

  report(diagnostic: Diagnostic): void {
    this.all.push(diagnostic);
  }

  get errorCount(): number {
    let n = 0;
    for (const d of this.all) if (d.severity === 'error') n++;
    return n;
  }

  get hasErrors(): boolean {
    return this.all.some((d) => d.severity === 'error');
  }
}
