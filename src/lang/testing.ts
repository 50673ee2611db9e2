/**
 * Test support for the front end and the passes above it: the preprocessor context of the unit
 * tests, and a script parsed with it.
 */
import { type DiagnosticSink, makeSource } from '../diag/index.js';
import type { Script } from './ast.js';
import { parseScript } from './parser/index.js';
import type { PreprocessContext } from './preprocess-context.js';

/** The preprocessor context of every unit test: an x86_64 6.8 kernel, stapdev, no guru mode. */
export const TEST_CONTEXT: PreprocessContext = {
  args: [],
  kernelRelease: '6.8.0-1-generic',
  kernelVersion: '6.8.0',
  arch: 'x86_64',
  runtime: 'bpf',
  compatible: '5.6',
  privilege: 'stapdev',
  guruMode: false,
  kernelConfig: () => undefined,
};

/**
 * Parses `text` as file `file` (`t.stp` unless given) under TEST_CONTEXT; with `guru`, privileged
 * and in guru mode. Its diagnostics go to `bag`.
 */
export function parseTestScript(
  text: string,
  bag: DiagnosticSink,
  options: { readonly guru?: boolean; readonly file?: string } = {},
): Script {
  const guru = options.guru ?? false;
  const preprocess = { ...TEST_CONTEXT, guruMode: guru };
  return parseScript(makeSource(options.file ?? 't.stp', text), { privileged: guru, preprocess }, bag).script;
}
