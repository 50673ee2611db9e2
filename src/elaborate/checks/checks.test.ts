import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inferTypes } from '../types/index.js';
import { flatten, resolveText } from '../types/testing.js';
import { runChecks } from './index.js';

/** Front end, inference (which must succeed), then the checks; their diagnostics flattened. */
function check(text: string, options: { guru?: boolean; unoptimized?: boolean } = {}): string[] {
  const { program, bag } = resolveText(text, options);
  const types = inferTypes(program, bag, { unoptimized: options.unoptimized ?? false });
  assert.deepEqual(flatten(bag.all), [], 'inference should succeed');
  runChecks(program, types, { guru: options.guru ?? false, unoptimized: options.unoptimized ?? false }, bag);
  return flatten(bag.all);
}

describe('assignment lvalues', () => {
  test('a literal or an expression cannot be assigned to (semko/zero)', () => {
    assert.deepEqual(check('probe begin {\n  print (1 = a)\n  print (a+1 = 4)\n}'), [
      "Expecting lvalue for assignment: operator '=' at 2:12",
      "+ number '1' at 2:10",
      "Expecting lvalue for assignment: operator '=' at 3:14",
      "+ operator '+' at 3:11",
    ]);
  });

  test('variables, elements and target expressions can', () => {
    assert.deepEqual(check('global a\nprobe begin { x = 1; a[x] = 2; a[x] += x; println(x, a[1]) }'), []);
  });

  test('a histogram bucket cannot be assigned', () => {
    assert.deepEqual(check('global s\nprobe begin { s <<< 1; @hist_log(s)[0] = 3 }'), [
      "Expecting lvalue for assignment: operator '=' at 2:40",
      "+ operator '@hist_log' at 2:24",
    ]);
  });
});

describe('crement and delete targets', () => {
  test('++ needs a variable', () => {
    assert.deepEqual(check('probe begin { println(strlen("a")++) }'), [
      "invalid lvalue type: identifier 'strlen' at 1:23",
    ]);
  });

  test('histogram buckets are read-only', () => {
    assert.deepEqual(check('global s\nprobe begin { s <<< 1; @hist_log(s)[0]++; delete @hist_log(s)[2] }'), [
      "Assignment to read-only histogram bucket: operator '@hist_log' at 2:24",
      "Assignment to read-only histogram bucket: operator '@hist_log' at 2:50",
    ]);
  });
});

describe('wrap', () => {
  test('only arrays wrap (semko/map_wrap_bad)', () => {
    assert.deepEqual(check('global foo%\nprobe begin {\n  foo = 2;\n}'), [
      "wrapping not supported for scalars: identifier 'foo' at 1:8",
    ]);
    assert.deepEqual(check('global foo%[5]\nprobe begin { foo[1] = 2 }'), []);
  });
});

describe('foreach modification', () => {
  test('an element of the iterated array is written (semko/fifteen)', () => {
    assert.deepEqual(
      check(
        'global tangle\nprobe begin\n{\n\tforeach (state in tangle)\n\t{\n\t\tstate = tangle[state]++\n\t}\n}',
      ),
      ["variable 'tangle' modified during 'foreach' iteration: identifier 'tangle' at 6:11"],
    );
  });

  test('a called function writes the iterated array (semko/thirteen)', () => {
    const text =
      'global foo\nfunction bar()\n{\n\tfoo["hello"] = 10\n\treturn 10\n}\nprobe begin\n{\n\tforeach (a in foo)\n\t{\n\t\tbar()\n\t}\n}';
    assert.deepEqual(check(text), [
      "function call modifies var 'foo' during 'foreach' iteration: identifier 'bar' at 11:3",
    ]);
  });

  test('reading, or writing another array, is fine', () => {
    assert.deepEqual(
      check(
        'global a, b\nprobe begin { a[1] = 1; foreach (k in a) { b[k] = a[k]; println(b[k]) }; a[2] = 2 }',
      ),
      [],
    );
  });
});

describe('loop control', () => {
  test('break and continue outside loops', () => {
    assert.deepEqual(check('probe begin {\n  if (1) break\n  for (;;) { continue }\n  continue\n}'), [
      "cannot 'break' outside loop: keyword at 2:10",
      "cannot 'continue' outside loop: keyword at 4:3",
    ]);
  });
});

describe('print formats', () => {
  test('a format that does not parse', () => {
    assert.deepEqual(check('probe begin {\n  printf("%z\\n")\n}'), [
      // stap shows a newline in a token as `?`.
      "invalid or missing conversion specifier: string '%z?' at 2:10",
    ]);
  });
});

describe('regex literals', () => {
  test('a pattern that does not compile (semko/badregex01)', () => {
    assert.deepEqual(check('probe begin {\n  print("abc" =~ "a[b-d}+")\n  exit()\n}'), [
      "regex compilation error (at position 6): unclosed character class: string 'a[b-d}+' at 2:18",
    ]);
  });
});

describe('statistics parameters', () => {
  test('@variance bit shift range and agreement', () => {
    assert.deepEqual(
      check(
        'global s\nprobe begin { s <<< 1; println(@variance(s, 63)); println(@variance(s, 2), @variance(s, 3)) }',
      ),
      [
        "bit shift (63) out of range <0..62>: operator '@variance' at 2:32",
        "conflicting bit shifts declared (previously 2): operator '@variance' at 2:76",
      ],
    );
  });

  test('one histogram type per variable', () => {
    assert.deepEqual(
      check('global s\nprobe begin { s <<< 1; print(@hist_log(s)); print(@hist_linear(s, 0, 10, 1)) }'),
      ["multiple histogram types declared on 's': operator '@hist_linear' at 2:51"],
    );
  });

  test('@hist_linear needs a usable bucket width', () => {
    assert.deepEqual(
      check(
        'global s, t\nprobe begin { s <<< 1; print(@hist_linear(s, 0, 10, 0)) }\nprobe end { t <<< 1; print(@hist_linear(t, 0, 1000, 1)) }',
      ),
      [
        "histogram: interval cannot be zero.: operator '@hist_linear' at 2:30",
        "histogram: Number of buckets must be between 1 and 126: operator '@hist_linear' at 3:28",
      ],
    );
  });
});

describe('guru-only builtins', () => {
  test('need -g (semko/logging-embedded)', () => {
    const text = 'probe begin {\n  printk(0, "Zoink!")\n}';
    assert.deepEqual(check(text), [
      "function may not be used unless -g is specified: identifier 'printk' at 2:3",
    ]);
    assert.deepEqual(check(text, { guru: true }), []);
  });
});

describe('stats as values', () => {
  test('an aggregate cannot be printed as it is', () => {
    assert.deepEqual(check('global s\nprobe begin { s <<< 1; print(s) }'), [
      "invalid type stats: identifier 's' at 2:30",
    ]);
  });
});

describe('elided code is not checked', () => {
  test('a side-effect-free statement with a bad regex, or code after return', () => {
    assert.deepEqual(check('probe begin { "abc" =~ "a[" ; exit() }'), []);
  });
});
