import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FormatComponent } from '../../lang/index.js';
import { parsePrintFormat } from '../../lang/index.js';
import type { PrintfFault, ReadMemory } from './printf.js';
import { formatPrintf, formatSprintf, STP_BUFFER_SIZE, toScriptString } from './printf.js';

function parse(format: string): readonly FormatComponent[] {
  const parsed = parsePrintFormat(format);
  if ('error' in parsed) assert.fail(parsed.error);
  return parsed.components;
}

function printf(format: string, ...args: (bigint | string)[]): string {
  const out = formatPrintf(parse(format), args);
  if (typeof out !== 'string') assert.fail(`unexpected fault: ${out.fault}`);
  return out;
}

/** The 64-bit value whose little-endian bytes spell `text` (8 chars). */
function fromBytes(text: string): bigint {
  let v = 0n;
  for (let k = text.length - 1; k >= 0; k--) v = (v << 8n) | BigInt(text.charCodeAt(k));
  return BigInt.asIntN(64, v);
}

const MIN64 = -(1n << 63n);

describe('integers', () => {
  const values = [3n, 12n, 7000000000123n, -1n, -4096n];
  const row = (format: string) => values.map((v) => printf(format, v)).join(',');

  test('%d and its widths, zero padding and ignored # / l', () => {
    assert.equal(row('%d'), '3,12,7000000000123,-1,-4096');
    assert.equal(row('%3d'), '  3, 12,7000000000123, -1,-4096');
    assert.equal(row('%14d'), '             3,            12, 7000000000123,            -1,         -4096');
    assert.equal(row('%014d'), '00000000000003,00000000000012,07000000000123,-0000000000001,-0000000004096');
    assert.equal(row('%ld'), row('%d'));
    assert.equal(row('%#d'), row('%d'));
    assert.equal(row('%i'), row('%d'));
  });

  test('%u reads the bits as unsigned 64-bit', () => {
    assert.equal(row('%u'), '3,12,7000000000123,18446744073709551615,18446744073709547520');
    assert.equal(printf('%+u % u', 5n, 5n), '5 5');
  });

  test('%x %X %o with and without #', () => {
    assert.equal(row('%x'), '3,c,65dd083707b,ffffffffffffffff,fffffffffffff000');
    assert.equal(row('%#x'), '0x3,0xc,0x65dd083707b,0xffffffffffffffff,0xfffffffffffff000');
    assert.equal(
      row('%014X'),
      '00000000000003,0000000000000C,00065DD083707B,FFFFFFFFFFFFFFFF,FFFFFFFFFFFFF000',
    );
    // One flag only: the 0 after # is part of the width.
    assert.equal(
      row('%#014x'),
      '           0x3,           0xc, 0x65dd083707b,0xffffffffffffffff,0xfffffffffffff000',
    );
    assert.equal(row('%o'), '3,14,145672040670173,1777777777777777777777,1777777777777777770000');
    assert.equal(row('%#o'), '03,014,0145672040670173,01777777777777777777777,01777777777777777770000');
  });

  test('# on zero still prints the prefix', () => {
    assert.equal(printf('%#x %#X %#o', 0n, 0n, 0n), '0x0 0X0 00');
  });

  test('+ and space apply to signed conversions only', () => {
    assert.equal(printf('%+d|% d|%+d|% d', 8n, 8n, -8n, -8n), '+8| 8|-8|-8');
    assert.equal(printf('%+x|% o', 8n, 8n), '8|10');
    assert.equal(printf('%+5d|%+05d|%05d', 8n, 8n, -8n), '   +8|   +8|-0008');
  });

  test('- wins over 0 and pads on the right', () => {
    assert.equal(printf('[%-6d][%-6x][%-06d]', -42n, 255n, 42n), '[-42   ][ff    ][42    ]');
  });

  test('precision pads digits with zeros, and 0 still pads to the width', () => {
    assert.equal(printf('%.5d|%8.5d|%-8.5d|', 42n, -42n, 42n), '00042|  -00042|00042   |');
    assert.equal(printf('%08.5d', -42n), '-0000042');
    assert.equal(printf('%#.6x', 0xabn), '0x0000ab');
    assert.equal(printf('%.0d', 0n), '0');
  });

  test('the 64-bit extremes', () => {
    assert.equal(
      printf('%d %x %u', MIN64, MIN64, MIN64),
      '-9223372036854775808 8000000000000000 9223372036854775808',
    );
    assert.equal(printf('%d', (1n << 63n) - 1n), '9223372036854775807');
  });
});

describe('%p', () => {
  const values = [0n, 1n, 0x9abcdefn, 0x7654321012345678n];
  const rows = (format: string) => values.map((v) => printf(format, v));

  test('plain, width, left, precision', () => {
    assert.deepEqual(rows('%p'), ['0x0', '0x1', '0x9abcdef', '0x7654321012345678']);
    assert.deepEqual(rows('%20p|'), [
      '                 0x0|',
      '                 0x1|',
      '           0x9abcdef|',
      '  0x7654321012345678|',
    ]);
    assert.deepEqual(rows('%-20p|'), [
      '0x0                 |',
      '0x1                 |',
      '0x9abcdef           |',
      '0x7654321012345678  |',
    ]);
    assert.deepEqual(rows('%.20p'), [
      '0x00000000000000000000',
      '0x00000000000000000001',
      '0x00000000000009abcdef',
      '0x00007654321012345678',
    ]);
    assert.deepEqual(rows('%20.8p|'), [
      '          0x00000000|',
      '          0x00000001|',
      '          0x09abcdef|',
      '  0x7654321012345678|',
    ]);
    assert.deepEqual(rows('%6p|'), ['   0x0|', '   0x1|', '0x9abcdef|', '0x7654321012345678|']);
  });

  test('--compatible below 1.3: padded to a whole pointer', () => {
    const legacy = (format: string, v: bigint) => formatPrintf(parse(format), [v], { legacyPointer: true });
    assert.equal(legacy('%p', 1n), '0x0000000000000001');
    assert.equal(legacy('%.1p', 0x12345678n), '0x0000000012345678');
    assert.equal(legacy('%20p|', 0n), '  0x0000000000000000|');
    assert.equal(legacy('%-20p|', 1n), '0x000000000000000001|');
    assert.equal(legacy('%8p|', 1n), '0x000001|');
    assert.equal(legacy('%8p|', 0x12345678abcdef00n), '0x12345678abcdef00|');
  });
});

describe('%s', () => {
  test('width, left, precision', () => {
    assert.equal(printf('<%s>', 'probe'), '<probe>');
    assert.equal(printf('<%8s><%-8s>', 'probe', 'probe'), '<   probe><probe   >');
    assert.equal(printf('<%.3s><%6.2s><%-6.2s>', 'probe', 'probe', 'probe'), '<pro><    pr><pr    >');
    assert.equal(printf('<%.0s>', 'probe'), '<>');
    assert.equal(printf('<%3s>', 'probe'), '<probe>');
  });

  test('dynamic width and precision', () => {
    assert.equal(printf('<%*s>', 7n, 'abc'), '<    abc>');
    assert.equal(printf('<%.*s>', 2n, 'abc'), '<ab>');
    assert.equal(printf('<%*.*s>', 5n, 1n, 'abc'), '<    a>');
  });

  test('a negative * width is 0, not left-justification', () => {
    assert.equal(printf('<%*s>', -7n, 'abc'), '<abc>');
    assert.equal(printf('<%*d>', -7n, 5n), '<5>');
  });

  test('a * width keeps only its low 32 bits', () => {
    assert.equal(printf('<%*d>', (1n << 32n) + 4n, 5n), '<   5>');
    assert.equal(printf('<%*d>', (1n << 32n) - 1n, 5n), '<5>');
  });

  test('%0s appends a NUL byte and pads with spaces', () => {
    assert.equal(printf('<%0s>', 'ab'), '<ab\0>');
    assert.equal(printf('<%05s>', 'ab'), '<   ab\0>');
  });

  test('a string stops at a NUL byte', () => {
    assert.equal(printf('<%s>', 'ab\0cd'), '<ab>');
  });

  test('bytes above 127 pass through', () => {
    assert.equal(printf('%s', '\xc3\xa9t\xc3\xa9'), '\xc3\xa9t\xc3\xa9');
  });
});

describe('%c', () => {
  test('the low byte of the value, padded', () => {
    assert.equal(printf('%c%c%c', 116n, 97n, 112n), 'tap');
    assert.equal(printf('%c', 0x170n), 'p');
    assert.equal(printf('[%3c][%-3c]', 120n, 120n), '[  x][x  ]');
    assert.equal(printf('%c', 0n), '\0');
    assert.equal(printf('%c', 233n), '\xe9');
  });

  test('%#c escapes control characters, quote, backslash and non-ASCII', () => {
    const chars = [97n, 32n, 126n, 7n, 8n, 12n, 10n, 13n, 9n, 11n, 39n, 92n];
    assert.equal(chars.map((c) => printf('%#c', c)).join(''), "a ~\\a\\b\\f\\n\\r\\t\\v\\'\\\\");
    const octal = [0n, 27n, 127n, 128n, 0xa9n, 0xffn];
    assert.equal(octal.map((c) => printf('%#c', c)).join(''), '\\000\\033\\177\\200\\251\\377');
  });

  test('%#c pads the escape to the width', () => {
    assert.equal(printf('[%#5c][%#3c][%#2c]', 10n, 1n, 1n), '[   \\n][\\001][\\001]');
    assert.equal(printf('[%-5c]', 10n), '[\n    ]');
  });
});

describe('%b', () => {
  const word = fromBytes('stapruns');

  test('default 8 bytes, little-endian', () => {
    assert.equal(printf('%b', word), 'stapruns');
    assert.equal(printf('%b', 0x0102n), '\x02\x01\0\0\0\0\0\0');
  });

  test('a width of 1, 2, 4 or 8 picks the size', () => {
    assert.equal(printf(':%1b:%2b:%4b:%8b:', word, word, word, word), ':s:st:stap:stapruns:');
    assert.equal(printf(':%*b:%*b:', 1n, word, 4n, word), ':s:stap:');
  });

  test('a precision picks the size, the width pads with NUL bytes', () => {
    assert.equal(printf(':%.1b:%.2b:%.4b:', word, word, word), ':s:st:stap:');
    assert.equal(printf(':%.*b:', 2n, word), ':st:');
    assert.equal(printf(':%4.2b:%8.1b:', word, word), ':\0\0st:\0\0\0\0\0\0\0s:');
    assert.equal(printf(':%-4.2b:', word), ':st\0\0:');
    assert.equal(printf(':%1.8b:%2.4b:', word, word), ':stapruns:stap:');
  });

  test('other sizes fall back to 8 bytes', () => {
    assert.equal(printf(':%3b:%.3b:%.0b:', word, word, word), ':stapruns:stapruns:stapruns:');
    assert.equal(printf(':%10b:', word), ':\0\0stapruns:');
  });
});

describe('%m and %M', () => {
  const memory = new Map<bigint, string>();
  const base = 0xffff888000001000n;
  for (const [k, ch] of [...'kernel!'].entries()) memory.set(base + BigInt(k), ch);
  const reads: { address: bigint; length: number; user: boolean }[] = [];
  const readMemory: ReadMemory = (address, length, user) => {
    reads.push({ address, length, user });
    let s = '';
    for (let k = 0; k < length; k++) {
      const ch = memory.get(address + BigInt(k));
      if (ch === undefined) return undefined;
      s += ch;
    }
    return s;
  };
  const mem = (format: string, ...args: bigint[]): string | PrintfFault =>
    formatPrintf(parse(format), args, { readMemory });
  const addr = BigInt.asIntN(64, base);

  test('%m copies .N bytes (default 1), padded to the width', () => {
    assert.equal(mem('<%m>', addr), '<k>');
    assert.equal(mem('<%.6m>', addr), '<kernel>');
    assert.equal(mem('<%.*m>', 3n, addr), '<ker>');
    assert.equal(mem('<%5.2m><%-5.2m>', addr, addr), '<   ke><ke   >');
    assert.equal(mem('<%2.4m>', addr), '<kern>');
  });

  test('%M prints the bytes in hex; the width counts hex digits', () => {
    assert.equal(mem('<%M>', addr), '<6b>');
    assert.equal(mem('<%.3M>', addr), '<6b6572>');
    assert.equal(mem('<%8.2M><%-8.2M>', addr, addr), '<    6b65><6b65    >');
  });

  test('# reads user memory; the address is passed unsigned', () => {
    reads.length = 0;
    mem('%#.2m', addr);
    assert.deepEqual(reads, [{ address: base, length: 2, user: true }]);
  });

  test('an unreadable byte is a read fault at its own address', () => {
    assert.deepEqual(mem('x%.9m', addr), { fault: 'read fault [man error::fault] at 0xffff888000001007' });
    assert.deepEqual(mem('%M', 0x10n), { fault: 'read fault [man error::fault] at 0x10' });
    assert.deepEqual(formatPrintf(parse('%m'), [addr]), {
      fault: 'read fault [man error::fault] at 0xffff888000001000',
    });
  });

  test('more than PAGE_SIZE bytes is refused before anything is read', () => {
    assert.deepEqual(mem('%.4097m', addr), { fault: '4097 is too many bytes for a memory dump' });
    assert.deepEqual(mem('%.*M', 5000n, addr), { fault: '5000 is too many bytes for a memory dump' });
    assert.deepEqual(mem('%.*m', -1n, addr), { fault: '-1 is too many bytes for a memory dump' });
    assert.deepEqual(mem('%.4096m', addr), { fault: 'read fault [man error::fault] at 0xffff888000001007' });
    // The size check covers later conversions before an earlier one faults.
    assert.deepEqual(mem('%.9m%.*m', addr, 8192n, addr), {
      fault: '8192 is too many bytes for a memory dump',
    });
  });

  test('%0m appends a NUL byte', () => {
    assert.equal(mem('%0.2m', addr), 'ke\0');
  });
});

describe('buffer limits', () => {
  test('%% and literals', () => {
    assert.equal(printf('100%% done\n'), '100% done\n');
  });

  test('a printf writes at most STP_BUFFER_SIZE bytes', () => {
    const long = 'y'.repeat(500);
    const args = Array.from({ length: 20 }, () => long);
    const out = printf('%s'.repeat(20), ...args);
    assert.equal(out.length, STP_BUFFER_SIZE);
  });

  test('widths are clamped to the room left, before the buffer is cut', () => {
    const out = formatPrintf(parse('ab%20d'), [7n], { capacityBytes: 10 });
    assert.equal(out, `ab${' '.repeat(7)}7`);
  });

  test('%M writes only whole hex pairs into the room left', () => {
    const readMemory: ReadMemory = (_a, length) => '\xab'.repeat(length);
    assert.equal(formatPrintf(parse('abcd%.4Mz'), [1n], { capacityBytes: 9, readMemory }), 'abcdababz');
  });

  test('%b writes nothing when its bytes do not fit, and later text still does', () => {
    assert.equal(formatPrintf(parse('abc%bxy'), [1n], { capacityBytes: 6 }), 'abcxy');
  });

  test('sprintf keeps MAXSTRINGLEN-1 bytes', () => {
    assert.equal(formatSprintf(parse('%s-%s'), ['abcd', 'efgh'], 8), 'abcd-ef');
    assert.equal(formatSprintf(parse('%12d'), [7n], 8), ' '.repeat(7));
  });

  test('sprintf stops at a NUL byte', () => {
    assert.equal(formatSprintf(parse('ab%cd'), [0n], 64), 'ab');
  });

  test('toScriptString', () => {
    assert.equal(toScriptString('abcdef', 4), 'abc');
    assert.equal(toScriptString('a\0bc', 64), 'a');
    assert.equal(toScriptString('', 64), '');
  });
});
