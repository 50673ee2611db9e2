import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProgramBuilder } from './builder.js';
import * as dsl from './dsl.js';
import { BPF_FUNC_ktime_get_ns } from './helpers.js';
import type { Instruction } from './instruction.js';
import { R0, R1 } from './registers.js';
import { spanOf } from './test-support.js';

/** Arguments that every DSL function accepts (extra ones are ignored by shorter signatures). */
const SAMPLE_ARGS: Readonly<Record<string, readonly unknown[]>> = {
  ldx: [8, 'r1', 'r2', 0],
  ldsx: [4, 'r1', 'r2', 0],
  stx: [8, 'r1', 0, 'r2'],
  st: [8, 'r1', 0, 1],
  atomic: ['add', 8, 'r1', 0, 'r2'],
  ldMapFd: ['r1', 'm'],
  ldMapValue: ['r1', 'm', 8],
  ldFunc: ['r1', 't'],
  ldImm64: ['r1', 5n],
  movsx64: ['r1', 'r2', 8],
  movsx32: ['r1', 'r2', 8],
  call: [5],
  callSub: ['t'],
  ja: ['t'],
  label: ['t'],
  exit: [],
};

function sampleArgs(name: string): readonly unknown[] {
  if (SAMPLE_ARGS[name] !== undefined) return SAMPLE_ARGS[name];
  if (name.startsWith('atomic')) return [8, 'r1', 0, 'r2'];
  if (name.startsWith('j')) return ['r1', 3, 't'];
  if (/^(le|be|bswap|neg)\d+$/.test(name)) return ['r1'];
  return ['r1', 3];
}

describe('ProgramBuilder', () => {
  it('has a method for every DSL builder, emitting the same instruction', () => {
    const builder = new ProgramBuilder();
    const methods = builder as unknown as Record<string, (...args: readonly unknown[]) => unknown>;
    for (const [name, make] of Object.entries(dsl) as [
      string,
      (...args: readonly unknown[]) => Instruction,
    ][]) {
      assert.equal(typeof methods[name], 'function', `ProgramBuilder.${name}`);
      const args = sampleArgs(name);
      const b = new ProgramBuilder();
      (b as unknown as Record<string, (...a: readonly unknown[]) => unknown>)[name]!(...args);
      assert.deepEqual(b.build(), [make(...args)], name);
    }
  });

  it('stamps instructions with the current span and restores it after inSpan', () => {
    const n = spanOf('n++');
    const x = spanOf('x = 1');
    const b = new ProgramBuilder();
    b.mov64(R0, 0);
    b.at(n).call(BPF_FUNC_ktime_get_ns);
    b.inSpan(x, () => b.mov64(R1, R0));
    b.emit({ ...dsl.exit(), span: x });
    b.add64(R0, 1).at(undefined).exit();
    assert.deepEqual(
      b.build().map((i) => i.span?.line),
      [undefined, 3, 4, 4, 3, undefined],
    );
    assert.equal(b.length, 6);
  });

  it('takes the tail of the instructions out, labels still fresh afterwards', () => {
    const b = new ProgramBuilder();
    b.mov64(R0, 0);
    const from = b.length;
    const inner = b.newLabel('sub');
    b.label(inner).mov64(R0, 1).exit();
    assert.deepEqual(b.take(from), [dsl.label(inner), dsl.mov64(R0, 1), dsl.exit()]);
    assert.deepEqual(b.build(), [dsl.mov64(R0, 0)]);
    assert.notEqual(b.newLabel('sub'), inner);
  });

  it('hands out fresh labels and assembles', () => {
    const b = new ProgramBuilder();
    const out = b.newLabel('out');
    const again = b.newLabel('out');
    assert.notEqual(out, again);
    b.jeq(R0, 0, out).mov64(R0, 1).label(out).exit();
    const result = b.assemble();
    assert.ok(result.ok);
    assert.equal(result.program.bytes.length, 24);
  });
});
