import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RegexAst, RegexNode } from './ast.js';
import { type CharSet, charSetHas, charSetRanges, POSIX_CLASSES } from './char-set.js';
import { describeRegexError, isRegexError, type RegexError } from './error.js';
import { type ParseRegexOptions, parseRegex } from './parse.js';

function ast(pattern: string, options: ParseRegexOptions = {}): RegexAst {
  const result = parseRegex(pattern, options);
  if (isRegexError(result)) assert.fail(`${JSON.stringify(pattern)}: ${describeRegexError(result)}`);
  return result;
}

function error(pattern: string, options: ParseRegexOptions = {}): RegexError {
  const result = parseRegex(pattern, options);
  if (!isRegexError(result)) assert.fail(`${JSON.stringify(pattern)} parsed`);
  return result;
}

/** A compact rendering of the tree, to compare shapes. */
function show(node: RegexNode): string {
  switch (node.kind) {
    case 'Empty':
      return '()';
    case 'Literal':
      return node.escaped ? `\\${String.fromCharCode(node.code)}` : String.fromCharCode(node.code);
    case 'AnyChar':
      return 'ANY';
    case 'Bracket':
      return `[${node.negated ? '^' : ''}${showSet(node.set)}]`;
    case 'Anchor':
      return node.anchor;
    case 'Group':
      return `(${node.index ?? '?'}:${show(node.body)})`;
    case 'Concat':
      return `cat(${node.items.map(show).join(' ')})`;
    case 'Alternation':
      return `alt(${node.alternatives.map(show).join(' | ')})`;
    case 'Repeat':
      return `rep${node.op}{${node.min},${node.max ?? ''}}(${show(node.body)})`;
  }
}

function showSet(set: CharSet): string {
  const c = (code: number) =>
    code === 256 ? 'HI' : code >= 0x21 && code < 0x7f ? String.fromCharCode(code) : `#${code}`;
  return charSetRanges(set)
    .map(([from, to]) => (from === to ? c(from) : `${c(from)}-${c(to)}`))
    .join(',');
}

const shape = (pattern: string, options: ParseRegexOptions = {}) => show(ast(pattern, options).root);

describe('regex grammar', () => {
  it('parses literals, escapes and dot', () => {
    assert.equal(shape('a'), 'a');
    assert.equal(shape('abc'), 'cat(a b c)');
    assert.equal(shape('a.c'), 'cat(a ANY c)');
    assert.equal(shape('\\.\\*\\\\'), 'cat(\\. \\* \\\\)');
    // A backslash makes any character literal: no back-references, no \d or \w.
    assert.equal(shape('(a)\\1'), 'cat((1:a) \\1)');
    assert.equal(shape('\\d\\w'), 'cat(\\d \\w)');
    // `]`, `}` and `-` need no escape outside brackets.
    assert.equal(shape('a]}-'), 'cat(a ] } -)');
    assert.equal(shape(''), '()');
  });

  it('gives a closure the last character of a literal run only', () => {
    assert.equal(shape('ab*'), 'cat(a rep*{0,}(b))');
    assert.equal(shape('ab+c'), 'cat(a rep+{1,}(b) c)');
    assert.equal(shape('a\\.?'), 'cat(a rep?{0,1}(\\.))');
  });

  it('stacks closures', () => {
    assert.equal(shape('a**'), 'rep*{0,}(rep*{0,}(a))');
    assert.equal(shape('a+?'), 'rep?{0,1}(rep+{1,}(a))');
    assert.equal(shape('a{1}{2}'), 'rep{{2,2}(rep{{1,1}(a))');
  });

  it('parses intervals', () => {
    assert.equal(shape('a{3}'), 'rep{{3,3}(a)');
    assert.equal(shape('a{3,}'), 'rep{{3,}(a)');
    assert.equal(shape('a{0,5}'), 'rep{{0,5}(a)');
    assert.equal(shape('a{0}'), 'rep{{0,0}(a)');
    assert.equal(shape('a{007}'), 'rep{{7,7}(a)');
    assert.equal(shape('a{12344}'), 'rep{{12344,12344}(a)');
  });

  it('parses anchors, alternation and empty alternatives', () => {
    assert.equal(shape('^a$'), 'cat(^ a $)');
    assert.equal(shape('a|bc|'), 'alt(a | cat(b c) | ())');
    assert.equal(shape('|'), 'alt(() | ())');
    assert.equal(shape('a^b'), 'cat(a ^ b)');
  });

  it('numbers groups by their opening parenthesis', () => {
    const tree = ast('((a)|(b))(c)');
    assert.equal(show(tree.root), 'cat((1:alt((2:a) | (3:b))) (4:c))');
    assert.equal(tree.groupCount, 5);
    assert.equal(shape('()'), '(1:())');
    assert.equal(shape('(a|)'), '(1:alt(a | ()))');
  });

  it('keeps the colon of (?: in the group body, as upstream does', () => {
    const tree = ast('(?:ab)(c)');
    assert.equal(show(tree.root), 'cat((?:cat(: a b)) (1:c))');
    assert.equal(tree.groupCount, 2);
  });

  it('parses bracket expressions', () => {
    assert.equal(shape('[abc]'), '[a-c]');
    assert.equal(shape('[a-cx]'), '[a-c,x]');
    assert.equal(shape('[]a]'), '[],a]');
    assert.equal(shape('[^]a]'), '[^#1-\\,^-`,b-HI]');
    assert.equal(shape('[-a]'), '[-,a]');
    assert.equal(shape('[a-]'), '[-,a]');
    assert.equal(shape('[\\]]'), '[]]');
    assert.equal(shape('[\\^a]'), '[^,a]');
    assert.equal(shape('[.*+?(){}|$]'), '[$,(-+,.,?,{-}]');
    assert.equal(shape('[[:digit:]_]'), '[0-9,_]');
    assert.equal(shape('[[:digit:][:upper:]]'), '[0-9,A-Z]');
    // `[` not followed by `:` is a member, and a range may start there.
    assert.equal(shape('[[a]'), '[[,a]');
    assert.equal(shape('[[-a]'), '[[-a]');
    // Only `[:name:]` inside a bracket names a class.
    assert.equal(shape('[:alpha:]'), '[:,a,h,l,p]');
    assert.equal(shape('[\\[:alpha:]]'), 'cat([:,[,a,h,l,p] ])');
  });

  it('negates over every code but NUL', () => {
    const tree = ast('[^a]');
    assert.ok(tree.root.kind === 'Bracket');
    assert.equal(charSetHas(tree.root.set, 0), false);
    assert.equal(charSetHas(tree.root.set, 0x61), false);
    for (const code of [1, 0x62, 0x7f, 0x80, 0xff, 0x100])
      assert.equal(charSetHas(tree.root.set, code), true);
  });

  it('decodes C escapes in stap-content form', () => {
    const content = { form: 'stap-content' } as const;
    assert.equal(shape('\\x41\\102\\t', content), 'cat(A B \t)');
    assert.equal(shape('\\\\.', content), '\\.');
    // A C escape that yields a special character is that special character, as in stap.
    assert.equal(shape('\\x2e', content), 'ANY');
    assert.equal(shape('a\\000b', content), 'cat(a b)');
    assert.equal(shape('[\\x41-\\x43]', content), '[A-C]');
    // In decoded form the same characters are taken as they are.
    assert.equal(shape('\\x41'), 'cat(\\x 4 1)');
  });

  it('ignores a `)` when it is the very last character (upstream quirk)', () => {
    assert.equal(shape('abc)'), 'cat(a b c)');
    assert.equal(shape('(a))'), '(1:a)');
  });
});

describe('regex syntax errors', () => {
  const cases: [pattern: string, message: string, offset: number][] = [
    ['*a', "unexpected '*'", 0],
    ['a|+', "unexpected '+'", 2],
    ['(*)b', "unexpected '*'", 1],
    ['{1}', "unexpected '{'", 0],
    ['^*', "postfix closure '*' applied to anchoring operator", 1],
    ['a$?', "postfix closure '?' applied to anchoring operator", 2],
    ['^{2}', "postfix closure '{' applied to anchoring operator", 1],
    ['(?x)', "unexpected '(?x'", 2],
    ['(?', "unexpected '(?", 1],
    ['a)b', "unbalanced ')'", 2],
    [')(', "unbalanced ')'", 1],
    ['(ab', 'expected ), found end of regex', 2],
    ['(', 'expected ), found end of regex', 0],
    ['a{', 'expected number', 2],
    ['a{,3}', 'expected number', 3],
    ['a{2', 'unexpected end of regex', 3],
    ['a{2x}', "expected ',' or '}'", 3],
    ['a{2,x}', "expected '}' or number", 5],
    ['a{2,', "expected '}' or number", 4],
    ['a{2,3', 'expected }, found end of regex', 4],
    ['a{2,3x', 'expected }, found x', 5],
    ['a{12345}', '12345 is too large', 8],
    ['a{1,99999}', '99999 is too large', 10],
    ['a{99999999999999999999}', 'could not parse number 99999999999999999999', 23],
    ['a{3,1}', 'invalid interval {3,1}: maximum below minimum', 1],
    ['a\\', 'unexpected end of regex', 2],
    ['[a', 'unclosed character class', 1],
    ['[]', 'unclosed character class', 1],
    ['[ab', 'unclosed character class', 2],
    ['a[b-d}+', 'unclosed character class', 6],
    ['[a-', 'unclosed character class', 2],
    ['[b-a]', 'Inverted character range b-a', 4],
    ['[[:alpha', "unclosed character class '[:alph'", 8],
    ['[[:alpha:]', "unclosed character class '[:alpha:'", 10],
    ['[a]]b[', 'unclosed character class', 5],
  ];
  for (const [pattern, message, offset] of cases) {
    it(`${JSON.stringify(pattern)}: ${message}`, () => {
      assert.deepEqual(error(pattern), { error: message, offset, positionKnown: true });
    });
  }

  it('reports an unknown class without a position', () => {
    assert.equal(error('[[:alpha\\:]]').error, "unknown character class 'alpha\\'");
    const e = error('[[:word:]]');
    assert.deepEqual(e, { error: "unknown character class 'word'", offset: 1, positionKnown: false });
    assert.equal(describeRegexError(e), "regex compilation error: unknown character class 'word'");
  });

  it('formats the message as stap does', () => {
    assert.equal(
      describeRegexError(error('a[b-d}+')),
      'regex compilation error (at position 6): unclosed character class',
    );
  });

  it('reports bad C escapes in stap-content form, at stap positions', () => {
    const content = { form: 'stap-content' } as const;
    const cases: [string, string, number][] = [
      ['ab\\x4', 'two hex digits required in escape sequence', 3],
      ['\\x4g', 'two hex digits required in escape sequence', 2],
      ['\\xg4', 'two hex digits required in escape sequence', 3],
      ['\\400', 'octal escape sequence out of range', 1],
      ['\\7', 'octal escape sequence out of range', 1],
      ['\\08', 'three octal digits required in escape sequence', 1],
      ['\\018', 'three octal digits required in escape sequence', 2],
      ['\\0', 'three octal digits required in escape sequence', 1],
      ['\\1', 'three octal digits required in escape sequence', 1],
      ['a\\', 'unexpected end of regex', 2],
      ['(a\\x4', 'two hex digits required in escape sequence', 3],
    ];
    for (const [pattern, message, offset] of cases) {
      assert.deepEqual(error(pattern, content), { error: message, offset, positionKnown: true }, pattern);
    }
    // Positions count the characters as spelled: the error is after an escape.
    assert.deepEqual(error('\\x41[', content), {
      error: 'unclosed character class',
      offset: 4,
      positionKnown: true,
    });
    assert.deepEqual(error('\\x41['), { error: 'unclosed character class', offset: 4, positionKnown: true });
    assert.deepEqual(error('A['), { error: 'unclosed character class', offset: 1, positionKnown: true });
  });
});

describe('POSIX character classes', () => {
  /** Each class as the C library defines it for ASCII, written independently of the table. */
  const reference: Record<string, (c: number) => boolean> = {
    alpha: (c) => /[A-Za-z]/.test(String.fromCharCode(c)),
    alnum: (c) => /[A-Za-z0-9]/.test(String.fromCharCode(c)),
    blank: (c) => c === 0x20 || c === 0x09,
    cntrl: (c) => (c >= 1 && c < 0x20) || c === 0x7f,
    digit: (c) => c >= 0x30 && c <= 0x39,
    xdigit: (c) => /[0-9a-fA-F]/.test(String.fromCharCode(c)),
    graph: (c) => c > 0x20 && c < 0x7f,
    lower: (c) => c >= 0x61 && c <= 0x7a,
    print: (c) => c >= 0x20 && c < 0x7f,
    // Upstream's table lacks the backslash.
    punct: (c) => c > 0x20 && c < 0x7f && !/[A-Za-z0-9]/.test(String.fromCharCode(c)) && c !== 0x5c,
    space: (c) => c === 0x20 || (c >= 0x09 && c <= 0x0d),
    upper: (c) => c >= 0x41 && c <= 0x5a,
  };
  const aliases: Record<string, string> = { d: 'digit', l: 'lower', s: 'space', u: 'upper' };

  for (const name of [...Object.keys(reference), ...Object.keys(aliases)]) {
    it(`[[:${name}:]]`, () => {
      const tree = ast(`[[:${name}:]]`);
      assert.ok(tree.root.kind === 'Bracket');
      const expected = reference[aliases[name] ?? name]!;
      for (let c = 0; c <= 256; c++) {
        assert.equal(charSetHas(tree.root.set, c), c < 0x80 && expected(c), `${name} ${c}`);
      }
    });
  }

  it('has exactly the classes upstream has', () => {
    assert.deepEqual(
      [...POSIX_CLASSES.keys()].sort(),
      [...Object.keys(reference), ...Object.keys(aliases)].sort(),
    );
  });
});
