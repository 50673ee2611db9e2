/**
 * The listing modes that need no script: `--dump-probe-types` (the built-in probe point
 * patterns), `--dump-probe-aliases` (the tapset's aliases, as stap's probe_alias::printsig writes
 * them, sorted and without duplicates) and `--dump-functions` (the tapset's functions with their
 * signatures). Loaded only for these modes.
 */
import { functionListing, probeTypeListing } from '../elaborate/index.js';
import { type AliasDecl, type PreprocessContext, printProbePoint, type Script } from '../lang/index.js';
import type { DiagnosticPrinter, Writer } from './diagnostic-output.js';
import type { Options } from './options.js';
import { loadTapsets } from './tapset-library.js';

export type ListingKind = 'probe-types' | 'probe-aliases' | 'functions';

export interface ListingInput {
  readonly kind: ListingKind;
  readonly options: Options;
  readonly preprocess: PreprocessContext;
  readonly includePath: readonly string[];
  readonly out: DiagnosticPrinter;
  readonly stdout: Writer;
}

/** Prints the listing; the exit status is 1 only when `--dump-functions` finds no function. */
export function runListing(input: ListingInput): number {
  const verbose = input.options.verbose > 0;
  let lines: string[];
  switch (input.kind) {
    case 'probe-types':
      lines = probeTypeListing();
      break;
    case 'probe-aliases':
      lines = aliasListing(loadTapsets(input), verbose);
      break;
    case 'functions':
      lines = functionListing(loadTapsets(input), { verbose });
      if (lines.length === 0) return 1;
      break;
  }
  input.stdout.write(lines.map((l) => `${l}\n`).join(''));
  return 0;
}

/** `NAME[ = NAME…] = PP, PP` or `NAME += PP`; names starting with `_` only with `-v`. */
function aliasListing(library: readonly Script[], verbose: boolean): string[] {
  const lines = new Set<string>();
  for (const script of library) {
    for (const d of script.declarations) {
      if (d.kind !== 'Alias') continue;
      const text = aliasSignature(d);
      if (verbose || !text.startsWith('_')) lines.add(text);
    }
  }
  return [...lines].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function aliasSignature(d: AliasDecl): string {
  const names = d.names.map((n) => printProbePoint(n)).join(' = ');
  const points = d.points.map((p) => printProbePoint(p)).join(', ');
  return `${names}${d.epilogueStyle ? ' += ' : ' = '}${points}`;
}
