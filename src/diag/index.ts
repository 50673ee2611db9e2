export type {
  Diagnostic,
  DiagnosticCategory,
  DiagnosticSink,
  DiagnosticSubject,
  RelatedLocation,
  Severity,
} from './diagnostic.js';
export { DiagnosticBag } from './diagnostic.js';
export { diagnosticToJson, renderDiagnostic } from './render.js';
export type { Source, Span } from './source.js';
export { formatLocation, joinSpans, makeSource, sourceLine } from './source.js';
