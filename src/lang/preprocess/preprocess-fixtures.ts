/** Helpers for the preprocessor's tests: a fake machine, and running text through lexer and preprocessor. */
import { type Diagnostic, DiagnosticBag, makeSource } from '../../diag/index.js';
import { Lexer } from '../lexer.js';
import type { PreprocessContext } from '../preprocess-context.js';
import type { Token } from '../token.js';
import type { MacroTable } from './macros.js';
import { Preprocessor } from './preprocessor.js';

export interface FakeMachine {
  readonly args?: readonly string[];
  readonly kernelRelease?: string;
  readonly kernelVersion?: string;
  readonly arch?: string;
  readonly runtime?: string;
  readonly compatible?: string;
  readonly privilege?: PreprocessContext['privilege'];
  readonly guruMode?: boolean;
  readonly config?: Readonly<Record<string, string>>;
}

export function fakeContext(m: FakeMachine = {}): PreprocessContext {
  const config = m.config ?? {
    CONFIG_BPF: 'y',
    CONFIG_EXT4_FS: 'm',
    CONFIG_HZ: '250',
    CONFIG_NR_CPUS: '0x40',
  };
  return {
    args: m.args ?? [],
    kernelRelease: m.kernelRelease ?? '6.8.0-45-generic',
    kernelVersion: m.kernelVersion ?? '6.8.0',
    arch: m.arch ?? 'x86_64',
    runtime: m.runtime ?? 'bpf',
    compatible: m.compatible ?? '5.6',
    privilege: m.privilege ?? 'stapdev',
    guruMode: m.guruMode ?? false,
    kernelConfig: (name) => (Object.hasOwn(config, name) ? config[name] : undefined),
  };
}

export interface Preprocessed {
  readonly tokens: Token[];
  readonly diagnostics: Diagnostic[];
  readonly preprocessor: Preprocessor;
}

/** Lexes and preprocesses `text` (named `t.stp`) to the end. */
export function preprocess(text: string, m: FakeMachine = {}, library?: MacroTable): Preprocessed {
  const ctx = fakeContext(m);
  const bag = new DiagnosticBag();
  const lexer = new Lexer(makeSource('t.stp', text), ctx.args, bag);
  const preprocessor = new Preprocessor(lexer, ctx, bag, library);
  const tokens: Token[] = [];
  for (let t = preprocessor.next(); t; t = preprocessor.next()) tokens.push(t);
  return { tokens, diagnostics: bag.all, preprocessor };
}

/** The token texts of `text` after preprocessing, joined by spaces. */
export function expand(text: string, m: FakeMachine = {}, library?: MacroTable): string {
  return preprocess(text, m, library)
    .tokens.map((t) => t.text)
    .join(' ');
}

/** `code message` of each diagnostic (and `@line:col` when located). */
export function messages(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} ${d.message}${d.span ? ` @${d.span.line}:${d.span.col}` : ''}`);
}
