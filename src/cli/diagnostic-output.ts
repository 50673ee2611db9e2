import { type Diagnostic, type DiagnosticSink, diagnosticToJson, renderDiagnostic } from '../diag/index.js';
import type { DiagnosticsFormat } from './options.js';

export interface Writer {
  write(text: string): void;
}

/**
 * Where diagnostics go: stderr, rendered as stap does (`--diagnostics=text`) or one JSON object
 * per line (`--diagnostics=json`). stap's summary lines (`2 parse errors.`, `Pass 1: parse
 * failed.`) are text-mode only: in JSON mode every stderr line is a diagnostic, and the exit
 * status tells success from failure.
 */
export class DiagnosticPrinter implements DiagnosticSink {
  constructor(
    private readonly stderr: Writer,
    private readonly format: DiagnosticsFormat,
    private readonly suppressWarnings: boolean,
  ) {}

  report(d: Diagnostic): void {
    if (d.severity === 'warning' && this.suppressWarnings) return;
    this.stderr.write(
      this.format === 'json' ? `${JSON.stringify(diagnosticToJson(d))}\n` : renderDiagnostic(d),
    );
  }

  /** A summary line (text mode only); `text` ends with its newline. */
  summary(text: string): void {
    if (this.format === 'text') this.stderr.write(text);
  }

  /** stap's `WARNING: …` lines that are not about a place in a script. */
  warning(message: string): void {
    this.report({ category: 'usage', severity: 'warning', code: 'C001', message });
  }

  /** A message about the input as a whole, printed alone (`Input file 'x' is missing.`). */
  inputError(message: string, code: string): void {
    this.report({ category: 'input', severity: 'error', code, message });
  }

  /** A plain informational line stap prints without a prefix (`Truncating module name to 'x'`); `-w` keeps it. */
  note(message: string): void {
    const d: Diagnostic = { category: 'input', severity: 'warning', code: 'C002', message };
    this.stderr.write(this.format === 'json' ? `${JSON.stringify(diagnosticToJson(d))}\n` : `${message}\n`);
  }
}
