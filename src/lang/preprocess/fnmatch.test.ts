import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fnmatch } from './fnmatch.js';

// Each expected answer was taken from glibc's fnmatch(pattern, text, FNM_NOESCAPE).
const CASES: readonly (readonly [string, string, boolean])[] = [
  ['i?86', 'i686', true],
  ['i?86', 'x86_64', false],
  ['x86_*', 'x86_64', true],
  ['*', 'anything', true],
  ['*', '', true],
  ['?', '', false],
  ['a*b*c', 'aXXbYYc', true],
  ['a*b*c', 'aXXbYY', false],
  ['2.6.*', '2.6.32', true],
  ['[!x]86', 'i86', true],
  ['[!x]86', 'x86', false],
  ['[^x]86', 'i86', true],
  ['[a-c]', 'b', true],
  ['[a-c]', 'd', false],
  ['[]]', ']', true],
  ['[]a]', 'a', true],
  ['[!]]', ']', false],
  ['[', '[', true],
  ['[ab', '[ab', true],
  ['a[', 'a[', true],
  ['[[:digit:]]*', '4.19', true],
  ['[[:alpha:]]', '7', false],
  ['[[:foo:]]', 'a', false],
  ['[![:foo:]]', 'a', false],
  ['[a[:foo:]]', 'a', true],
  ['\\*', '\\x', true],
  ['\\*', '*', false],
  ['[\\]', '\\', true],
  ['*.x', '/a/.x', true],
  ['y*', 'y', true],
  ['y*', '', false],
  ['m', 'y', false],
  ['[a-]', '-', true],
  ['[z-a]', 'm', false],
  ['[.a.]', 'a', true],
  ['[=a=]', 'a', true],
  ['[!a-c]x', 'dx', true],
];

describe('fnmatch', () => {
  it('matches like glibc with FNM_NOESCAPE', () => {
    for (const [pattern, text, expected] of CASES) {
      assert.equal(fnmatch(pattern, text), expected, `${pattern} ~ ${text}`);
    }
  });
});
