import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assembleOrThrow } from './assemble.js';
import { decode } from './decode.js';
import { disassemble, disassembleBytes, formatInstructions } from './disassemble.js';
import * as d from './dsl.js';
import { writeSlots } from './encode.js';
import {
  BPF_FUNC_get_current_pid_tgid,
  BPF_FUNC_map_lookup_elem,
  BPF_FUNC_ringbuf_reserve,
} from './helpers.js';
import { B, DW, H, type Instruction, W, withSpan } from './instruction.js';
import { R0, R1, R2, R3, R6, R10 } from './registers.js';
import { spanOf } from './test-support.js';

/** `counts[0]++` then a ring buffer record, as in the koffi spike (reference/spike-koffi-bpf.md). */
const COUNTER: Instruction[] = [
  d.st(W, R10, -4, 0),
  d.mov64(R2, R10),
  d.add64(R2, -4),
  d.ldMapFd(R1, 'counts'),
  d.call(BPF_FUNC_map_lookup_elem),
  d.jeq(R0, 0, 'reserve'),
  d.mov64(R1, 1),
  d.atomicAdd(DW, R0, 0, R1),
  d.label('reserve'),
  d.ldMapFd(R1, 'events'),
  d.mov64(R2, 16),
  d.mov64(R3, 0),
  d.call(BPF_FUNC_ringbuf_reserve),
  d.jne(R0, 0, 'ok'),
  d.ja('out'),
  d.label('ok'),
  d.mov64(R6, R0),
  d.call(BPF_FUNC_get_current_pid_tgid),
  d.stx(DW, R6, 0, R0),
  d.label('out'),
  d.mov64(R0, 0),
  d.exit(),
];

describe('disassemble: the verifier notation', () => {
  it('prints slots, opcodes and pc-relative targets as the verifier log does', () => {
    assert.equal(
      disassemble(assembleOrThrow(COUNTER)),
      [
        '0: (62) *(u32 *)(r10 -4) = 0',
        '1: (bf) r2 = r10',
        '2: (07) r2 += -4',
        '3: (18) r1 = map[counts]',
        '5: (85) call bpf_map_lookup_elem#1',
        '6: (15) if r0 == 0x0 goto pc+2',
        '7: (b7) r1 = 1',
        '8: (db) lock *(u64 *)(r0 +0) += r1',
        '9: (18) r1 = map[events]',
        '11: (b7) r2 = 16',
        '12: (b7) r3 = 0',
        '13: (85) call bpf_ringbuf_reserve#131',
        '14: (55) if r0 != 0x0 goto pc+1',
        '15: (05) goto pc+3',
        '16: (bf) r6 = r0',
        '17: (85) call bpf_get_current_pid_tgid#14',
        '18: (7b) *(u64 *)(r6 +0) = r0',
        '19: (b7) r0 = 0',
        '20: (95) exit',
        '',
      ].join('\n'),
    );
  });

  it('prints every form', () => {
    const text = (insn: Instruction) =>
      disassemble(assembleOrThrow([d.label('t'), insn, d.exit()]), { opcodes: false })
        .split('\n')[0]!
        .replace(/^0: /, '');
    const cases: [Instruction, string][] = [
      [d.mov64(R1, -1), 'r1 = -1'],
      [d.mov32(R1, 0xffffffff), 'w1 = -1'],
      [d.add32(R1, R2), 'w1 += w2'],
      [d.sdiv64(R1, R2), 'r1 s/= r2'],
      [d.smod32(R1, 3), 'w1 s%= 3'],
      [d.arsh64(R1, 3), 'r1 s>>= 3'],
      [d.lsh64(R1, R2), 'r1 <<= r2'],
      [d.neg64(R1), 'r1 = -r1'],
      [d.neg32(R1), 'w1 = -w1'],
      [d.movsx64(R1, R2, 16), 'r1 = (s16)r2'],
      [d.movsx32(R1, R2, 8), 'w1 = (s8)w2'],
      [d.be16(R1), 'r1 = be16 r1'],
      [d.le64(R1), 'r1 = le64 r1'],
      [d.bswap32(R1), 'r1 = bswap32 r1'],
      [d.ldImm64(R1, -1n), 'r1 = 0xffffffffffffffff'],
      [d.ldImm64(R1, 0x1234n), 'r1 = 0x1234'],
      [d.ldMapValue(R2, 'globals', 24), 'r2 = map[globals][0]+24'],
      [d.ldFunc(R2, 't'), 'r2 = func[pc-1]'],
      [d.ldx(B, R0, R1, 3), 'r0 = *(u8 *)(r1 +3)'],
      [d.ldx(H, R0, R10, -2), 'r0 = *(u16 *)(r10 -2)'],
      [d.ldsx(W, R0, R1, 0), 'r0 = *(s32 *)(r1 +0)'],
      [d.st(DW, R10, -8, -1), '*(u64 *)(r10 -8) = -1'],
      [d.atomicAdd(W, R1, 4, R2), 'lock *(u32 *)(r1 +4) += r2'],
      [d.atomic('or', DW, R1, 0, R2), 'lock *(u64 *)(r1 +0) |= r2'],
      [d.atomicFetchAdd(DW, R1, 0, R2), 'r2 = atomic64_fetch_add((u64 *)(r1 +0), r2)'],
      [d.atomic('fetch_xor', W, R1, 0, R2), 'r2 = atomic_fetch_xor((u32 *)(r1 +0), r2)'],
      [d.atomicXchg(DW, R1, -8, R2), 'r2 = atomic64_xchg((u64 *)(r1 -8), r2)'],
      [d.atomicCmpxchg(DW, R1, 0, R2), 'r0 = atomic64_cmpxchg((u64 *)(r1 +0), r0, r2)'],
      [d.jsgt(R1, -2, 't'), 'if r1 s> 0xfffffffe goto pc-1'],
      [d.jle32(R1, R2, 't'), 'if w1 <= w2 goto pc-1'],
      [d.jset(R1, 8, 't'), 'if r1 & 0x8 goto pc-1'],
      [d.callSub('t'), 'call pc-1'],
      [d.call(9999), 'call unknown#9999'],
    ];
    for (const [insn, expected] of cases) assert.equal(text(insn), expected);
  });

  it('names map loads by fd without the assembler references', () => {
    const program = assembleOrThrow([d.ldMapFd(R1, 'm'), d.ldMapValue(R2, 'm', 4), d.exit()]);
    const bytes = program.bytes.slice();
    new DataView(bytes.buffer).setInt32(4, 5, true);
    assert.equal(
      disassembleBytes(bytes, { opcodes: false }),
      '0: r1 = map[fd:5]\n2: r2 = map[fd:0][0]+4\n4: exit\n',
    );
  });

  it('annotates the listing with the script line each stretch comes from', () => {
    const n = spanOf('n++');
    const x = spanOf('x = 1');
    const program = assembleOrThrow([
      withSpan(d.ldMapValue(R1, 'globals', 0), n),
      withSpan(d.mov64(R2, 1), n),
      withSpan(d.atomicAdd(DW, R1, 0, R2), n),
      withSpan(d.mov64(R3, 1), x),
      d.mov64(R0, 0),
      d.exit(),
    ]);
    assert.equal(
      disassemble(program),
      [
        '; n++ @ t.stp:3:3',
        '0: (18) r1 = map[globals][0]+0',
        '2: (b7) r2 = 1',
        '3: (db) lock *(u64 *)(r1 +0) += r2',
        '; x = 1 @ t.stp:4:3',
        '4: (b7) r3 = 1',
        '5: (b7) r0 = 0',
        '6: (95) exit',
        '',
      ].join('\n'),
    );
  });

  it('lists instructions before assembly with their labels', () => {
    assert.equal(
      formatInstructions([d.jeq(R0, 0, 'out'), d.mov64(R0, 1), d.label('out'), d.exit()]),
      '  if r0 == 0x0 goto out\n  r0 = 1\nout:\n  exit\n',
    );
  });
});

describe('decode: round trips', () => {
  /** The same program with each label renamed to `L<slot>`, as the decoder names them. */
  function canonical(insns: readonly Instruction[]): Instruction[] {
    const labels = assembleOrThrow(insns).labels;
    const rename = (name: string) => `L${labels.get(name)}`;
    return insns.map((insn) => {
      switch (insn.op) {
        case 'label':
          return { ...insn, name: rename(insn.name) };
        case 'jmp':
        case 'ja':
        case 'call_sub':
        case 'ld_func':
          return { ...insn, target: rename(insn.target) };
        default:
          return insn;
      }
    });
  }

  const EVERY_FORM: Instruction[] = [
    d.label('top'),
    ...COUNTER.filter((i) => i.op !== 'label' && i.op !== 'exit' && i.op !== 'ja' && i.op !== 'jmp'),
    d.mov32(R1, -5),
    d.sdiv64(R1, R2),
    d.smod32(R1, 7),
    d.xor64(R1, R1),
    d.neg32(R2),
    d.movsx64(R1, R2, 32),
    d.movsx32(R1, R2, 16),
    d.be32(R1),
    d.le16(R1),
    d.bswap64(R1),
    d.ldImm64(R1, -0x123456789n),
    d.ldImm64(R1, 0x7fffffffffffffffn),
    d.ldMapValue(R1, 'globals', 40),
    d.ldFunc(R2, 'sub'),
    d.ldx(DW, R1, R10, -8),
    d.ldsx(B, R1, R10, -1),
    d.stx(H, R10, -2, R1),
    d.st(B, R10, -1, 7),
    d.atomicCmpxchg(W, R1, 0, R2),
    d.atomic('fetch_and', DW, R1, 0, R2),
    d.jeq(R1, R2, 'top'),
    d.jsle32(R1, -3, 'top'),
    d.jset32(R1, 1, 'next'),
    d.label('next'),
    d.ja('sub'),
    d.callSub('sub'),
    d.exit(),
    d.label('sub'),
    d.mov64(R0, 0),
    d.exit(),
  ];

  it('decodes to the instructions that were assembled, labels named by slot', () => {
    const program = assembleOrThrow(EVERY_FORM);
    const decoded = decode(program.bytes, { mapReferences: program.mapReferences });
    assert.deepEqual(decoded.instructions, canonical(EVERY_FORM));
  });

  it('re-assembles decoded bytes to the same bytes', () => {
    const program = assembleOrThrow(EVERY_FORM);
    const again = assembleOrThrow(decode(program.bytes).instructions);
    assert.deepEqual(again.bytes, program.bytes);
  });

  it('carries spans through when given line info', () => {
    const span = spanOf('x = 1');
    const program = assembleOrThrow([withSpan(d.ldImm64(R0, 1), span), d.exit()]);
    const decoded = decode(program.bytes, { lineInfo: program.lineInfo });
    assert.equal(decoded.instructions[0]?.span, span);
    assert.equal(decoded.instructions[1]?.span, undefined);
    assert.deepEqual(decoded.slots, [0, 2]);
  });

  it('keeps encodings the model has no form for as raw slots, byte for byte', () => {
    const bytes = writeSlots([
      { code: 0x30, dst: 0, src: 0, off: 0, imm: 2 }, // BPF_LD|BPF_ABS|BPF_B (cBPF packet load)
      { code: 0x85, dst: 0, src: 2, off: 0, imm: 4242 }, // kfunc call
      { code: 0xb7, dst: 1, src: 3, off: 0, imm: 0 }, // mov with a stray src register
      { code: 0x79, dst: 11, src: 1, off: 0, imm: 0 }, // register 11
      { code: 0x05, dst: 0, src: 0, off: 1, imm: 0 }, // goto into the middle of the lddw below
      { code: 0x18, dst: 1, src: 0, off: 0, imm: 1 },
      { code: 0x00, dst: 0, src: 0, off: 0, imm: 0 },
      { code: 0x18, dst: 1, src: 3, off: 0, imm: 77 }, // BPF_PSEUDO_BTF_ID
      { code: 0x00, dst: 0, src: 0, off: 0, imm: 0 },
      { code: 0x95, dst: 0, src: 0, off: 0, imm: 0 },
    ]);
    const decoded = decode(bytes);
    assert.deepEqual(
      decoded.instructions.map((i) => i.op),
      ['raw', 'raw', 'raw', 'raw', 'raw', 'ld_imm64', 'raw', 'raw', 'exit'],
    );
    assert.deepEqual(assembleOrThrow(decoded.instructions).bytes, bytes);
    assert.match(disassembleBytes(bytes), /^0: \(30\) raw\(code=0x30, dst=0, src=0, off=0, imm=2\)$/m);
  });

  it('decodes a trailing half lddw as raw', () => {
    const bytes = writeSlots([{ code: 0x18, dst: 1, src: 0, off: 0, imm: 1 }]);
    assert.deepEqual(decode(bytes).instructions, [{ op: 'raw', code: 0x18, dst: 1, src: 0, off: 0, imm: 1 }]);
  });
});
