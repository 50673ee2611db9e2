import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BUILTIN_LOOKUP, BUILTINS, builtinOverloads, findBuiltin, isBuiltinName } from './index.js';

describe('the builtin signature table', () => {
  test('one entry per name and arity', () => {
    const keys = BUILTINS.map((s) => `${s.name}/${s.params.length}`);
    assert.deepEqual(
      keys.filter((key, i) => keys.indexOf(key) !== i),
      [],
    );
  });
  test('every entry is a builtin with C-identifier name', () => {
    for (const signature of BUILTINS) {
      assert.equal(signature.kind, 'builtin');
      assert.match(signature.name, /^[A-Za-z_][A-Za-z0-9_]*$/);
    }
  });
  test('findBuiltin picks the overload by arity', () => {
    assert.deepEqual(findBuiltin('tokenize', 1)?.params, ['string']);
    assert.deepEqual(findBuiltin('tokenize', 2)?.params, ['string', 'string']);
    assert.deepEqual(findBuiltin('ctime', 0)?.params, []);
    assert.equal(findBuiltin('ctime', 1)?.returns, 'string');
    assert.deepEqual(findBuiltin('ansi_set_color', 3)?.params, ['long', 'long', 'long']);
    assert.equal(findBuiltin('assert', 2)?.returns, 'unknown');
    assert.equal(findBuiltin('tokenize', 3), undefined);
    assert.equal(findBuiltin('no_such_function', 0), undefined);
    assert.equal(findBuiltin('toString', 0), undefined);
  });
  test('signatures as the tapsets declare them', () => {
    const show = (name: string, arity: number) => {
      const s = findBuiltin(name, arity);
      return s === undefined ? 'missing' : `${s.name}(${s.params.join(',')}):${s.returns}`;
    };
    assert.equal(show('substr', 3), 'substr(string,long,long):string');
    assert.equal(show('strtol', 2), 'strtol(string,long):long');
    assert.equal(show('text_strn', 3), 'text_strn(string,long,long):string');
    assert.equal(show('return_str', 2), 'return_str(long,long):string');
    assert.equal(show('errno_str', 1), 'errno_str(long):string');
    assert.equal(show('cpu_clock_us', 1), 'cpu_clock_us(long):long');
    assert.equal(show('ktime_get_ns', 0), 'ktime_get_ns():long');
    // A tapset's script functions (tapset/stopwatch.stp), not builtins.
    assert.equal(show('start_stopwatch', 1), 'missing');
    assert.equal(show('exit', 0), 'exit():unknown');
    assert.equal(show('execname', 0), 'execname():string');
    assert.equal(show('MKDEV', 2), 'MKDEV(long,long):long');
    assert.equal(show('matched', 1), 'matched(long):string');
    assert.equal(show('ngroups', 0), 'ngroups():long');
  });
  test('overload listing and the resolver lookup', () => {
    assert.deepEqual(
      builtinOverloads('ansi_set_color').map((s) => s.params.length),
      [1, 2, 3],
    );
    assert.deepEqual(builtinOverloads('nope'), []);
    assert.equal(BUILTIN_LOOKUP.find('pid', 0)?.returns, 'long');
    assert.equal(BUILTIN_LOOKUP.anyArity('substr'), 3);
    assert.equal(BUILTIN_LOOKUP.anyArity('nope'), undefined);
    assert.equal(isBuiltinName('log'), true);
    assert.equal(isBuiltinName('printf'), false);
  });
  test('the guru-only functions are the kernel memory writers', () => {
    assert.deepEqual(
      BUILTINS.filter((s) => s.guru === true).map((s) => s.name),
      [
        'set_kernel_string',
        'set_kernel_string_n',
        'set_kernel_long',
        'set_kernel_int',
        'set_kernel_short',
        'set_kernel_char',
        'set_kernel_pointer',
      ],
    );
  });
  test('parameter names as the tapsets document them', () => {
    assert.deepEqual(findBuiltin('substr', 3)?.paramNames, ['str', 'start', 'length']);
    assert.deepEqual(findBuiltin('fp_to_long', 3)?.paramNames, ['infp', 'roundingMode', 'exact']);
    assert.equal(findBuiltin('exit', 0)?.paramNames, undefined);
  });
});
