import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CompiledRegex, compileRegex, matchedText, type RegexSpan } from './compile.js';
import { describeRegexError, isRegexError } from './error.js';
import { runTagged, runUntagged } from './pike-vm.js';
import { compileProgram } from './program.js';

function compiled(pattern: string): CompiledRegex {
  const c = compileRegex(pattern);
  if (isRegexError(c)) assert.fail(`${JSON.stringify(pattern)}: ${describeRegexError(c)}`);
  return c;
}

/** Group spans of the match, `null` for a group that took no part, or `null` for no match. */
function spans(pattern: string, subject: string): (RegexSpan | null)[] | null {
  const m = compiled(pattern).match(subject);
  return m ? m.groups.map((g) => g ?? null) : null;
}

/** The texts of all groups ("" for no part), or null for no match. */
function texts(pattern: string, subject: string): string[] | null {
  const m = compiled(pattern).match(subject);
  return m ? m.groups.map((_, n) => matchedText(subject, m, n)!) : null;
}

describe('compileRegex', () => {
  it('returns upstream errors as values', () => {
    const e = compileRegex('a[b-d}+');
    assert.ok(isRegexError(e));
    assert.equal(describeRegexError(e), 'regex compilation error (at position 6): unclosed character class');
  });

  it('caches per pattern and form', () => {
    assert.equal(compileRegex('x(y)z'), compileRegex('x(y)z'));
    assert.notEqual(compileRegex('\\x41'), compileRegex('\\x41', { form: 'stap-content' }));
    assert.equal(compiled('\\x41').test('x41'), true);
    const content = compileRegex('\\x41', { form: 'stap-content' });
    assert.ok(!isRegexError(content) && content.test('A'));
  });

  it('refuses programs too large to run', () => {
    const e = compileRegex('((a{100}){100}){100}');
    assert.ok(isRegexError(e));
    assert.equal(e.error, 'regex too complex');
  });
});

describe('regex matching semantics', () => {
  it('searches unanchored unless ^ anchors', () => {
    assert.deepEqual(spans('bc', 'abcd'), [[1, 3]]);
    assert.equal(spans('^bc', 'abcd'), null);
    assert.deepEqual(spans('cd$', 'abcd'), [[2, 4]]);
    assert.equal(spans('bc$', 'abcd'), null);
    assert.deepEqual(spans('^$', ''), [[0, 0]]);
    assert.deepEqual(spans('', 'abc'), [[0, 0]]);
    // ^ passes only before the first character, wherever it is written.
    assert.deepEqual(spans('(^|x)a', 'xaa'), [
      [0, 2],
      [0, 1],
    ]);
    assert.deepEqual(spans('a*^b', 'b'), [[0, 1]]);
  });

  it('reads $ as the NUL after the subject', () => {
    assert.deepEqual(spans('$.*', 'ab'), [[2, 2]]);
    assert.equal(spans('$^', ''), null);
    // A second $ is read only while the state after the first one accepts.
    assert.equal(spans('$$', ''), null);
    assert.deepEqual(spans('$|$$', ''), [[0, 0]]);
    assert.deepEqual(spans('(a$)', 'a'), [
      [0, 1],
      [0, 1],
    ]);
    // A match that needs $ ends after every match that does not: the first to end wins.
    assert.deepEqual(spans('ab$|b', 'ab'), [[1, 2]]);
  });

  it('fixes the start at the first match to end, not the leftmost', () => {
    assert.deepEqual(texts('abcd|c', 'abcd'), ['c']);
    assert.deepEqual(texts('xabc|b|bcd', 'xabcd'), ['bcd']);
    assert.deepEqual(texts('a+|b', 'baaab'), ['b']);
  });

  it('then keeps the longest match from that start', () => {
    assert.deepEqual(texts('(long|longer)', 'longer'), ['longer', 'longer']);
    assert.deepEqual(texts('a|ab|abc', 'abcd'), ['abc']);
    assert.deepEqual(texts('a*|b', 'baaab'), ['b']);
    assert.deepEqual(texts('x*', 'xxxy'), ['xxx']);
  });

  it('chooses submatches by priority: left alternative, greedy closures', () => {
    assert.deepEqual(texts('(a|ab)(c|bcd)(d*)', 'abcd'), ['abcd', 'a', 'bcd', '']);
    assert.deepEqual(texts('(a*)(a*)', 'aaa'), ['aaa', 'aaa', '']);
    assert.deepEqual(texts('(a*)a*a', 'aaa'), ['aaa', 'aa']);
    assert.deepEqual(texts('(a)*', 'aaa'), ['aaa', 'a']);
    assert.deepEqual(texts('(a|b)*', 'ab'), ['ab', 'b']);
    assert.deepEqual(texts('(a{2,3})(a*)', 'aaaaa'), ['aaaaa', 'aaa', 'aa']);
  });

  it('reports groups that took no part as unset', () => {
    assert.deepEqual(spans('a|(b)', 'a'), [[0, 1], null]);
    assert.deepEqual(spans('(a)*b', 'b'), [[0, 1], null]);
    assert.deepEqual(spans('(x)?y', 'y'), [[0, 1], null]);
    assert.deepEqual(spans('(a){0}b', 'ab'), [[1, 2], null]);
    assert.deepEqual(texts('a|(b)', 'a'), ['a', '']);
  });

  it('keeps a group of a shorter match that a longer one with the same start skipped', () => {
    // Upstream updates the match tag by tag, and only the tags the longer match set.
    assert.deepEqual(spans('(a)|ab', 'ab'), [
      [0, 2],
      [0, 1],
    ]);
    assert.deepEqual(spans('(a)b|ab(c)', 'abc'), [
      [0, 3],
      [0, 1],
      [2, 3],
    ]);
  });

  it('merges single-character alternatives and tries them first, as upstream does', () => {
    // `[ab]|(b)c`: the set is tried first, the longer match still wins.
    assert.deepEqual(spans('[ab]|(b)c', 'bc'), [
      [0, 2],
      [0, 1],
    ]);
  });

  it('matches (?:...) with its colon, as upstream does', () => {
    assert.deepEqual(texts('(?:ab)(c)', ':abc'), [':abc', 'c']);
    assert.equal(texts('(?:ab)', 'ab'), null);
  });

  it('treats subjects as byte strings ending at the first NUL', () => {
    assert.deepEqual(texts('b.*foo', 'b\xc3\xa4rfoo'), ['b\xc3\xa4rfoo']);
    assert.deepEqual(texts('[^a]+', 'a\xff\x80a'), ['\xff\x80']);
    assert.deepEqual(texts('\xe9', 'caf\xe9'), ['\xe9']);
    assert.equal(compiled('b').test('a\0b'), false);
    assert.equal(compiled('a$').test('a\0b'), true);
    assert.deepEqual(texts('.+', 'ab\0cd'), ['ab']);
    // Codes above 255 (not a byte string) are matched by `.` and negated sets only.
    assert.equal(compiled('^.$').test('\u0100'), true);
    assert.equal(compiled('[^a]').test('\u0100'), true);
    assert.equal(compiled('[a-z]').test('\u0100'), false);
  });

  it('matches POSIX classes and escapes', () => {
    assert.deepEqual(texts('[[:digit:]]+', 'ab0123cd'), ['0123']);
    assert.deepEqual(texts('[[:space:]]+', 'a \t\r\n\v\fb'), [' \t\r\n\v\f']);
    assert.equal(compiled('[[:punct:]]').test('\\'), false);
    assert.deepEqual(texts('\\.so$', 'libc.so'), ['.so']);
    assert.deepEqual(texts('a\\1', 'xa1'), ['a1']);
  });

  it('repeats intervals exactly', () => {
    assert.deepEqual(texts('a{2,3}', 'aaaa'), ['aaa']);
    assert.deepEqual(texts('^a{2}$', 'aa'), ['aa']);
    assert.equal(compiled('^a{2}$').test('aaa'), false);
    assert.deepEqual(texts('(ab){2,}', 'abababx'), ['ababab', 'ab']);
    assert.deepEqual(texts('x(a|b){0,2}y', 'xaby'), ['xaby', 'b']);
  });
});

describe('engine choice', () => {
  const engines = (pattern: string) => {
    const c = compiled(pattern);
    return `${c.testEngine}/${c.matchEngine}`;
  };

  it('uses V8 for match only on deterministic linear patterns', () => {
    assert.equal(engines('^/usr/lib/'), 'js/js');
    assert.equal(engines('\\.so$'), 'js/js');
    assert.equal(engines('^([0-9]+)-([a-z]*)$'), 'js/js');
    assert.equal(engines('a[^b]*b'), 'js/js');
    assert.equal(engines('(a)|b'), 'js/vm');
    assert.equal(engines('foo.*bar'), 'js/vm');
    assert.equal(engines('[0-9]{1,3}\\.'), 'js/js');
    assert.equal(engines('[0-9]{1,3}[0-9]'), 'js/vm');
    assert.equal(engines('a$b'), 'vm/vm');
  });

  it('keeps V8 from backtracking without bound', () => {
    assert.equal(engines('(a*)*b'), 'vm/vm');
    assert.equal(engines('(a|aa)+b'), 'vm/vm');
    assert.equal(engines('a*a*a*a*b'), 'vm/vm');
    assert.equal(engines('(\\.tar\\.(gz|bz2|xz)|\\.zip|\\.tgz|\\.tbz)$'), 'js/vm');
    const slow = compiled('(a|aa)+b');
    assert.equal(slow.test('a'.repeat(5000)), false);
  });
});

/** Random patterns over {a, b, c} for the differential tests. */
function* randomPatterns(count: number, seed: number): Generator<string> {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const atom = (depth: number): string => {
    const r = random();
    if (r < 0.45) return pick(['a', 'b', 'c']);
    if (r < 0.52) return '.';
    if (r < 0.62) return pick(['[ab]', '[^a]', '[a-c]', '[bc]', '[^bc]']);
    if (r < 0.67) return pick(['^', '$']);
    return depth < 2 ? `(${alternation(depth + 1)})` : 'a';
  };
  const factor = (depth: number): string => {
    const a = atom(depth);
    if (a === '^' || a === '$') return a;
    const r = random();
    if (r < 0.15) return `${a}*`;
    if (r < 0.25) return `${a}+`;
    if (r < 0.32) return `${a}?`;
    if (r < 0.38) return a + pick(['{2}', '{0,2}', '{1,3}', '{2,}', '{0}']);
    return a;
  };
  const term = (depth: number): string => {
    let t = '';
    for (let n = 1 + Math.floor(random() * 3); n > 0; n--) t += factor(depth);
    return t;
  };
  const alternation = (depth: number): string => {
    let e = term(depth);
    while (random() < 0.25) e += `|${term(depth)}`;
    return e;
  };
  for (let i = 0; i < count; i++) yield alternation(0);
}

function* subjects(): Generator<string> {
  for (let length = 0; length <= 4; length++) {
    for (let i = 0; i < 3 ** length; i++) {
      let s = '';
      for (let k = 0, v = i; k < length; k++, v = Math.floor(v / 3)) s += 'abc'[v % 3];
      yield s;
    }
  }
}

function tagSpans(tags: Int32Array, groupCount: number, length: number): (RegexSpan | null)[] {
  const out: (RegexSpan | null)[] = [];
  for (let n = 0; n < groupCount; n++) {
    const start = tags[2 * n]!;
    const end = tags[2 * n + 1]!;
    out.push(start < 0 || end < 0 ? null : [Math.min(start, length), Math.min(end, length)]);
  }
  return out;
}

describe('V8 and the Pike VM agree where V8 is used', () => {
  it('on random patterns and every short subject', () => {
    let checkedJsMatch = 0;
    for (const pattern of randomPatterns(400, 7)) {
      const c = compileRegex(pattern);
      if (isRegexError(c)) continue;
      const program = compileProgram(c.ast)!;
      if (c.matchEngine === 'js') checkedJsMatch++;
      for (const subject of subjects()) {
        const vmTags = runTagged(program, subject);
        assert.equal(c.test(subject), vmTags !== undefined, `${pattern} test ${subject}`);
        assert.equal(runUntagged(program, subject), vmTags !== undefined, `${pattern} untagged ${subject}`);
        const m = c.match(subject);
        const fromVm: (RegexSpan | null)[] | null = vmTags
          ? tagSpans(vmTags, c.groupCount, subject.length)
          : null;
        assert.deepEqual(m ? m.groups.map((g) => g ?? null) : null, fromVm, `${pattern} match ${subject}`);
      }
    }
    assert.ok(checkedJsMatch > 20, `only ${checkedJsMatch} patterns took the V8 match path`);
  });
});
