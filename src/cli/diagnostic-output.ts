import { type Diagnostic, type DiagnosticSink, diagnosticToJson, renderDiagnostic } from '../diag/index.js';
import type { DiagnosticsFormat } from './options.js';

export interface Writer {
  write(text: string): void;
}

/** What the printer needs from the options besides the output format. */
export interface DiagnosticPolicy {
  /** `-w`: warnings are neither printed nor counted. */
  readonly suppressWarnings: boolean;
  /** `-W`: each distinct warning printed counts as an error. */
  readonly warningsAsErrors?: boolean;
  /** `-v`: with any verbosity every diagnostic is printed, duplicates included. */
  readonly verbose?: number;
}

/**
 * Where diagnostics go: stderr, rendered as stap does (`--diagnostics=text`) or one JSON object
 * per line (`--diagnostics=json`). stap's summary lines (`2 parse errors.`, `Pass 1: parse
 * failed.`) are text-mode only: in JSON mode every stderr line is a diagnostic, and the exit
 * status tells success from failure.
 *
 * Like stap's session (print_error, print_warning), the text form prints an error raised at the
 * same place as an earlier one (same code, with the codes of its chain) and a warning with the
 * same message as an earlier one only with `-v`; `reportSuppression()` counts what was left out
 * at the end.
 */
export class DiagnosticPrinter implements DiagnosticSink {
  private readonly seenErrors = new Map<string, number>();
  private readonly seenWarnings = new Set<string>();
  private suppressedErrors = 0;
  private suppressedWarnings = 0;

  constructor(
    private readonly stderr: Writer,
    private readonly format: DiagnosticsFormat,
    private readonly policy: DiagnosticPolicy,
  ) {}

  /**
   * stap's num_errors(): the distinct errors reported so far, plus with `-W` the distinct
   * warnings. A pass failed when this grew while it ran.
   */
  get failureCount(): number {
    return this.seenErrors.size + (this.policy.warningsAsErrors === true ? this.seenWarnings.size : 0);
  }

  report(d: Diagnostic): void {
    if (d.severity === 'warning') this.reportWarning(d);
    else this.reportError(d);
  }

  private reportWarning(d: Diagnostic): void {
    if (this.policy.suppressWarnings) return;
    const seen = this.seenWarnings.has(d.message);
    this.seenWarnings.add(d.message);
    if (seen && this.deduplicating) this.suppressedWarnings++;
    else this.write(d);
  }

  private reportError(d: Diagnostic): void {
    const chain = [d, ...(d.chain ?? [])];
    const key = (from: number) => chain.slice(from).map(errorSource).join('|');
    const head = key(0);
    if (this.deduplicating && (this.seenErrors.get(head) ?? 0) > 0) {
      this.suppressedErrors++;
      return;
    }
    this.seenErrors.set(head, (this.seenErrors.get(head) ?? 0) + 1);
    if (!this.deduplicating || chain.length === 1) {
      this.write(d);
      return;
    }
    // A chained error already printed on its own is not repeated (print_error's inner loop).
    const kept: Diagnostic[] = [];
    for (let i = 1; i < chain.length; i++) {
      const k = key(i);
      if ((this.seenErrors.get(k) ?? 0) > 0) continue;
      this.seenErrors.set(k, 1);
      kept.push(chain[i]!);
    }
    const { chain: _all, ...alone } = d;
    this.write(kept.length > 0 ? { ...alone, chain: kept } : alone);
  }

  /** Only the text form drops duplicates, and only without `-v`. */
  private get deduplicating(): boolean {
    return this.format === 'text' && (this.policy.verbose ?? 0) === 0;
  }

  private write(d: Diagnostic): void {
    this.stderr.write(
      this.format === 'json' ? `${JSON.stringify(diagnosticToJson(d))}\n` : renderDiagnostic(d),
    );
  }

  /** stap's report_suppression, printed when the session ends. */
  reportSuppression(): void {
    if (this.suppressedErrors > 0) {
      this.summary(`Number of similar error messages suppressed: ${this.suppressedErrors}.\n`);
    }
    if (this.suppressedWarnings > 0) {
      this.summary(`Number of similar warning messages suppressed: ${this.suppressedWarnings}.\n`);
    }
    if (this.suppressedErrors > 0 || this.suppressedWarnings > 0)
      this.summary('Rerun with -v to see them.\n');
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

/**
 * What identifies the place that raised an error (stap's errsrc). Semantic codes name raising
 * places. Parse errors share a few codes across many places, so they are told apart by message
 * and position too: they are never taken for duplicates.
 */
function errorSource(d: Diagnostic): string {
  if (d.category === 'semantic') return d.code;
  // Pass 3 shares one code among many constructs: the message tells them apart.
  if (d.category === 'translate' || d.category === 'build') return `${d.code}:${d.message}`;
  const where = d.span ? `@${d.span.source.name}:${d.span.start}` : '';
  return `${d.code}:${d.message}${where}`;
}
