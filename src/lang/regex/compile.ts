/**
 * Compiled stap regexes: `compileRegex(pattern)` parses once (cached per pattern) and answers
 * `=~` (`test`) and `matched(n)` (`match`) with upstream's semantics — see pike-vm.ts for what
 * those are — through V8's RegExp where that provably gives the same answer (js-regexp.ts), and
 * through the Pike VM otherwise.
 */
import type { RegexAst } from './ast.js';
import type { RegexInputForm } from './cursor.js';
import { isRegexError, type RegexError } from './error.js';
import { isDeterministicLinear, isJsTestSafe, toJsSource } from './js-regexp.js';
import { parseRegex } from './parse.js';
import { runTagged, runUntagged } from './pike-vm.js';
import { compileProgram } from './program.js';

/** A [start, end) range of the subject. */
export type RegexSpan = [start: number, end: number];

export interface RegexMatch {
  /**
   * One entry per group, `groups[0]` the whole match, so `groups.length` is `ngroups()`;
   * `undefined` for a group that took no part (`matched(n)` is "" then).
   */
  readonly groups: readonly (RegexSpan | undefined)[];
}

export type RegexEngine = 'js' | 'vm';

export interface CompiledRegex {
  readonly pattern: string;
  readonly ast: RegexAst;
  /** `ngroups()` after a successful match: capturing groups plus group 0. */
  readonly groupCount: number;
  /** Which engine answers `test`, and which `match` (`js` only when provably equal). */
  readonly testEngine: RegexEngine;
  readonly matchEngine: RegexEngine;
  /** `subject =~ pattern`. */
  test(subject: string): boolean;
  /** The match stap reports, or undefined when there is none. */
  match(subject: string): RegexMatch | undefined;
}

export interface CompileRegexOptions {
  /** How `pattern` is spelled (`decoded` unless given); see `RegexInputForm`. */
  readonly form?: RegexInputForm;
}

const cache = new Map<string, CompiledRegex | RegexError>();

/** Compiles (or fetches from the cache) a pattern; a pattern stap refuses yields its error. */
export function compileRegex(pattern: string, options: CompileRegexOptions = {}): CompiledRegex | RegexError {
  const form = options.form ?? 'decoded';
  const key = `${form}:${pattern}`;
  let compiled = cache.get(key);
  if (compiled === undefined) {
    compiled = build(pattern, form);
    cache.set(key, compiled);
  }
  return compiled;
}

/** The text of group `n` as `matched(n)` returns it; undefined when there is no group `n`. */
export function matchedText(subject: string, match: RegexMatch, n: number): string | undefined {
  if (n < 0 || n >= match.groups.length) return undefined;
  const span = match.groups[n];
  return span === undefined ? '' : endAtNul(subject).slice(span[0], span[1]);
}

function build(pattern: string, form: RegexInputForm): CompiledRegex | RegexError {
  const ast = parseRegex(pattern, { form });
  if (isRegexError(ast)) return ast;
  const program = compileProgram(ast);
  if (program === undefined) return { error: 'regex too complex', offset: 0, positionKnown: false };
  const source = toJsSource(ast.root);
  const testRegExp = isJsTestSafe(ast) ? tryRegExp(source, '') : undefined;
  const matchRegExp = isDeterministicLinear(ast) ? tryRegExp(source, 'd') : undefined;
  const groupCount = ast.groupCount;
  return {
    pattern,
    ast,
    groupCount,
    testEngine: testRegExp ? 'js' : 'vm',
    matchEngine: matchRegExp ? 'js' : 'vm',
    test: (subject) => {
      const s = endAtNul(subject);
      return testRegExp ? testRegExp.test(s) : runUntagged(program, s);
    },
    match: (subject) => {
      const s = endAtNul(subject);
      if (matchRegExp) return fromJsMatch(matchRegExp.exec(s), groupCount);
      if (testRegExp && !testRegExp.test(s)) return undefined;
      return fromTags(runTagged(program, s), groupCount, s.length);
    },
  };
}

/** The engines read a subject up to its first NUL, as stap's C strings end there. */
function endAtNul(subject: string): string {
  const nul = subject.indexOf('\0');
  return nul < 0 ? subject : subject.slice(0, nul);
}

function tryRegExp(source: string, flags: '' | 'd'): RegExp | undefined {
  try {
    return new RegExp(source, flags);
  } catch {
    return undefined;
  }
}

function fromJsMatch(m: RegExpExecArray | null, groupCount: number): RegexMatch | undefined {
  if (m === null || m.indices === undefined) return undefined;
  const groups: (RegexSpan | undefined)[] = [];
  for (let n = 0; n < groupCount; n++) {
    const span = m.indices[n];
    groups.push(span === undefined ? undefined : [span[0], span[1]]);
  }
  return { groups };
}

/** Spans from tag values; positions past the end (after reading the NUL for `$`) are clamped. */
function fromTags(tags: Int32Array | undefined, groupCount: number, length: number): RegexMatch | undefined {
  if (tags === undefined) return undefined;
  const groups: (RegexSpan | undefined)[] = [];
  for (let n = 0; n < groupCount; n++) {
    const start = tags[2 * n]!;
    const end = tags[2 * n + 1]!;
    groups.push(start < 0 || end < 0 ? undefined : [Math.min(start, length), Math.min(end, length)]);
  }
  return { groups };
}
