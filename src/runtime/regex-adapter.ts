/**
 * `=~` patterns for user-space handlers, compiled by the language layer's ERE engine, which
 * reproduces stap's own submatch choice (not POSIX leftmost-longest; see src/lang/regex).
 * TODO(perf): when a script never calls matched()/matched_str()/ngroups(), `test()` would do.
 */
import { compileRegex, isRegexError } from '../lang/index.js';
import type { RegexMatcher } from './codegen/index.js';

/** A pattern pass 2 should have refused never matches here. */
export function compileRegexMatcher(pattern: string): RegexMatcher {
  const compiled = compileRegex(pattern);
  if (isRegexError(compiled)) return { match: () => undefined };
  return { match: (subject) => compiled.match(subject)?.groups };
}
