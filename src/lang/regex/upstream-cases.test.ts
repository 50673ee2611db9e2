/**
 * Cases taken from the expectations of upstream's regex tests (testsuite/runok/regex.stp and
 * regex_grouping.stp, themselves drawn from glibc's and re2c's suites), as data: the pattern and
 * subject are written as the stap string literals were, which JavaScript string syntax reads the
 * same way here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CompiledRegex, compileRegex, matchedText } from './compile.js';
import { describeRegexError, isRegexError } from './error.js';

function compiled(pattern: string): CompiledRegex {
  const c = compileRegex(pattern);
  if (isRegexError(c)) assert.fail(`${JSON.stringify(pattern)}: ${describeRegexError(c)}`);
  return c;
}

/** `[pattern, subject, matches]` for `subject =~ pattern`. */
const MATCHES: readonly [string, string, boolean][] = [
  ['\\\\', '\\', true],
  ['abc', 'xabcy', true],
  ['ab*bc', 'abbbbc', true],
  ['ab?bc', 'abbc', true],
  ['^abc$', 'abcc', false],
  ['a[b-d]e', 'abd', false],
  ['a[b-d]e', 'ace', true],
  ['a\\(*b', 'ab', true],
  ['a\\(*b', 'a((b', true],
  ['(a+|b)*', 'ab', true],
  ['(a+|b)+', 'ab', true],
  ['([abc])*d', 'abbbcd', true],
  ['^(ab|cd)e', 'abcde', false],
  ['(bc+d$|ef*g.|h?i(j|k))', 'ij', true],
  ['(bc+d$|ef*g.|h?i(j|k))', 'effg', false],
  ['(((((((((a)))))))))', 'a', true],
  ['\\((.*),', '(.*)\\)', false],
  ['[k]', 'ab', false],
  ['', '', true],
  ['s*', 'ssss', true],
  ['abc', 'zb', false],
  ['abc', 'ab', false],
  ['', 'abc', true],
  ['^abc', 'abc', true],
  ['^', 'abc', true],
  ['a^', 'abc', false],
  ['^abc', 'zabc', false],
  ['ab^c', 'abc', false],
  ['a*^b', 'b', true],
  ['abc', 'zabc', true],
  ['.*', 'stuffs', true],
  ['$^', '', false],
  ['$.*', '', true],
  ['$a^', 'a', false],
  ['$.*', 'a', true],
  ['$.+', 'a', false],
  ['.*^', '', true],
  ['.*^', 'a', true],
  ['.+^', 'a', false],
  ['a^b', '', false],
  ['a^b', 'ab', false],
  ['a^b', 'a', false],
  ['e$f', '', false],
  ['e$f', 'ef', false],
  ['e$f', 'e', false],
  ['[^ab]', 'c', true],
  ['[^ab]*', '', true],
  ['[ab]*', 'ababab', true],
  ['h$', 'abh', true],
  ['a|.h$', 'abh', true],
  ['^ag|.h$', 'abh', true],
  ['a(bc+|b[eh])g|.h$', 'abh', true],
  ['^a(bc)g|.h', 'abh', true],
  ['^(a)|.h$', 'abh', true],
  ['^a(bc+|b[eh])g|.h$', 'abh', true],
  ['^a(bc+|b[eh])g|h$', 'abh', true],
  ['^|$', '', true],
  ['a|$', '', true],
  ['^a|$', '', true],
  ['^a|h$', 'h', true],
  ['^acg|.h$', 'ah', true],
  ['^[[:cntrl:]]$', 'q', false],
  ['^[[:graph:]]+$', 'excibitobabble', true],
  ['^[[:graph:]]+$', 'many works many words', false],
  ['^[[:print:]]+$', 'many works many words', true],
  ['[\\^a]', 'a', true],
  ['[\\^a]', 'b', false],
  ['[\\[:alpha:]]', ':]', true],
  ['[\\[:alpha:]]', ':', false],
  ['[\\[:alpha:]', ':', true],
  ['[\\[\\:alpha:]', ':', true],
  ['^$', '', true],
  ['^a$', 'a', true],
  ['abc', 'xbc', false],
  ['abc', 'ababc', true],
  ['ab+bc', 'abc', false],
  ['ab+bc', 'abq', false],
  ['ab?bc', 'abbbbc', false],
  ['^abc$', 'aabc', false],
  ['abc$', 'aabc', true],
  ['$', 'abc', true],
  ['a.*c', 'axyzd', false],
  ['a[bc]d', 'abc', false],
  ['a[-b]', 'a-', true],
  ['a[b-]', 'a-', true],
  ['a]', 'a]', true],
  ['a[]]b', 'a]b', true],
  ['a[^bc]d', 'aed', true],
  ['a[^bc]d', 'abd', false],
  ['a[^-b]c', 'adc', true],
  ['a[^-b]c', 'a-c', false],
  ['a[^]b]c', 'a]c', false],
  ['a[^]b]c', 'adc', true],
  ['()ef', 'def', true],
  ['()*', '-', true],
  ['$b', 'b', false],
  ['a\\(b', 'a(b', true],
  ['a\\x', 'a\\x', false],
  ['abc)', '-', false],
  ['a**', '-', true],
  ['a*?', '-', true],
  ['(a*)*', '-', true],
  ['(a*)+', '-', true],
  ['(a|)*', '-', true],
  ['(a*|b)*', '-', true],
  ['(^)*', '-', true],
  ['(ab|)*', '-', true],
  ['abc', '', false],
  ['a*', '', true],
  ['((a*|b))*', '-', true],
  ['a[bcd]*dcdcde', 'adcdcde', true],
  ['a[bcd]+dcdcde', 'adcdcde', false],
  ['(bc+d$|ef*g.|h?i(j|k))', 'bcdd', false],
  ['(bc+d$|ef*g.|h?i(j|k))', 'reffgz', true],
  ['((((((((((a))))))))))', '-', false],
  ['multiple words of text', 'uh-uh', false],
  ['multiple words', 'multiple words, yeah', true],
  ["M[ou]'?am+[ae]r .*([AEae]l[- ])?[GKQ]h?[aeu]+([dtz][dhz]?)+af[iy]", "Mu'ammar Qadhdhafi", true],
  ["M[ou]'?am+[ae]r .*([AEae]l[- ])?[GKQ]h?[aeu]+([dtz][dhz]?)+af[iy]", 'Moammar Khadafy ', true],
  [
    "M[ou]'?am+[ae]r .*([AEae]l[- ])?[GKQ]h?[aeu]+([dtz][dhz]?)+af[iy]",
    "Mulazim Awwal Mu'ammar Muhammad Abu Minyar al-Qadhafi",
    true,
  ],
  ['[[:digit:]]+', '01234', true],
  ['[[:alpha:]]+', '01234', false],
  ['^[[:digit:]]*$', '01234a', false],
  ['^[[:alnum:]]*$', '01234a', true],
  ['^[[:xdigit:]]*$', '01234g', false],
  ['^[[:alnum:][:space:]]*$', 'Hello world', true],
  ['/usr/lib/jvm/java-1.8.0-openjdk-1.8.0.181-3.b13.el7_5.x86_64/', 'stuff', false],
  ['a'.repeat(400), 'a'.repeat(400), true],
  ['a'.repeat(62), 'stuff', false],
  ['du+de', 'duuuuuuuuude', true],
  ['d([ou]|hu|hou)+de(tte)?s?', 'duuuuuuuuude', true],
];

/**
 * `[pattern, subject, groups]`: the texts `matched(0..)` returns (checked up to the length
 * given; "" also for a group that took no part), or false for no match.
 */
const GROUPS: readonly [string, string, readonly string[] | false][] = [
  ['a*', 'aaa', ['aaa']],
  ['a?', 'aaa', ['a']],
  ['(ab)*', 'abab', ['abab', 'ab']],
  ['(ab)?', 'ab', ['ab', 'ab']],
  ['(ab)?', 'abab', ['ab', 'ab']],
  ['c(ab)*', 'cabab', ['cabab', 'ab']],
  ['c(ab)?', 'cabab', ['cab', 'ab']],
  ['(a*)a*a', 'aaa', ['aaa', 'aa']],
  ['re(gex)', 'regex', ['regex', 'gex']],
  ['(long|longer)', 'longer', ['longer']],
  ['regex', 'unrelated', false],
  ['a|b', 'ab', ['a']],
  ['a+|b', 'baaab', ['b']],
  ['a*|b', 'aaab', ['aaa']],
  ['a*|b', 'baaab', ['b']],
  ['b|a*', 'baaab', ['b']],
  ['(.*).*', 'abcdef', ['abcdef', 'abcdef']],
  ['\\\\', '\\', ['\\']],
  ['abc', 'xabcy', ['abc']],
  ['a\\(*b', 'a((b', ['a((b']],
  ['(a+|b)*', 'ab', ['ab', 'b']],
  ['(a+|b)+', 'ab', ['ab', 'b']],
  ['([abc])*d', 'abbbcd', ['abbbcd', 'c']],
  ['(ab|cd)e', 'abcde', ['cde', 'cd']],
  ['(ab|cd)e$', 'abcde', ['cde', 'cd']],
  ['(bc+d$|ef*g.|h?i(j|k))', 'ij', ['ij', 'ij', 'j']],
  ['(bc+d$|ef*g.|h?i(j|k))', '00effg12', ['effg1', 'effg1', '']],
  ['(bc+d$|ef*g.|h?i(j|k))', 'bcccd', ['bcccd', 'bcccd', '']],
  ['a(bc)d', 'abcd', ['abcd', 'bc']],
  ['ab[cde]', 'xyabez', ['abe']],
  [
    '^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\\?([^#]*))?(#(.*))?',
    'http://www.regex.com/pattern/matching.html#intro',
    [
      'http://www.regex.com/pattern/matching.html#intro',
      'http:',
      'http',
      '//www.regex.com',
      'www.regex.com',
      '/pattern/matching.html',
      '',
      '',
      '#intro',
      'intro',
    ],
  ],
  ['xy$', 'xyz', false],
  ['^#! */.*/(k|ba||pdk|z)sh', '#! /bin/sh', ['#! /bin/sh', '']],
  ['[abc]*d', 'foacabdxy', ['acabd']],
  ['a(.*)b', 'a b', ['a b', ' ']],
  ['(^|foo)bar', 'bar', ['bar', '']],
  ['(foo|^)bar', 'bar', ['bar', '']],
  ['(foo|^)bar', 'bazbar', false],
  ['(foo|^)bar', 'bazfoobar', ['foobar', 'foo']],
  ['a^b', 'a^b', false],
  ['a t.st', 'This is a test.', ['a test']],
  ['ab{0}c', 'ac', ['ac']],
  ['ab{0}c', 'abc', false],
  ['ab{1}{1}c', 'ac', false],
  ['ab{1}{1}c', 'abc', ['abc']],
  ['ab{2}{2}c', 'abbc', false],
  ['ab{2}{2}c', 'abbbbc', ['abbbbc']],
  ['ab{2}{2}c', 'abbbbbc', false],
  ['ab{0}{1}c', 'ac', ['ac']],
  ['ab{1}{0}c', 'abc', false],
  ['ab{0}*c', 'ac', ['ac']],
  ['ab{0}?c', 'abbc', false],
  ['ab{0}+c', 'ac', ['ac']],
  ['foo', 'b\xc3\xa4rfoob\xc3\xa4z', ['foo']],
  ['b.*foo', 'b\xc3\xa4rfoob\xc3\xa4z', ['b\xc3\xa4rfoo']],
  ['foo', 'barfoom', ['foo']],
  ['a|(b)', 'a', ['a', '']],
  ['a(b)(c)', 'abc', ['abc', 'b', 'c']],
  ['(fl|sni)[r]ili(pi|bi)', 'flibilibilibibirty', false],
];

describe('upstream regex tests: =~', () => {
  for (const [pattern, subject, matches] of MATCHES) {
    it(`${JSON.stringify(subject)} ${matches ? '=~' : '!~'} ${JSON.stringify(pattern)}`, () => {
      const c = compiled(pattern);
      assert.equal(c.test(subject), matches);
      assert.equal(c.match(subject) !== undefined, matches);
    });
  }
});

describe('upstream regex tests: matched(n)', () => {
  for (const [pattern, subject, groups] of GROUPS) {
    it(`${JSON.stringify(subject)} =~ ${JSON.stringify(pattern)}`, () => {
      const c = compiled(pattern);
      const m = c.match(subject);
      if (groups === false) {
        assert.equal(m, undefined);
        return;
      }
      assert.ok(m);
      assert.deepEqual(
        groups.map((_, n) => matchedText(subject, m, n)),
        groups,
      );
    });
  }

  it('counts every group, matched or not', () => {
    assert.equal(compiled('a|(b)').groupCount, 2);
    assert.equal(compiled('a').groupCount, 1);
    assert.equal(compiled('(a)(?:b)((c))').groupCount, 4);
  });
});
