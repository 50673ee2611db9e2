import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ScriptError, type Value } from '../context.js';
import { fakeSession } from './fake-context.js';
import { BUILTIN_IMPLS } from './index.js';

const { ctx } = fakeSession();
const call = (name: keyof typeof BUILTIN_IMPLS, ...args: Value[]) => BUILTIN_IMPLS[name](ctx, args);

describe('strlen', () => {
  test('counts bytes', () => {
    assert.equal(call('strlen', ''), 0n);
    assert.equal(call('strlen', '0123456789'), 10n);
    assert.equal(call('strlen', '\xc3\xa9'), 2n);
  });
  test('sees a C string: bounded by MAXSTRINGLEN - 1, ending at NUL', () => {
    const small = fakeSession({ maxStringLen: 64 }).ctx;
    assert.equal(BUILTIN_IMPLS.strlen(small, ['0123456789'.repeat(25)]), 63n);
    assert.equal(call('strlen', 'ab\0cd'), 2n);
  });
});

describe('substr (systemtap.string/substr.exp)', () => {
  const s = 'Hello World!';
  const cases: [bigint, bigint, string][] = [
    [0n, 0n, ''],
    [-1n, 10n, ''],
    [10n, 0n, ''],
    [0n, 1n, 'H'],
    [1n, 1n, 'e'],
    [2n, 1n, 'l'],
    [2n, 5n, 'llo W'],
    [6n, 1n, 'W'],
    [11n, 1n, '!'],
    [11n, 100n, '!'],
    [12n, 1n, ''],
    [0n, 10n, 'Hello Worl'],
    [0n, 100n, 'Hello World!'],
    [0n, 100000n, 'Hello World!'],
  ];
  for (const [start, length, expected] of cases) {
    test(`${start},${length}`, () => assert.equal(call('substr', s, start, length), expected));
  }
  test('negative and wrapping lengths give ""', () => {
    assert.equal(call('substr', s, 0n, -5n), '');
    assert.equal(call('substr', s, 0n, 9223372036854775807n), '');
  });
  test('the length is clamped to MAXSTRINGLEN - 1', () => {
    const small = fakeSession({ maxStringLen: 8 }).ctx;
    assert.equal(BUILTIN_IMPLS.substr(small, [s, 0n, 100n]), 'Hello W');
  });
});

describe('stringat', () => {
  test('returns the byte, signed like a C char', () => {
    assert.equal(call('stringat', 'abc', 0n), 97n);
    assert.equal(call('stringat', 'abc', 2n), 99n);
    assert.equal(call('stringat', 'x\xe9', 1n), -23n);
  });
  test('reports a bad position', () => {
    for (const pos of [-1n, 3n, 100n]) {
      assert.throws(() => call('stringat', 'abc', pos), new ScriptError('Position out of bounds'));
    }
    assert.throws(() => call('stringat', '', 0n), { message: 'Position out of bounds' });
  });
});

describe('isinstr / strpos (isinstr.exp, strpos.exp)', () => {
  test('isinstr', () => {
    assert.equal(call('isinstr', 'abcfoobad', 'foo'), 1n);
    assert.equal(call('isinstr', 'abcdefg', 'foo'), 0n);
    assert.equal(call('isinstr', '', ''), 1n);
  });
  test('strpos', () => {
    assert.equal(call('strpos', 'foo', 'abcfoobad'), -1n);
    assert.equal(call('strpos', 'abcfoobad', 'foo'), 3n);
    assert.equal(call('strpos', 'foo', 'foo'), 0n);
    assert.equal(call('strpos', 'foo', ''), 0n);
    assert.equal(call('strpos', '', 'foo'), -1n);
    assert.equal(call('strpos', '', ''), 0n);
  });
});

describe('str_replace (str_replace.exp, -DMAXSTRINGLEN=128)', () => {
  const small = fakeSession({ maxStringLen: 128 }).ctx;
  const replace = (...args: string[]) => BUILTIN_IMPLS.str_replace(small, args);
  const long =
    'Here I am, on the road again. there I am, up on the stage, Here I go, playing star again. There I go, turn the page.- Bob Seger';
  test('replaces every occurrence', () => {
    assert.equal(replace('hello system tap', 'system', 'pointer'), 'hello pointer tap');
    assert.equal(replace('hello system tap', 'hello', 'pointer'), 'pointer system tap');
    assert.equal(replace('hello system tap', 'tap', 'pointer'), 'hello system pointer');
    assert.equal(replace(long, 'Here', 'here'), long.replaceAll('Here', 'here'));
    assert.equal(replace(long, 'Bob Seger', 'Metallica'), long.replace('Bob Seger', 'Metallica'));
    assert.equal(replace('aaaa', 'aa', 'b'), 'bb');
  });
  test('truncates the result', () => {
    assert.equal(replace(long, 'road', 'bored'), long.replace('road', 'bored').slice(0, 127));
    assert.ok((replace(long, 'road', 'bored') as string).endsWith('Bob Sege'));
  });
  test('a "\\0" string is empty', () => {
    assert.equal(replace('hello system tap', 'system', '\0'), 'hello  tap');
    assert.equal(replace('hello system tap', '\0', 'pointer'), 'hello system tap');
    assert.equal(replace('\0', '\0', 'pointer'), '');
    assert.equal(replace('\0', '\0', '\0'), '');
  });
});

describe('tokenize (tokenize.exp)', () => {
  const tokens = (input: string, delim: string): string[] => {
    const { ctx: own } = fakeSession();
    const out: string[] = [];
    let token = BUILTIN_IMPLS.tokenize(own, [input, delim]);
    while (token !== '') {
      out.push(token as string);
      token = BUILTIN_IMPLS.tokenize(own, ['', delim]);
    }
    return out;
  };
  test('splits and skips empty tokens', () => {
    const numbers = 'one|two|three|four|five|six|seven|eight|nine|ten';
    assert.deepEqual(tokens(numbers, '|'), numbers.split('|'));
    assert.deepEqual(tokens(numbers, ','), [numbers]);
    assert.deepEqual(tokens('a,b,c,d,e,f,g', ','), ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    assert.deepEqual(tokens('1,,2,3, ,4', ','), ['1', '2', '3', ' ', '4']);
    assert.deepEqual(tokens('', ','), []);
    assert.deepEqual(tokens('this is a string with no delimiters', ','), [
      'this is a string with no delimiters',
    ]);
    assert.deepEqual(tokens('this is a string, which has two delimiters', ', '), [
      'this',
      'is',
      'a',
      'string',
      'which',
      'has',
      'two',
      'delimiters',
    ]);
    assert.deepEqual(tokens(',,a,,', ','), ['a']);
    assert.deepEqual(tokens('abc', ''), ['abc']);
  });
  test('the one-argument form continues; an exhausted input stays exhausted', () => {
    const { ctx: own } = fakeSession();
    assert.equal(BUILTIN_IMPLS.tokenize(own, ['a b', ' ']), 'a');
    assert.equal(BUILTIN_IMPLS.tokenize(own, [' ']), 'b');
    assert.equal(BUILTIN_IMPLS.tokenize(own, [' ']), '');
    assert.equal(BUILTIN_IMPLS.tokenize(own, ['', ' ']), '');
    assert.equal(BUILTIN_IMPLS.tokenize(fakeSession().ctx, ['', ' ']), '');
  });
  test('the delimiter set can change between calls', () => {
    const { ctx: own } = fakeSession();
    assert.equal(BUILTIN_IMPLS.tokenize(own, ['k=v;x=y', '=']), 'k');
    assert.equal(BUILTIN_IMPLS.tokenize(own, ['', ';']), 'v');
    assert.equal(BUILTIN_IMPLS.tokenize(own, ['', '']), 'x=y');
  });
});

describe('strtol (strtol.exp) and the kernel simple_strtol rules', () => {
  test('strtol.exp', () => {
    assert.equal(call('strtol', '1', 10n), 1n);
    assert.equal(call('strtol', '-1', 10n), -1n);
    assert.equal(call('strtol', '123456789', 10n), 123456789n);
    assert.equal(call('strtol', '-123456789', 10n), -123456789n);
    assert.equal(call('strtol', 'abcdef', 10n), 0n);
    assert.equal(call('strtol', '1a2b3c4d5e6f7g8h9', 10n), 1n);
    assert.equal(call('strtol', ' 1 2 3 4', 10n), 0n);
    assert.equal(call('strtol', '', 10n), 0n);
    assert.equal(call('strtol', '1000', 10n), 1000n);
    assert.equal(call('strtol', '1000', 16n), 4096n);
    assert.equal(call('strtol', '1000', 8n), 512n);
    assert.equal(call('strtol', '1000', 2n), 8n);
  });
  test('bases and prefixes', () => {
    assert.equal(call('strtol', '0x1f', 0n), 31n);
    assert.equal(call('strtol', '0X1F', 16n), 31n);
    assert.equal(call('strtol', '0xg', 0n), 0n);
    assert.equal(call('strtol', '0xg', 16n), 0n);
    assert.equal(call('strtol', '010', 0n), 8n);
    assert.equal(call('strtol', '19', 0n), 19n);
    assert.equal(call('strtol', 'ff', 16n), 255n);
    assert.equal(call('strtol', 'FFz', 16n), 255n);
    assert.equal(call('strtol', '-0x10', 16n), -16n);
    assert.equal(call('strtol', '+5', 10n), 0n);
    assert.equal(call('strtol', '--5', 10n), 0n);
    assert.equal(call('strtol', 'z', 36n), 0n);
    assert.equal(call('strtol', 'af', 36n), 375n);
  });
  test('overflow wraps modulo 2^64', () => {
    assert.equal(call('strtol', '9223372036854775807', 10n), 9223372036854775807n);
    assert.equal(call('strtol', '9223372036854775808', 10n), -9223372036854775808n);
    assert.equal(call('strtol', '18446744073709551615', 10n), -1n);
    assert.equal(call('strtol', '18446744073709551617', 10n), 1n);
    assert.equal(call('strtol', 'ffffffffffffffff', 16n), -1n);
  });
});

describe('isdigit', () => {
  test('checks the first byte', () => {
    assert.equal(call('isdigit', '0abc'), 1n);
    assert.equal(call('isdigit', '9'), 1n);
    assert.equal(call('isdigit', 'a1'), 0n);
    assert.equal(call('isdigit', ' 1'), 0n);
    assert.equal(call('isdigit', ''), 0n);
  });
});

describe('text_str / text_strn (text_str.exp)', () => {
  const a1 = '1234567890';
  const b1 = a1 + a1;
  const c1 = a1 + b1;
  const strn = (s: string, len: bigint, quoted: bigint) => call('text_strn', s, len, quoted);
  test('plain digits', () => {
    assert.deepEqual(
      [a1, b1, c1].map((s) => call('text_str', s)),
      [a1, b1, c1],
    );
    assert.deepEqual(
      [a1, b1, c1].map((s) => strn(s, 0n, 0n)),
      [a1, b1, c1],
    );
    assert.deepEqual(
      [a1, b1, c1].map((s) => strn(s, 10n, 0n)),
      [a1, a1, a1],
    );
    assert.deepEqual(
      [a1, b1, c1].map((s) => strn(s, 0n, 1n)),
      [`"${a1}"`, `"${b1}"`, `"${c1}"`],
    );
    assert.deepEqual(
      [a1, b1, c1].map((s) => strn(s, 10n, 1n)),
      ['"12345"...', '"12345"...', '"12345"...'],
    );
    assert.deepEqual(
      [a1, b1, c1].map((s) => strn(s, 12n, 1n)),
      ['"1234567890"', '"1234567"...', '"1234567"...'],
    );
  });
  const a2 = '\n\nXYZZY\x19';
  const b2 = '\x3f\x99\x07\n\n\r\n';
  const c2 = a2 + b2;
  test('escapes', () => {
    assert.deepEqual(
      [a2, b2, c2].map((s) => call('text_str', s)),
      ['\\n\\nXYZZY\\031', '?\\231\\a\\n\\n\\r\\n', '\\n\\nXYZZY\\031?\\231\\a\\n\\n\\r\\n'],
    );
    assert.deepEqual(
      [a2, b2, c2].map((s) => strn(s, 0n, 0n)),
      ['\\n\\nXYZZY\\031', '?\\231\\a\\n\\n\\r\\n', '\\n\\nXYZZY\\031?\\231\\a\\n\\n\\r\\n'],
    );
    assert.deepEqual(
      [a2, b2, c2].map((s) => strn(s, 10n, 0n)),
      ['\\n\\nXYZZY', '?\\231\\a\\n', '\\n\\nXYZZY'],
    );
    assert.deepEqual(
      [a2, b2, c2].map((s) => strn(s, 12n, 0n)),
      ['\\n\\nXYZZY', '?\\231\\a\\n\\n', '\\n\\nXYZZY'],
    );
    assert.deepEqual(
      [a2, b2, c2].map((s) => strn(s, 0n, 1n)),
      ['"\\n\\nXYZZY\\031"', '"?\\231\\a\\n\\n\\r\\n"', '"\\n\\nXYZZY\\031?\\231\\a\\n\\n\\r\\n"'],
    );
    assert.deepEqual(
      [a2, b2, c2].map((s) => strn(s, 10n, 1n)),
      ['"\\n\\nX"...', '"?\\231"...', '"\\n\\nX"...'],
    );
    assert.deepEqual(
      [a2, b2, c2].map((s) => strn(s, 15n, 1n)),
      ['"\\n\\nXYZZY\\031"', '"?\\231\\a\\n"...', '"\\n\\nXYZZY"...'],
    );
  });
  test('UTF-8 sequences become \\u / \\U escapes; malformed bytes octal', () => {
    assert.equal(call('text_str', 'caf\xc3\xa9'), 'caf\\u00E9');
    assert.equal(call('text_str', '\xe2\x82\xac'), '\\u20AC');
    assert.equal(call('text_str', '\xf0\x9f\x98\x80!'), '\\U0001F600!');
    assert.equal(call('text_str', '\xc0\x80'), '\\300\\200');
    assert.equal(call('text_str', '\xed\xa0\x80'), '\\355\\240\\200');
    assert.equal(call('text_str', '\xc3'), '\\303');
    assert.equal(call('text_str', '\xc3(\\"'), '\\303(\\\\\\"');
    assert.equal(call('text_str', '\x7f\x1b\t\v\f\b'), '\\177\\033\\t\\v\\f\\b');
  });
  test('an escape that does not fit is left out whole', () => {
    assert.equal(strn('ab\xc3\xa9', 7n, 0n), 'ab');
    assert.equal(strn('ab\xc3\xa9', 8n, 0n), 'ab\\u00E9');
    // The `"...` tail takes the last 3 bytes of the budget, or the whole escape it would split.
    assert.equal(strn('abcd\xc3\xa9xyz', 8n, 1n), '"abc"...');
    assert.equal(strn('\xc3\xa9xyzw', 9n, 1n), '""...');
    assert.equal(strn('\xc3\xa9xyzw', 12n, 1n), '"\\u00E9xyzw"');
    assert.equal(strn('12345', -3n, 1n), '"12345"');
    // A quoted budget is at least 5 bytes, so a tiny one still shows the tail.
    assert.equal(strn('123456', 3n, 1n), '""...');
  });
});

describe('string_quoted (string_quoted.exp)', () => {
  test('quotes and escapes', () => {
    assert.equal(call('string_quoted', ''), '""');
    assert.equal(call('string_quoted', 'hello world'), '"hello world"');
    assert.equal(call('string_quoted', 'hello\nworld'), '"hello\\nworld"');
    assert.equal(call('string_quoted', '"hello\nworld"'), '"\\"hello\\nworld\\""');
  });
  test('a result longer than MAXSTRINGLEN - 1 is cut with "..."', () => {
    const small = fakeSession({ maxStringLen: 16 }).ctx;
    assert.equal(BUILTIN_IMPLS.string_quoted(small, ['abcdefghijklmnopq']), '"abcdefghij"...');
    assert.equal(BUILTIN_IMPLS.string_quoted(small, ['abcdefghijklm']), '"abcdefghijklm"');
  });
});
