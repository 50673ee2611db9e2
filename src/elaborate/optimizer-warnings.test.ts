import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DiagnosticBag } from '../diag/index.js';
import { reportOptimizerWarnings } from './optimizer-warnings.js';
import { flatten, resolveText } from './types/testing.js';

function warnings(text: string, options: { unoptimized?: boolean; settings?: string[] } = {}): string[] {
  const { program } = resolveText(text);
  const bag = new DiagnosticBag();
  reportOptimizerWarnings(
    program,
    { unoptimized: options.unoptimized ?? false, globalSettings: new Set(options.settings ?? []) },
    bag,
  );
  return flatten(bag.all);
}

describe("the first round of stap's optimizer", () => {
  test('unused, never-assigned local and global variables, with similar names', () => {
    assert.deepEqual(warnings('global g, h, init = 1\nprobe begin { println(x, g, init); exit() }'), [
      "never-assigned local variable 'x' (similar: g, h, init): identifier 'x' at 2:23",
      "never-assigned global variable 'g' (similar: h, init): identifier 'g' at 1:8",
      "Eliding unused variable 'h': identifier 'h' at 1:11",
    ]);
    assert.deepEqual(warnings('global g\nprobe begin { println(g); exit() }', { settings: ['g'] }), []);
  });

  test('an assignment nothing reads, and the statement that is left', () => {
    assert.deepEqual(warnings('probe begin { x = 5; (y) = 1; exit() }'), [
      "Eliding assignment to 'x': operator '=' at 1:17",
      "Eliding assignment to 'y': operator '=' at 1:26",
      "Eliding side-effect-free expression : identifier 'x' at 1:15",
      "Eliding side-effect-free expression : operator '(' at 1:22",
    ]);
  });

  test('only what the first round sees: no warning for what becomes unused later', () => {
    // `x` is unused once its assignment went, and `f` once `if (0)` folded; stap stays quiet.
    assert.deepEqual(warnings('function f() { exit() }\nprobe begin { if (0) f(); exit() }'), []);
    assert.deepEqual(warnings('probe begin { try { exit() } catch (e) { } }'), []);
  });

  test('side effects: output, impure and nothing-returning calls, globals, a callee writing a global', () => {
    const script =
      'global g\nfunction set() { g = 1; return 0 }\nfunction pure(a) { return a + 1 }\n' +
      'probe begin { set(); pure(1); strlen("x"); println(g); log("x"); g }';
    assert.deepEqual(warnings(script), [
      "Eliding side-effect-free expression : identifier 'pure' at 4:22",
      "Eliding side-effect-free expression : identifier 'strlen' at 4:31",
      "Eliding side-effect-free expression : identifier 'g' at 4:66",
    ]);
  });

  test('a function whose body all goes', () => {
    assert.deepEqual(warnings('function f() { }\nfunction g() { 1 }\nprobe begin { f(); g(); exit() }'), [
      "Eliding side-effect-free expression : identifier 'f' at 3:15",
      "Eliding side-effect-free expression : identifier 'g' at 3:20",
      "side-effect-free function 'f': identifier 'f' at 1:10",
      "Eliding side-effect-free expression : number '1' at 2:16",
      "side-effect-free function 'g': identifier 'g' at 2:10",
    ]);
  });

  test('-u: none of these', () => {
    assert.deepEqual(warnings('global h\nprobe begin { x = 1; 2 }', { unoptimized: true }), []);
  });
});
