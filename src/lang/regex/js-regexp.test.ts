import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RegexAst } from './ast.js';
import { isRegexError } from './error.js';
import { isDeterministicLinear, isJsTestSafe, toJsSource } from './js-regexp.js';
import { parseRegex } from './parse.js';

function ast(pattern: string): RegexAst {
  const result = parseRegex(pattern);
  if (isRegexError(result)) assert.fail(result.error);
  return result;
}

const source = (pattern: string) => toJsSource(ast(pattern).root);

describe('toJsSource', () => {
  it('spells every character as a \\x escape', () => {
    assert.equal(source('a.b'), '\\x61[^\\x00]\\x62');
    assert.equal(source('\\.\\[\\\\'), '\\x2e\\x5b\\x5c');
    assert.equal(source('[]^\\-]'), '[\\x2d\\x5d-\\x5e]');
    assert.equal(source('[^a]'), '[\\x01-\\x60\\x62-\\uffff]');
    assert.equal(source('[[:digit:]]'), '[\\x30-\\x39]');
  });

  it('keeps groups, anchors, alternation and closures', () => {
    assert.equal(source('^(a|b)*$'), '^(?:((?:\\x61|\\x62)))*$');
    assert.equal(source('(?:x)'), '(?:\\x3a\\x78)');
    assert.equal(
      source('a{2,}b{0,3}c{4}d?e+'),
      '(?:\\x61){2,}(?:\\x62){0,3}(?:\\x63){4}(?:\\x64)?(?:\\x65)+',
    );
    assert.equal(source('a**'), '(?:(?:\\x61)*)*');
    assert.equal(source(''), '(?:)');
    assert.equal(source('a|'), '(?:\\x61|(?:))');
  });

  it('produces sources V8 accepts, matching the same strings', () => {
    for (const [pattern, subject, matches] of [
      ['a[]b]c', 'a]c', true],
      ['[$^]+', '$^', true],
      ['x\\{', 'x{', true],
      ['(a|b){2}', 'ab', true],
      ['[^a-z]', 'q', false],
    ] as const) {
      assert.equal(new RegExp(source(pattern)).test(subject), matches, pattern);
    }
  });
});

describe('isJsTestSafe', () => {
  it('needs every $ at the end', () => {
    assert.equal(isJsTestSafe(ast('a$')), true);
    assert.equal(isJsTestSafe(ast('(a$|b)')), true);
    assert.equal(isJsTestSafe(ast('(a$|b)c')), false);
    assert.equal(isJsTestSafe(ast('$^')), false);
    assert.equal(isJsTestSafe(ast('$$')), false);
    assert.equal(isJsTestSafe(ast('(a$)*')), false);
    assert.equal(isJsTestSafe(ast('(^a)?b')), true);
  });

  it('refuses patterns that can backtrack without bound', () => {
    assert.equal(isJsTestSafe(ast('(a*)*')), false);
    assert.equal(isJsTestSafe(ast('(ab)+')), false);
    assert.equal(isJsTestSafe(ast('(ab)?c')), true);
    assert.equal(isJsTestSafe(ast('a*b*c*')), true);
    assert.equal(isJsTestSafe(ast('a*b*c*d*')), false);
    assert.equal(isJsTestSafe(ast('a{3}b{4}c{5}d{6}')), true);
  });
});

describe('isDeterministicLinear', () => {
  const cases: [string, boolean][] = [
    ['abc', true],
    ['^a*b+c?$', true],
    ['a*a', false],
    ['a*[ab]', false],
    ['a?b?a', false],
    ['a?b?c', true],
    ['a?bc?b', true],
    ['(a)(b*)c', true],
    ['(ab)*', false],
    ['a|b', false],
    ['a^b', false],
    ['^^a', false],
    ['a$b', false],
    ['a$', true],
    ['[0-9]{1,3}\\.[0-9]{1,3}', true],
    ['[0-9]{1,3}[0-9]', false],
    ['x{0}x', true],
    ['.*', true],
    ['.*a', false],
    ['(?:a)*', false],
  ];
  for (const [pattern, expected] of cases) {
    it(`${pattern}: ${expected}`, () => assert.equal(isDeterministicLinear(ast(pattern)), expected));
  }
});
