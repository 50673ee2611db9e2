/** Spans over a small script, for the tests of this layer. */
import { makeSource, type Source, type Span } from '../diag/index.js';

export const SCRIPT: Source = makeSource(
  't.stp',
  'global n\nprobe kernel.trace("sched_switch") {\n  n++\n  x = 1\n}\n',
);

/** The span of the first occurrence of `text` in the test script. */
export function spanOf(text: string): Span {
  const start = SCRIPT.text.indexOf(text);
  if (start < 0) throw new Error(`'${text}' is not in the test script`);
  const before = SCRIPT.text.slice(0, start);
  const line = before.split('\n').length;
  const col = start - before.lastIndexOf('\n');
  return { source: SCRIPT, start, end: start + text.length, line, col };
}
