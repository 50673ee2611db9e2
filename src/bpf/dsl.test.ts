/**
 * Exact bytes of every DSL builder, written out by hand from the uapi encodings (the same values
 * as cilium/ebpf's asm/dsl_test.go where they overlap: call 0x85/1, exit 0x95, stx W r10-4 = 0x63,
 * add imm 0x07, add reg 0x0f, add32 imm 0x04, jsgt imm 0x65, jsgt32 imm 0x66, jslt reg 0xcd,
 * jslt32 reg 0xce). Each slot: code, src<<4|dst, off (LE16), imm (LE32).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as dsl from './dsl.js';
import { encodeInstruction, writeSlots } from './encode.js';
import { formatInstruction } from './format.js';
import { BPF_FUNC_map_lookup_elem } from './helpers.js';
import { B, DW, H, type Instruction, W } from './instruction.js';
import { R0, R1, R2, R3, R4, R5, R6, R10 } from './registers.js';

/** `code regs off off imm imm imm imm` per slot, lower-case hex, slots separated by ` | `. */
export function hexOf(insn: Instruction, relative = 0): string {
  const encoded = encodeInstruction(insn, relative);
  assert.ok(encoded.ok, `encoding failed: ${encoded.ok ? '' : encoded.message}`);
  const bytes = writeSlots(encoded.slots);
  const slots: string[] = [];
  for (let at = 0; at < bytes.length; at += 8) {
    slots.push([...bytes.subarray(at, at + 8)].map((b) => b.toString(16).padStart(2, '0')).join(' '));
  }
  return slots.join(' | ');
}

/** One case: the instruction, the slot distance to its target (jumps), the expected bytes. */
type Case = readonly [insn: Instruction, hex: string, relative?: number];

const Z = '00 00 00 00 00 00 00 00';

/** Every DSL export, each with at least one exact encoding. Keyed by name so a new builder fails tsc here. */
const CASES = {
  mov64: [
    [dsl.mov64(R1, 0), 'b7 01 00 00 00 00 00 00'],
    [dsl.mov64(R6, R1), 'bf 16 00 00 00 00 00 00'],
    [dsl.mov64(R1, -1), 'b7 01 00 00 ff ff ff ff'],
  ],
  add64: [
    [dsl.add64(R1, 22), '07 01 00 00 16 00 00 00'],
    [dsl.add64(R1, R2), '0f 21 00 00 00 00 00 00'],
  ],
  sub64: [[dsl.sub64(R2, -1), '17 02 00 00 ff ff ff ff']],
  mul64: [[dsl.mul64(R3, R4), '2f 43 00 00 00 00 00 00']],
  div64: [[dsl.div64(R1, 10), '37 01 00 00 0a 00 00 00']],
  sdiv64: [[dsl.sdiv64(R1, R2), '3f 21 01 00 00 00 00 00']],
  mod64: [[dsl.mod64(R1, 7), '97 01 00 00 07 00 00 00']],
  smod64: [[dsl.smod64(R1, -7), '97 01 01 00 f9 ff ff ff']],
  or64: [[dsl.or64(R1, 0x100), '47 01 00 00 00 01 00 00']],
  and64: [[dsl.and64(R0, 0xff), '57 00 00 00 ff 00 00 00']],
  lsh64: [[dsl.lsh64(R1, 32), '67 01 00 00 20 00 00 00']],
  rsh64: [[dsl.rsh64(R1, R3), '7f 31 00 00 00 00 00 00']],
  arsh64: [[dsl.arsh64(R1, 32), 'c7 01 00 00 20 00 00 00']],
  xor64: [[dsl.xor64(R5, R5), 'af 55 00 00 00 00 00 00']],
  mov32: [
    [dsl.mov32(R1, 0xffffffff), 'b4 01 00 00 ff ff ff ff'],
    [dsl.mov32(R1, R2), 'bc 21 00 00 00 00 00 00'],
  ],
  add32: [[dsl.add32(R1, 22), '04 01 00 00 16 00 00 00']],
  sub32: [[dsl.sub32(R1, R2), '1c 21 00 00 00 00 00 00']],
  mul32: [[dsl.mul32(R1, 3), '24 01 00 00 03 00 00 00']],
  div32: [[dsl.div32(R1, R2), '3c 21 00 00 00 00 00 00']],
  sdiv32: [[dsl.sdiv32(R1, 3), '34 01 01 00 03 00 00 00']],
  mod32: [[dsl.mod32(R1, R2), '9c 21 00 00 00 00 00 00']],
  smod32: [[dsl.smod32(R1, R2), '9c 21 01 00 00 00 00 00']],
  or32: [[dsl.or32(R1, 1), '44 01 00 00 01 00 00 00']],
  and32: [[dsl.and32(R1, R2), '5c 21 00 00 00 00 00 00']],
  lsh32: [[dsl.lsh32(R1, 3), '64 01 00 00 03 00 00 00']],
  rsh32: [[dsl.rsh32(R1, 3), '74 01 00 00 03 00 00 00']],
  arsh32: [[dsl.arsh32(R1, R2), 'cc 21 00 00 00 00 00 00']],
  xor32: [[dsl.xor32(R1, -1), 'a4 01 00 00 ff ff ff ff']],
  neg64: [[dsl.neg64(R1), '87 01 00 00 00 00 00 00']],
  neg32: [[dsl.neg32(R1), '84 01 00 00 00 00 00 00']],
  movsx64: [
    [dsl.movsx64(R1, R2, 8), 'bf 21 08 00 00 00 00 00'],
    [dsl.movsx64(R1, R2, 32), 'bf 21 20 00 00 00 00 00'],
  ],
  movsx32: [[dsl.movsx32(R1, R2, 16), 'bc 21 10 00 00 00 00 00']],
  le16: [[dsl.le16(R1), 'd4 01 00 00 10 00 00 00']],
  le32: [[dsl.le32(R1), 'd4 01 00 00 20 00 00 00']],
  le64: [[dsl.le64(R1), 'd4 01 00 00 40 00 00 00']],
  be16: [[dsl.be16(R1), 'dc 01 00 00 10 00 00 00']],
  be32: [[dsl.be32(R2), 'dc 02 00 00 20 00 00 00']],
  be64: [[dsl.be64(R1), 'dc 01 00 00 40 00 00 00']],
  bswap16: [[dsl.bswap16(R1), 'd7 01 00 00 10 00 00 00']],
  bswap32: [[dsl.bswap32(R1), 'd7 01 00 00 20 00 00 00']],
  bswap64: [[dsl.bswap64(R1), 'd7 01 00 00 40 00 00 00']],
  ldImm64: [
    [dsl.ldImm64(R1, 0x1122334455667788n), '18 01 00 00 88 77 66 55 | 00 00 00 00 44 33 22 11'],
    [dsl.ldImm64(R2, -2n), '18 02 00 00 fe ff ff ff | 00 00 00 00 ff ff ff ff'],
    [dsl.ldImm64(R3, 0xffffffffffffffffn), '18 03 00 00 ff ff ff ff | 00 00 00 00 ff ff ff ff'],
    [dsl.ldImm64(R0, 7), `18 00 00 00 07 00 00 00 | ${Z}`],
  ],
  ldMapFd: [[dsl.ldMapFd(R1, 'counts'), `18 11 00 00 00 00 00 00 | ${Z}`]],
  ldMapValue: [[dsl.ldMapValue(R3, 'globals', 16), `18 23 00 00 00 00 00 00 | 00 00 00 00 10 00 00 00`]],
  ldFunc: [[dsl.ldFunc(R2, 'cb'), `18 42 00 00 05 00 00 00 | ${Z}`, 5]],
  ldx: [
    [dsl.ldx(DW, R1, R10, -8), '79 a1 f8 ff 00 00 00 00'],
    [dsl.ldx(W, R0, R1, 4), '61 10 04 00 00 00 00 00'],
    [dsl.ldx(H, R0, R1, 2), '69 10 02 00 00 00 00 00'],
    [dsl.ldx(B, R0, R1, 1), '71 10 01 00 00 00 00 00'],
  ],
  ldsx: [
    [dsl.ldsx(W, R1, R2, 0), '81 21 00 00 00 00 00 00'],
    [dsl.ldsx(H, R1, R2, 0), '89 21 00 00 00 00 00 00'],
    [dsl.ldsx(B, R1, R2, -1), '91 21 ff ff 00 00 00 00'],
  ],
  stx: [
    [dsl.stx(DW, R10, -8, R1), '7b 1a f8 ff 00 00 00 00'],
    [dsl.stx(W, R10, -4, R0), '63 0a fc ff 00 00 00 00'],
    [dsl.stx(H, R1, 2, R2), '6b 21 02 00 00 00 00 00'],
    [dsl.stx(B, R1, 0, R2), '73 21 00 00 00 00 00 00'],
  ],
  st: [
    [dsl.st(W, R10, -4, 0), '62 0a fc ff 00 00 00 00'],
    [dsl.st(DW, R10, -16, -1), '7a 0a f0 ff ff ff ff ff'],
    [dsl.st(H, R1, 0, 0x1234), '6a 01 00 00 34 12 00 00'],
    [dsl.st(B, R1, 3, 0xff), '72 01 03 00 ff 00 00 00'],
    [dsl.st(W, R1, 0, 0xffffffff), '62 01 00 00 ff ff ff ff'],
  ],
  atomic: [
    [dsl.atomic('and', 8, R0, 0, R1), 'db 10 00 00 50 00 00 00'],
    [dsl.atomic('or', 4, R0, 0, R1), 'c3 10 00 00 40 00 00 00'],
    [dsl.atomic('xor', 8, R0, 0, R1), 'db 10 00 00 a0 00 00 00'],
    [dsl.atomic('fetch_and', 8, R0, 0, R1), 'db 10 00 00 51 00 00 00'],
    [dsl.atomic('fetch_or', 8, R0, 0, R1), 'db 10 00 00 41 00 00 00'],
    [dsl.atomic('fetch_xor', 4, R0, 0, R1), 'c3 10 00 00 a1 00 00 00'],
  ],
  atomicAdd: [
    [dsl.atomicAdd(DW, R0, 0, R1), 'db 10 00 00 00 00 00 00'],
    [dsl.atomicAdd(W, R0, 8, R1), 'c3 10 08 00 00 00 00 00'],
  ],
  atomicFetchAdd: [[dsl.atomicFetchAdd(DW, R0, 0, R1), 'db 10 00 00 01 00 00 00']],
  atomicXchg: [[dsl.atomicXchg(DW, R0, -8, R1), 'db 10 f8 ff e1 00 00 00']],
  atomicCmpxchg: [[dsl.atomicCmpxchg(W, R2, 0, R3), 'c3 32 00 00 f1 00 00 00']],
  jeq: [
    [dsl.jeq(R0, 0, 'out'), '15 00 02 00 00 00 00 00', 2],
    [dsl.jeq(R1, R2, 'out'), '1d 21 fd ff 00 00 00 00', -3],
  ],
  jne: [[dsl.jne(R0, R1, 'out'), '5d 10 fd ff 00 00 00 00', -3]],
  jgt: [[dsl.jgt(R1, 5, 'out'), '25 01 01 00 05 00 00 00', 1]],
  jge: [[dsl.jge(R1, R2, 'out'), '3d 21 01 00 00 00 00 00', 1]],
  jlt: [[dsl.jlt(R1, R2, 'out'), 'ad 21 01 00 00 00 00 00', 1]],
  jle: [[dsl.jle(R1, 9, 'out'), 'b5 01 01 00 09 00 00 00', 1]],
  jsgt: [[dsl.jsgt(R1, 4, 'foo'), '65 01 ff ff 04 00 00 00', -1]],
  jsge: [[dsl.jsge(R1, R2, 'out'), '7d 21 01 00 00 00 00 00', 1]],
  jslt: [[dsl.jslt(R1, R2, 'foo'), 'cd 21 ff ff 00 00 00 00', -1]],
  jsle: [[dsl.jsle(R1, -1, 'out'), 'd5 01 01 00 ff ff ff ff', 1]],
  jset: [[dsl.jset(R1, 8, 'out'), '45 01 01 00 08 00 00 00', 1]],
  jeq32: [[dsl.jeq32(R1, 0, 'out'), '16 01 01 00 00 00 00 00', 1]],
  jne32: [[dsl.jne32(R1, R2, 'out'), '5e 21 01 00 00 00 00 00', 1]],
  jgt32: [[dsl.jgt32(R1, 0xffffffff, 'out'), '26 01 01 00 ff ff ff ff', 1]],
  jge32: [[dsl.jge32(R1, 1, 'out'), '36 01 01 00 01 00 00 00', 1]],
  jlt32: [[dsl.jlt32(R1, 1, 'out'), 'a6 01 01 00 01 00 00 00', 1]],
  jle32: [[dsl.jle32(R1, 1, 'out'), 'b6 01 01 00 01 00 00 00', 1]],
  jsgt32: [[dsl.jsgt32(R1, -2, 'foo'), '66 01 ff ff fe ff ff ff', -1]],
  jsge32: [[dsl.jsge32(R1, 1, 'out'), '76 01 01 00 01 00 00 00', 1]],
  jslt32: [[dsl.jslt32(R1, R3, 'foo'), 'ce 31 ff ff 00 00 00 00', -1]],
  jsle32: [[dsl.jsle32(R1, 1, 'out'), 'd6 01 01 00 01 00 00 00', 1]],
  jset32: [[dsl.jset32(R1, R2, 'out'), '4e 21 01 00 00 00 00 00', 1]],
  ja: [[dsl.ja('out'), '05 00 01 00 00 00 00 00', 1]],
  call: [[dsl.call(BPF_FUNC_map_lookup_elem), '85 00 00 00 01 00 00 00']],
  callSub: [[dsl.callSub('sub'), '85 10 00 00 04 00 00 00', 4]],
  exit: [[dsl.exit(), '95 00 00 00 00 00 00 00']],
  label: [[dsl.label('out'), '']],
} satisfies Record<keyof typeof dsl, readonly Case[]>;

describe('DSL encodings', () => {
  for (const [name, cases] of Object.entries(CASES) as [string, readonly Case[]][]) {
    it(name, () => {
      for (const [insn, hex, relative] of cases)
        assert.equal(hexOf(insn, relative), hex, formatInstruction(insn));
    });
  }

  it('covers every export of dsl.ts', () => {
    assert.deepEqual(Object.keys(CASES).sort(), Object.keys(dsl).sort());
  });
});

describe('encoding limits', () => {
  it('rejects immediates that do not fit in 32 bits', () => {
    for (const insn of [
      dsl.mov64(R1, 2 ** 31),
      dsl.mov64(R1, -(2 ** 31) - 1),
      dsl.st(DW, R1, 0, 0xffffffff),
    ]) {
      const encoded = encodeInstruction(insn);
      assert.equal(encoded.ok, false);
      assert.equal(encoded.ok ? '' : encoded.code, 'immediate-out-of-range');
    }
    assert.equal(encodeInstruction(dsl.jeq(R1, 2 ** 32, 'x')).ok, false);
    assert.equal(encodeInstruction(dsl.ldImm64(R1, 1n << 64n)).ok, false);
    assert.equal(encodeInstruction(dsl.mov64(R1, 1.5)).ok, false);
  });

  it('takes the 32-bit forms unsigned or signed', () => {
    assert.equal(hexOf(dsl.mov32(R1, -1)), hexOf(dsl.mov32(R1, 0xffffffff)));
    assert.equal(hexOf(dsl.jeq32(R1, -1, 'x')), hexOf(dsl.jeq32(R1, 0xffffffff, 'x')));
  });

  it('rejects memory offsets that do not fit in 16 bits', () => {
    const encoded = encodeInstruction(dsl.ldx(DW, R1, R2, 0x8000));
    assert.equal(encoded.ok ? '' : encoded.code, 'offset-out-of-range');
    assert.equal(hexOf(dsl.ldx(DW, R1, R2, -0x8000)), '79 21 00 80 00 00 00 00');
  });

  it('encodes raw slots verbatim', () => {
    assert.equal(
      hexOf({ op: 'raw', code: 0x85, dst: 0, src: 2, off: 0, imm: 1234 }),
      '85 20 00 00 d2 04 00 00',
    );
  });
});
