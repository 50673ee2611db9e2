import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRegex } from './compile.js';
import { buildRegexDfa, DFA_MATCH_STATE, patternDfa, type RegexDfa, runRegexDfa } from './dfa.js';
import { isRegexError } from './error.js';
import { parseRegex } from './parse.js';
import { compileProgram } from './program.js';

function dfaOf(pattern: string, maxStates = 256): RegexDfa {
  const dfa = patternDfa(pattern, maxStates);
  if (dfa === undefined || isRegexError(dfa)) assert.fail(`no DFA for ${JSON.stringify(pattern)}`);
  return dfa;
}

/** Asserts the DFA and the user-space engines agree on every subject. */
function agree(pattern: string, subjects: readonly string[]): void {
  const compiled = compileRegex(pattern);
  if (isRegexError(compiled)) assert.fail(`${JSON.stringify(pattern)} does not compile`);
  const dfa = dfaOf(pattern);
  for (const subject of subjects) {
    assert.equal(
      runRegexDfa(dfa, subject),
      compiled.test(subject),
      `${JSON.stringify(subject)} =~ ${JSON.stringify(pattern)}`,
    );
  }
}

/** Patterns in the spirit of upstream's regex tests (runok/regex.stp, glibc's and re2c's cases). */
const PATTERNS = [
  '',
  'abc',
  'ab*bc',
  'ab+bc',
  'ab?bc',
  '^abc$',
  '^abc',
  'abc$',
  '^',
  '$',
  '^$',
  '$^',
  'a^',
  '.*^',
  '.+^',
  '$.*',
  '$.+',
  'a^b',
  'a*^b',
  'a[b-d]e',
  'a[^bc]d',
  'a[-b]',
  'a[b-]',
  'a]',
  'a[]]b',
  '[^ab]*',
  '\\\\',
  'a\\(*b',
  '\\((.*),',
  '(a+|b)*',
  '(a+|b)+',
  '(a+|b)?',
  '([abc])*d',
  '^(ab|cd)e',
  '(bc+d$|ef*g.|h?i(j|k))',
  '(((((((((a)))))))))',
  '[k]',
  'a.c',
  'a.*c',
  '.',
  '.+',
  'x{2}',
  'x{2,}',
  'x{2,3}',
  '^x{2,3}$',
  '(ab){1,2}c',
  'a{0,2}b',
  '(a|b){3}',
  '[[:alpha:]]+',
  '^[[:digit:]]+$',
  '[[:space:]]',
  '[[:upper:]][[:lower:]]*',
  '[[:punct:]]',
  '[[:alnum:]_]+$',
  '[^[:alpha:]]',
  '[[:xdigit:]]{2}',
  'abcd|c',
  'ab|cd|e',
  '(a|ab)(c|bcd)(d*)',
  'a|b|c$',
  '(^a|b)c',
  '(a$|b)',
  '^(a|)$',
  '(?:ab)',
  'sh$|^ba',
  '^(perl|sh|bash)$',
  '[A-Za-z_][A-Za-z0-9_]*',
  'x*y*z*',
  '\\.',
  '[.]',
  '\xe9',
  '[\x80-\xff]',
];

const SUBJECTS = [
  '',
  'a',
  'b',
  'c',
  'ab',
  'abc',
  'abcc',
  'xabcy',
  'abbbbc',
  'abbc',
  'abc\n',
  'ace',
  'abd',
  'a((b',
  'abbbcd',
  'abcde',
  'ij',
  'effg',
  'effgz',
  'bcd',
  'x',
  'xx',
  'xxx',
  'xxxx',
  'ababc',
  'abcabc',
  'a]b',
  'a-',
  '\\',
  '.',
  'a.c',
  'a\nc',
  'Hello',
  'hello world',
  '1234',
  '12a4',
  'f0',
  '!',
  'perl',
  'bash',
  'sh',
  'zsh',
  'ba',
  'foo_bar9',
  '9foo',
  '\xe9t\xe9',
  '\x01\x7f',
];

describe('regex DFA', () => {
  it('answers as the user-space engines on every pattern and subject', () => {
    for (const pattern of PATTERNS) agree(pattern, [...SUBJECTS, ...PATTERNS]);
  });

  it('agrees with them on random patterns', () => {
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const atoms = ['a', 'b', '.', '[ab]', '[^a]', '^', '$', '(a|b)', '(ab|a)', '()', 'c'];
    const posts = ['', '', '', '*', '+', '?', '{2}', '{1,2}', '{0,}'];
    const subjects: string[] = [];
    for (let i = 0; i < 200; i++) {
      let s = '';
      const n = random(7);
      for (let k = 0; k < n; k++) s += 'abc'[random(3)];
      subjects.push(s);
    }
    for (let i = 0; i < 400; i++) {
      let pattern = '';
      const n = 1 + random(5);
      for (let k = 0; k < n; k++) {
        pattern += atoms[random(atoms.length)]! + posts[random(posts.length)]!;
        if (random(6) === 0) pattern += '|';
      }
      if (pattern.endsWith('|')) pattern += 'b';
      if (isRegexError(compileRegex(pattern))) continue;
      if (patternDfa(pattern, 256) === undefined) continue;
      agree(pattern, subjects);
    }
  });

  it('stops at a NUL in the subject', () => {
    const dfa = dfaOf('^ab$');
    assert.equal(runRegexDfa(dfa, 'ab\0cd'), true);
    assert.equal(runRegexDfa(dfa, 'a\0b'), false);
  });

  it('keeps NUL in a class of its own and merges bytes read alike', () => {
    const dfa = dfaOf('[a-z]x');
    assert.equal(dfa.classOf[0], 0);
    assert.equal(dfa.classOf['b'.charCodeAt(0)], dfa.classOf['q'.charCodeAt(0)]);
    assert.notEqual(dfa.classOf['x'.charCodeAt(0)], dfa.classOf['q'.charCodeAt(0)]);
    assert.notEqual(dfa.classOf['A'.charCodeAt(0)], dfa.classOf['q'.charCodeAt(0)]);
    assert.equal(dfa.classCount, 4);
  });

  it('starts in the match state when the empty prefix matches', () => {
    assert.equal(dfaOf('').start, DFA_MATCH_STATE);
    assert.equal(dfaOf('^a*').start, DFA_MATCH_STATE);
    assert.notEqual(dfaOf('a').start, DFA_MATCH_STATE);
  });

  it('gives up past the state limit', () => {
    assert.equal(patternDfa('a.{20}', 256), undefined);
    assert.notEqual(patternDfa('a.{5}', 256), undefined);
    const ast = parseRegex('abc');
    if (isRegexError(ast)) assert.fail('abc');
    const program = compileProgram(ast);
    assert.ok(program);
    assert.equal(buildRegexDfa(program, 3), undefined);
    assert.equal(buildRegexDfa(program, 4)?.stateCount, 4);
  });

  it('reports a pattern stap refuses', () => {
    assert.ok(isRegexError(patternDfa('a(', 256)));
  });
});
