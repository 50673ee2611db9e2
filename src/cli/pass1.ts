/**
 * Pass 1 as stap runs it (main.cxx, passes 1a and 1b): the `.stpm` macro libraries on the tapset
 * path first, then the user script (a file, `-`, or `-e`) and each `-E` script.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { type DiagnosticSink, makeSource } from '../diag/index.js';
import {
  type Declaration,
  type MacroTable,
  type PreprocessContext,
  parseMacroLibrary,
  parseScript,
  printScript,
  type Script,
} from '../lang/index.js';
import type { DiagnosticPrinter } from './diagnostic-output.js';
import type { Options } from './options.js';
import { findLibraryFiles, versionSuffixes } from './tapset-path.js';

export interface Pass1Input {
  readonly options: Options;
  readonly preprocess: PreprocessContext;
  /** The tapset search path: built-in directory, then each `-I DIR`. */
  readonly includePath: readonly string[];
  readonly readStdin: () => Promise<string>;
  readonly out: DiagnosticPrinter;
  /** Verbosity of pass 1 (`-v`, `--vp`). */
  readonly verbose: number;
  /** stap's verbose chatter (`Searched for library macro files: …`), on stderr. */
  readonly log: (line: string) => void;
}

export interface Pass1Result {
  readonly ok: boolean;
  /**
   * The user script, then each `-E` script (`<input1>`…); only those that parsed. Empty when
   * pass 1 is the last pass, which keeps only `printedScripts`.
   */
  readonly userScripts: readonly Script[];
  /**
   * When pass 1 is the last pass (`-p1`, no listing mode): the same scripts as `printScript`
   * prints them, printed declaration by declaration as they were parsed.
   */
  readonly printedScripts: readonly string[];
  /** Paths of the library files read (the `N library scripts` of `-v`). */
  readonly libraryFiles: readonly string[];
}

export async function runPass1(input: Pass1Input): Promise<Pass1Result> {
  const { options, out } = input;
  let failures = 0;

  const user = await readUserScript(input);
  const library = loadLibraryMacros(input, user.kind === 'file' ? user.path : undefined);
  failures += library.failures;

  const userScripts: Script[] = [];
  const printedScripts: string[] = [];
  // `-p1` needs the scripts only as text: printing each declaration as soon as it is parsed
  // spares the garbage collector the whole AST (for a large script, a fifth of pass 1's time).
  const printOnly = options.lastPass === 1 && options.dump.kind === 'none';
  const parseOne = (name: string, text: string) => {
    // stap counts parse errors per file; "Input file … is empty." stands alone, without a count.
    let parseErrors = 0;
    const sink: DiagnosticSink = {
      report(d) {
        if (d.severity === 'error' && d.category !== 'input') parseErrors++;
        out.report(d);
      },
    };
    const printer = printOnly ? new DeclarationPrinter(name) : undefined;
    const result = parseScript(
      makeSource(name, text),
      {
        privileged: options.guruMode,
        preprocess: input.preprocess,
        libraryMacros: library.macros,
        ...(printer ? { onDeclaration: (d: Declaration) => printer.add(d) } : {}),
      },
      sink,
    );
    if (result.errorCount === 0) {
      if (printer) printedScripts.push(printer.text());
      else userScripts.push(result.script);
      return;
    }
    failures++;
    if (parseErrors > 0) out.summary(`${parseErrors} parse error${parseErrors === 1 ? '' : 's'}.\n`);
  };

  if (user.kind === 'unreadable') {
    out.inputError(user.message, 'C101');
    failures++;
  } else if (user.kind !== 'none') {
    parseOne(user.name, user.text);
  }
  options.additionalScripts.forEach((text, i) => {
    parseOne(`<input${i + 1}>`, text);
  });

  return { ok: failures === 0, userScripts, printedScripts, libraryFiles: library.files };
}

/**
 * A script printed one declaration at a time, exactly as `printScript` prints it whole: the
 * `# file` header, then each declaration on its own lines. (Each declaration goes through
 * `printScript` as a script of its own, less the header.)
 */
class DeclarationPrinter {
  private readonly header: string;
  private readonly parts: string[];

  constructor(private readonly name: string) {
    this.header = printScript({ kind: 'Script', name, declarations: [] });
    this.parts = [this.header];
  }

  add(d: Declaration): void {
    const whole = printScript({ kind: 'Script', name: this.name, declarations: [d] });
    this.parts.push(whole.slice(this.header.length));
  }

  text(): string {
    return this.parts.join('');
  }
}

type UserScript =
  | { readonly kind: 'file'; readonly name: string; readonly path: string; readonly text: string }
  | { readonly kind: 'text'; readonly name: string; readonly text: string }
  | { readonly kind: 'unreadable'; readonly message: string }
  | { readonly kind: 'none' };

async function readUserScript(input: Pass1Input): Promise<UserScript> {
  const script = input.options.script;
  switch (script.kind) {
    case 'none': {
      // -l/-L parse their pattern as a script of one empty probe, as stap does.
      const dump = input.options.dump;
      if (dump.kind !== 'matched-probes') return { kind: 'none' };
      return { kind: 'text', name: '<input>', text: `probe ${dump.pattern} {}` };
    }
    case 'text':
      return { kind: 'text', name: '<input>', text: script.text };
    case 'stdin':
      return { kind: 'text', name: '<input>', text: await input.readStdin() };
    case 'file':
      try {
        return {
          kind: 'file',
          name: script.path,
          path: script.path,
          text: readFileSync(script.path, 'utf8'),
        };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const message =
          code === 'ENOENT' || code === 'ENOTDIR'
            ? `Input file '${script.path}' is missing.`
            : `Input file '${script.path}' can't be opened for reading.`;
        return { kind: 'unreadable', message };
      }
  }
}

interface LibraryMacros {
  readonly macros: MacroTable;
  readonly files: string[];
  readonly failures: number;
}

/**
 * Every `.stpm` file on the search path contributes its `@define`s to one table visible in all
 * files. `parseMacroLibrary` reports a broken library as warnings and skips it, as stap does;
 * an error it reports (a macro defined by two libraries) fails pass 1, as in stap.
 */
function loadLibraryMacros(input: Pass1Input, userPath: string | undefined): LibraryMacros {
  const { preprocess, out } = input;
  const macros: MacroTable = new Map();
  const suffixes = versionSuffixes(
    preprocess.kernelRelease,
    preprocess.kernelVersion,
    preprocess.arch,
    'bpf',
  );
  const userReal = userPath === undefined ? undefined : realPath(userPath);
  const files: string[] = [];
  let failures = 0;
  const sink: DiagnosticSink = {
    report(d) {
      if (d.severity === 'error') failures++;
      out.report(d);
    },
  };
  for (const { path } of findLibraryFiles(input.includePath, suffixes, '.stpm')) {
    if (userReal !== undefined && realPath(path) === userReal) {
      out.inputError(
        `usage error: macro tapset file '${path}' cannot be run directly as a session script.`,
        'C106',
      );
      failures++;
    }
    if (input.verbose > 2) input.log(`Processing tapset "${path}"`);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      out.inputError(`Input file '${path}' can't be opened for reading.`, 'C102');
      continue;
    }
    if (parseMacroLibrary(makeSource(path, text, true), preprocess, sink, macros)) files.push(path);
  }
  return { macros, files, failures };
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
