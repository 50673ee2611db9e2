import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AssembledProgram, assemble, assembleOrThrow, resolveMaps, spanAtSlot } from './assemble.js';
import {
  add64,
  call,
  callSub,
  exit,
  ja,
  jeq,
  jlt,
  label,
  ldFunc,
  ldImm64,
  ldMapFd,
  ldMapValue,
  mov64,
} from './dsl.js';
import { BPF_FUNC_loop } from './helpers.js';
import { type Instruction, withSpan } from './instruction.js';
import { R0, R1, R2, R3, R4 } from './registers.js';
import { spanOf } from './test-support.js';

/** Field `field` of slot `slot`. */
function field(program: AssembledProgram, slot: number, name: 'code' | 'regs' | 'off' | 'imm'): number {
  const view = new DataView(program.bytes.buffer, program.bytes.byteOffset, program.bytes.byteLength);
  const at = slot * 8;
  switch (name) {
    case 'code':
      return view.getUint8(at);
    case 'regs':
      return view.getUint8(at + 1);
    case 'off':
      return view.getInt16(at + 2, true);
    case 'imm':
      return view.getInt32(at + 4, true);
  }
}

describe('assemble: labels', () => {
  it('resolves a forward jump over an lddw, counting it as two slots', () => {
    const program = assembleOrThrow([
      jeq(R1, 0, 'out'), // slot 0
      ldImm64(R0, 5), // slots 1-2
      exit(), // slot 3
      label('out'),
      mov64(R0, 0), // slot 4
      exit(), // slot 5
    ]);
    assert.equal(program.bytes.length, 6 * 8);
    assert.equal(field(program, 0, 'off'), 3);
    assert.equal(program.labels.get('out'), 4);
    assert.deepEqual(program.subprogramSlots, [0]);
  });

  it('resolves backward jumps to negative offsets', () => {
    const program = assembleOrThrow([
      mov64(R1, 0), // 0
      label('top'),
      add64(R1, 1), // 1
      ldImm64(R2, 100), // 2-3
      jlt(R1, R2, 'top'), // 4: 1 - 5 = -4
      ja('top'), // 5: 1 - 6 = -5
      exit(), // 6
    ]);
    assert.equal(field(program, 4, 'off'), -4);
    assert.equal(field(program, 5, 'off'), -5);
    assert.equal(field(program, 5, 'code'), 0x05);
  });

  it('resolves a jump to the next instruction to offset 0, and labels sharing a slot', () => {
    const program = assembleOrThrow([ja('a'), label('a'), label('b'), jeq(R0, 0, 'b'), exit()]);
    assert.equal(field(program, 0, 'off'), 0);
    assert.equal(field(program, 1, 'off'), -1);
  });

  it('puts subprogram call and callback offsets in imm', () => {
    const program = assembleOrThrow([
      mov64(R1, 4), // 0
      ldFunc(R2, 'callback'), // 1-2: 6 - 2 = 4
      mov64(R3, 0), // 3
      mov64(R4, 0), // 4
      call(BPF_FUNC_loop), // 5
      callSub('callback'), // 6: 8 - 7 = 1
      exit(),
      label('callback'),
      mov64(R0, 0),
      exit(),
    ]);
    assert.equal(program.labels.get('callback'), 8);
    assert.equal(field(program, 1, 'imm'), 8 - 2);
    assert.equal(field(program, 1, 'regs'), 0x42);
    assert.equal(field(program, 6, 'imm'), 8 - 7);
    assert.equal(field(program, 6, 'regs'), 0x10);
    assert.deepEqual(program.subprogramSlots, [0, 8]);
  });

  it('reports undefined and duplicate labels with the instruction and its span', () => {
    const span = spanOf('n++');
    const result = assemble([withSpan(jeq(R0, 0, 'nowhere'), span), label('x'), label('x'), exit()]);
    assert.equal(result.ok, false);
    assert.deepEqual(result.ok ? [] : result.errors.map((e) => [e.code, e.index, e.span?.line]), [
      ['duplicate-label', 2, undefined],
      ['undefined-label', 0, 3],
    ]);
  });

  it('reports a jump to a label after the last instruction', () => {
    const result = assemble([ja('end'), exit(), label('end')]);
    assert.equal(result.ok ? '' : result.errors[0]?.code, 'jump-out-of-range');
  });

  it('accepts jumps of ±32767 slots and reports one slot more', () => {
    const filler = (n: number): Instruction[] => Array.from({ length: n }, () => mov64(R0, 0));
    const reach = (n: number) => assemble([jeq(R0, 0, 'far'), ...filler(n), label('far'), exit()]);
    assert.equal(reach(32767).ok, true);
    const tooFar = reach(32768);
    assert.equal(tooFar.ok ? '' : tooFar.errors[0]?.code, 'jump-out-of-range');

    const back = (n: number) => assemble([label('top'), ...filler(n), ja('top'), exit()]);
    assert.equal(back(32767).ok, true); // offset -32768
    assert.equal(back(32768).ok, false);
  });

  it('reports fields that do not fit', () => {
    const result = assemble([mov64(R1, 2 ** 32), exit()]);
    assert.deepEqual(result.ok ? [] : result.errors.map((e) => [e.code, e.index]), [
      ['immediate-out-of-range', 0],
    ]);
  });
});

describe('assemble: maps and line info', () => {
  const insns = [
    withSpan(ldMapFd(R1, 'counts'), spanOf('n++')), // 0-1
    withSpan(ldMapValue(R2, 'globals', 8), spanOf('x = 1')), // 2-3
    mov64(R0, 0), // 4
    exit(), // 5
  ];

  it('lists map references by slot and leaves their fds zero', () => {
    const program = assembleOrThrow(insns);
    assert.deepEqual(program.mapReferences, [
      { slot: 0, index: 0, map: 'counts', kind: 'fd' },
      { slot: 2, index: 1, map: 'globals', kind: 'value' },
    ]);
    assert.equal(field(program, 0, 'imm'), 0);
    assert.equal(field(program, 3, 'imm'), 8);
  });

  it('patches fds into a copy with resolveMaps', () => {
    const program = assembleOrThrow(insns);
    const bytes = resolveMaps(
      program,
      new Map([
        ['counts', 7],
        ['globals', 9],
      ]),
    );
    const view = new DataView(bytes.buffer);
    assert.equal(view.getInt32(4, true), 7);
    assert.equal(view.getInt32(2 * 8 + 4, true), 9);
    assert.equal(view.getInt32(3 * 8 + 4, true), 8);
    assert.equal(field(program, 0, 'imm'), 0, 'the assembled program is unchanged');
    assert.throws(() => resolveMaps(program, new Map()), /no fd for BPF map 'counts'/);
  });

  it('gives every slot the span of its instruction, both halves of an lddw included', () => {
    const program = assembleOrThrow(insns);
    assert.deepEqual(
      program.lineInfo.map((s) => s?.line),
      [3, 3, 4, 4, undefined, undefined],
    );
    assert.equal(spanAtSlot(program, 5)?.line, 4, 'glue code maps to the construct before it');
    assert.equal(spanAtSlot(program, 1)?.col, 3);
    assert.equal(spanAtSlot(program, 99)?.line, 4);
  });
});
