import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FormatComponent, FormatConversion, FormatFlags } from './print-format.js';
import { formatArgTypes, INVALID_CONVERSION, parsePrintFormat, TRAILING_INCOMPLETE } from './print-format.js';

const NONE: FormatFlags = { left: false, plus: false, space: false, alternate: false, zeroPad: false };

function conv(
  conversion: FormatConversion['conversion'],
  more: Partial<Omit<FormatConversion, 'kind' | 'conversion'>> = {},
): FormatConversion {
  return {
    kind: 'conversion',
    conversion,
    flags: NONE,
    width: undefined,
    precision: undefined,
    long: false,
    ...more,
  };
}

function components(format: string): readonly FormatComponent[] {
  const parsed = parsePrintFormat(format);
  if ('error' in parsed) assert.fail(`unexpected error for ${JSON.stringify(format)}: ${parsed.error}`);
  return parsed.components;
}

function error(format: string): { error: string; offset: number } {
  const parsed = parsePrintFormat(format);
  if (!('error' in parsed)) assert.fail(`expected an error for ${JSON.stringify(format)}`);
  return { error: parsed.error, offset: parsed.offset };
}

describe('parsePrintFormat', () => {
  test('plain text is one literal; the empty format has no components', () => {
    assert.deepEqual(components('pid seen\n'), [{ kind: 'literal', text: 'pid seen\n' }]);
    assert.deepEqual(components(''), []);
  });

  test('%% is a literal percent merged into the surrounding text', () => {
    assert.deepEqual(components('cpu 99%% busy'), [{ kind: 'literal', text: 'cpu 99% busy' }]);
    assert.deepEqual(components('%%%d%%'), [
      { kind: 'literal', text: '%' },
      conv('d'),
      { kind: 'literal', text: '%' },
    ]);
  });

  test('every conversion character', () => {
    for (const c of ['d', 'i', 'u', 'x', 'X', 'o', 's', 'c', 'b', 'm', 'M'] as const) {
      assert.deepEqual(components(`%${c}`), [conv(c)], c);
    }
  });

  test('%p carries the # flag (stap 1.3 made %p mean %#x)', () => {
    assert.deepEqual(components('%p'), [conv('p', { flags: { ...NONE, alternate: true } })]);
    assert.deepEqual(components('%-18p'), [
      conv('p', { flags: { ...NONE, left: true, alternate: true }, width: 18 }),
    ]);
  });

  test('one flag, static and dynamic width and precision, l modifier', () => {
    assert.deepEqual(components('[%-12s]'), [
      { kind: 'literal', text: '[' },
      conv('s', { flags: { ...NONE, left: true }, width: 12 }),
      { kind: 'literal', text: ']' },
    ]);
    assert.deepEqual(components('%+d% d%#o%0*.*lx'), [
      conv('d', { flags: { ...NONE, plus: true } }),
      conv('d', { flags: { ...NONE, space: true } }),
      conv('o', { flags: { ...NONE, alternate: true } }),
      conv('x', { flags: { ...NONE, zeroPad: true }, width: '*', precision: '*', long: true }),
    ]);
    assert.deepEqual(components('%7.3lu'), [conv('u', { width: 7, precision: 3, long: true })]);
  });

  test('a zero after another flag is part of the width', () => {
    assert.deepEqual(components('%-06d'), [conv('d', { flags: { ...NONE, left: true }, width: 6 })]);
  });

  test('a dot without digits leaves the precision unspecified', () => {
    assert.deepEqual(components('%4.d'), [conv('d', { width: 4 })]);
  });

  test('a static width is accumulated as a C unsigned', () => {
    assert.deepEqual(components('%4294967298d'), [conv('d', { width: 2 })]);
  });

  test('a second flag, a second l, or an unknown letter is an invalid conversion', () => {
    assert.deepEqual(error('x=%-+d'), { error: INVALID_CONVERSION, offset: 2 });
    assert.deepEqual(error('%0-4d'), { error: INVALID_CONVERSION, offset: 0 });
    assert.deepEqual(error('n=%lld\n'), { error: INVALID_CONVERSION, offset: 2 });
    assert.deepEqual(error('%hd'), { error: INVALID_CONVERSION, offset: 0 });
    assert.deepEqual(error('%f'), { error: INVALID_CONVERSION, offset: 0 });
    assert.deepEqual(error('%5.2 '), { error: INVALID_CONVERSION, offset: 0 });
  });

  test('a format ending inside a conversion with a flag, width or precision is incomplete', () => {
    for (const format of ['v=%-', 'v=%12', 'v=%.3', 'v=%*', 'v=%.*', 'v=%#l', 'v=%8.']) {
      assert.deepEqual(error(format), { error: TRAILING_INCOMPLETE, offset: 2 }, format);
    }
  });

  test('a format ending after a bare %. or %l drops that tail', () => {
    assert.deepEqual(components('total%.'), [{ kind: 'literal', text: 'total' }]);
    assert.deepEqual(components('total%l'), [{ kind: 'literal', text: 'total' }]);
  });

  test('a lone % at the very end is literal', () => {
    assert.deepEqual(components('load 5%'), [{ kind: 'literal', text: 'load 5%' }]);
  });
});

describe('formatArgTypes', () => {
  test('counts * widths and precisions as longs before the value', () => {
    assert.deepEqual(formatArgTypes(components('%*.*s|%d|%.*m|%c %% %s')), [
      'long',
      'long',
      'string',
      'long',
      'long',
      'long',
      'long',
      'string',
    ]);
  });

  test('a format without conversions takes no arguments', () => {
    assert.deepEqual(formatArgTypes(components('hello %%\n')), []);
  });
});
