import type { Diagnostic, DiagnosticCategory } from './diagnostic.js';
import { formatLocation, type Span, sourceLine } from './source.js';

const PREFIX: Record<DiagnosticCategory, string> = {
  parse: 'parse error',
  semantic: 'semantic error',
  translate: 'translate error',
  build: 'build error',
  runtime: 'ERROR',
  usage: 'error',
};

/** stap indents the `at:`/`source:` lines of parse errors by five columns. */
const ALIGN = '     ';

/**
 * Renders a diagnostic the way stap does:
 *
 *     parse error: expected ';'
 *              saw: identifier 'foo' at x.stp:1:10
 *          source: probe begin { a = 1 foo }
 *                                      ^
 *
 * followed by an empty line.
 */
export function renderDiagnostic(d: Diagnostic): string {
  const out: string[] = [];
  const head = d.severity === 'warning' ? 'WARNING' : PREFIX[d.category];
  out.push(`${head}: ${d.message}`);
  if (d.span) {
    const subject = d.subject;
    if (subject) {
      const label = subject.label === 'at' ? '    at: ' : '   saw: ';
      out.push(`${ALIGN}${label}${subject.description} at ${formatLocation(d.span)}`);
    } else {
      out.push(`${ALIGN}    at: ${formatLocation(d.span)}`);
    }
    pushSource(out, d.span);
  }
  for (const r of d.related ?? []) {
    out.push(`${ALIGN}${r.message} at ${formatLocation(r.span)}`);
    pushSource(out, r.span);
  }
  for (const n of d.notes ?? []) out.push(`${ALIGN}note: ${n}`);
  out.push('');
  return `${out.join('\n')}\n`;
}

function pushSource(out: string[], span: Span): void {
  const line = sourceLine(span.source, span.line);
  out.push(`${ALIGN}source: ${line}`);
  let pad = '';
  for (let i = 0; i < span.col - 1; i++) pad += line[i] === '\t' ? '\t' : ' ';
  out.push(`${ALIGN}        ${pad}^`);
  if (span.expandedFrom) {
    out.push(`\tin expansion from: ${formatLocation(span.expandedFrom)}`);
    pushSource(out, span.expandedFrom);
  }
}

/** One JSON object per diagnostic, for tools (`--diagnostics=json`). */
export function diagnosticToJson(d: Diagnostic): object {
  const loc = (s: Span) => ({ file: s.source.name, line: s.line, column: s.col, start: s.start, end: s.end });
  return {
    category: d.category,
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.span ? { location: loc(d.span) } : {}),
    ...(d.subject ? { token: d.subject.description } : {}),
    ...(d.related?.length ? { related: d.related.map((r) => ({ message: r.message, location: loc(r.span) })) } : {}),
    ...(d.notes?.length ? { notes: d.notes } : {}),
  };
}
