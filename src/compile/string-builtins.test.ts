import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kernelListing } from './index.js';
import { compileText, GETPID, refusals } from './testing.js';

function compile(body: string, extra = '') {
  return compileText(`${extra} probe kernel.trace("sys_enter_getpid") { ${body} }`, [GETPID]);
}

describe('string builtins in kernel handlers', () => {
  test('the string tapset functions all have kernel forms', () => {
    const r = compile(
      `s = execname()
       printf("%s %s %s %s %s\\n", text_str(s), text_strn(s, 3, 1), string_quoted(s), str_replace(s, "a", "b"), toupper(s))
       printf("%s %s %s %d %d\\n", tolower(s), tokenize(s, ","), tokenize(","), strtol(s, 0), isdigit(s))
       printf("%s %d %s %s\\n", errno_str(-2), errno_p(2), ctime(0), ctime())`,
    );
    assert.deepEqual(refusals(r), []);
  });

  test('the loops run through bpf_loop, not unrolled', () => {
    const listing = kernelListing(compile('print(text_str(execname()))'));
    assert.match(listing, /bpf_loop/);
  });

  test('tokenize keeps its state in one per-CPU map, shared by every probe', () => {
    const r = compileText(
      'probe kernel.trace("sys_enter_getpid") { print(tokenize("a b", " ")) } ' +
        'probe kernel.trace("sys_enter_getpid") { print(tokenize(" ")) }',
      [GETPID],
    );
    assert.deepEqual(refusals(r), []);
    const maps = r.maps.filter((m) => m.name === 'stap_tokenize');
    assert.deepEqual(
      maps.map((m) => [m.kind, m.keyBytes, m.maxEntries]),
      [['percpu_array', 4, 1]],
    );
  });

  test('errno_str reads a filled table of the names, with holes where stap has none', () => {
    const r = compile('print(errno_str(2))');
    const table = r.maps.find((m) => m.name === 'stap_errno');
    const name = (key: number): string | undefined => {
      const value = table?.contents?.find((c) => c.key === key)?.value;
      return value === undefined ? undefined : Buffer.from(value).toString('latin1').replace(/\0+$/, '');
    };
    assert.deepEqual(
      [name(2), name(93), name(41), name(0), table?.maxEntries],
      ['ENOENT', 'EPROTONOSUPPORT', undefined, undefined, 132],
    );
  });

  test('the regex captures stay refused at the call', () => {
    assert.deepEqual(refusals(compile('print(matched(1)) print(ngroups())')), [
      'matched() is not supported in kernel probes yet at 1:49',
      'ngroups() is not supported in kernel probes yet at 1:67',
    ]);
  });
});
