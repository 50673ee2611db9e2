/**
 * The tapset library as the later passes and the `--dump-*` listings read it: every `.stp` on
 * the search path, parsed as privileged code with the `.stpm` macro libraries in scope.
 */
import { readFileSync } from 'node:fs';
import { type DiagnosticSink, makeSource } from '../diag/index.js';
import {
  type MacroTable,
  type PreprocessContext,
  parseMacroLibrary,
  parseScript,
  type Script,
} from '../lang/index.js';
import type { DiagnosticPrinter } from './diagnostic-output.js';
import { type Options, STAP_VERSION } from './options.js';
import { findLibraryFiles, versionSuffixes } from './tapset-path.js';
import { selectTapsets } from './tapset-select.js';

export interface TapsetLibraryInput {
  readonly options: Options;
  readonly preprocess: PreprocessContext;
  /** The tapset search path: built-in directory, then each `-I DIR`. */
  readonly includePath: readonly string[];
  readonly out: DiagnosticPrinter;
}

/**
 * Parses the tapset library. With `forScripts`, only the files those scripts can need
 * (tapset-select.ts); without, every file (the listings need them all).
 */
export function loadTapsets(input: TapsetLibraryInput, forScripts?: readonly Script[]): Script[] {
  const { preprocess, out, options } = input;
  const suffixes = versionSuffixes(
    preprocess.kernelRelease,
    preprocess.kernelVersion,
    preprocess.arch,
    'bpf',
  );
  // The macro libraries were reported on in pass 1; here they are only needed again.
  const macros: MacroTable = new Map();
  const quiet: DiagnosticSink = { report() {} };
  for (const { path } of findLibraryFiles(input.includePath, suffixes, '.stpm')) {
    const text = readText(path);
    if (text !== undefined) parseMacroLibrary(makeSource(path, text, true), preprocess, quiet, macros);
  }
  // The built-in tapset is read with every language feature, whatever --compatible says.
  const builtin: PreprocessContext = { ...preprocess, compatible: STAP_VERSION };
  const scripts: Script[] = [];
  const files: { path: string; text: string; includeIndex: number }[] = [];
  for (const { path, includeIndex } of findLibraryFiles(input.includePath, suffixes, '.stp')) {
    const text = readText(path);
    if (text !== undefined) files.push({ path, text, includeIndex });
  }
  const wanted =
    forScripts === undefined
      ? files
      : selectTapsets(
          files,
          withMacroBodies(userTexts(forScripts), macros),
          options.globalSettings.map((g) => g.name),
        );
  for (const { path, text, includeIndex } of wanted) {
    // stap parses tapsets with pf_squash_errors: a file with errors is skipped silently.
    let failed = false;
    const sink: DiagnosticSink = {
      report(d) {
        if (d.severity === 'error') failed = true;
      },
    };
    const parsed = parseScript(
      makeSource(path, text, true),
      { privileged: true, preprocess: includeIndex === 0 ? builtin : preprocess, libraryMacros: macros },
      sink,
    );
    if (failed) {
      if (options.verbose > 1) out.warning(`tapset "${path}" has errors, and will be skipped.`);
    } else scripts.push(parsed.script);
  }
  return scripts;
}

/** The source texts the scripts were parsed from (a script's declarations share its source). */
function userTexts(scripts: readonly Script[]): string[] {
  const texts = new Set<string>();
  for (const s of scripts) for (const d of s.declarations) texts.add(d.span.source.text);
  return [...texts];
}

/**
 * The user texts plus the bodies of the library macros they invoke (transitively): `@this1`
 * expands to a global declared in a tapset file, which the user text alone never names.
 */
function withMacroBodies(texts: readonly string[], macros: MacroTable): string[] {
  const out = [...texts];
  const seen = new Set<string>();
  for (let i = 0; i < out.length; i++) {
    for (const m of (out[i] as string).matchAll(/@([A-Za-z_][A-Za-z0-9_]*)/g)) {
      const name = m[1] as string;
      const def = macros.get(name);
      if (def === undefined || !def.library || seen.has(name)) continue;
      seen.add(name);
      out.push(def.body.map((t) => t.text).join(' '));
    }
  }
  return out;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
