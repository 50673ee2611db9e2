import type { Diagnostic, DiagnosticCategory } from './diagnostic.js';
import { formatLocation, type Span, sourceLine } from './source.js';

const PREFIX: Record<DiagnosticCategory, string> = {
  parse: 'parse error',
  semantic: 'semantic error',
  translate: 'translate error',
  build: 'build error',
  runtime: 'ERROR',
  usage: 'error',
  input: '',
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
  if (d.category === 'input') return `${d.message}\n`;
  const out: string[] = [];
  const head = d.severity === 'warning' ? 'WARNING' : PREFIX[d.category];
  if (d.category === 'parse') {
    out.push(`${head}: ${d.message}`);
    renderParseLocation(out, d);
  } else {
    // Semantic-style: `semantic error: MSG: identifier 'x' at FILE:L:C`, source indented by eight.
    const where = d.span ? `${d.subject ? `${d.subject.description} at ` : ''}${formatLocation(d.span)}` : '';
    out.push(where ? `${head}: ${d.message}: ${where}` : `${head}: ${d.message}`);
    // stap indents a warning's source line by one column, an error's by eight.
    if (d.span) pushSource(out, d.span, d.severity === 'warning' ? ' ' : SEMANTIC_ALIGN);
  }
  for (const r of d.related ?? []) {
    out.push(`${ALIGN}${r.message} at ${formatLocation(r.span)}`);
    pushSource(out, r.span, ALIGN);
  }
  for (const n of d.notes ?? []) out.push(`${ALIGN}note: ${n}`);
  if (d.severity !== 'warning') out.push('');
  let text = `${out.join('\n')}\n`;
  for (const c of d.chain ?? []) text += renderDiagnostic(c);
  return text;
}

const SEMANTIC_ALIGN = '        ';

function renderParseLocation(out: string[], d: Diagnostic): void {
  const label = d.subject?.label === 'at' ? '    at: ' : '   saw: ';
  if (d.span) {
    const what = d.subject ? `${d.subject.description} at ` : '';
    out.push(`${ALIGN}${label}${what}${formatLocation(d.span)}`);
    pushSource(out, d.span, ALIGN);
  } else if (d.subject) {
    // No location: stap's `saw: FILE EOF`.
    out.push(`${ALIGN}${label}${d.subject.description}`);
  }
}

function pushSource(out: string[], span: Span, align: string): void {
  const line = sourceLine(span.source, span.line);
  out.push(`${align}source: ${line}`);
  let pad = '';
  for (let i = 0; i < span.col - 1; i++) pad += line[i] === '\t' ? '\t' : ' ';
  out.push(`${align}        ${pad}^`);
  if (span.expandedFrom) {
    out.push(`\tin expansion from: ${formatLocation(span.expandedFrom)}`);
    pushSource(out, span.expandedFrom, align);
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
    ...(d.related?.length
      ? { related: d.related.map((r) => ({ message: r.message, location: loc(r.span) })) }
      : {}),
    ...(d.notes?.length ? { notes: d.notes } : {}),
  };
}
