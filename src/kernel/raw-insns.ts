/**
 * Hand-encoded BPF instructions for the kernel layer's own feature probes and tests: a few
 * dozen-instruction programs, with string labels resolved in one pass. The compiler's real
 * instruction model and assembler live in src/bpf; this file stays tiny on purpose.
 *
 * `struct bpf_insn { u8 code; u8 dst_reg:4, src_reg:4; s16 off; s32 imm; }`, little-endian:
 * dst is the low nibble. A 16-byte ld_imm64 occupies two 8-byte slots.
 */

/** One 8-byte slot, with an optional label to jump to (resolved into `off`). */
export interface RawInsn {
  readonly code: number;
  readonly dst: number;
  readonly src: number;
  readonly off: number;
  readonly imm: number;
  /** Jump target label: `off` becomes target - (this + 1), in slots. */
  readonly jumpTo?: string;
  /** ld_imm64 of a subprogram (BPF_PSEUDO_FUNC): `imm` becomes target - (this + 1). */
  readonly funcAt?: string;
}

/** A label marking the next instruction. */
export interface Label {
  readonly label: string;
}

export type RawItem = RawInsn | Label;

// Opcode pieces (linux/bpf_common.h, linux/bpf.h).
const BPF_LD = 0x00;
const BPF_LDX = 0x01;
const BPF_ST = 0x02;
const BPF_STX = 0x03;
const BPF_JMP = 0x05;
const BPF_ALU64 = 0x07;
const BPF_K = 0x00;
const BPF_X = 0x08;
const BPF_IMM = 0x00;
const BPF_MEM = 0x60;
const BPF_ATOMIC = 0xc0;
const BPF_FETCH = 0x01;
const SIZE = { w: 0x00, h: 0x08, b: 0x10, dw: 0x18 } as const;
export type AccessSize = keyof typeof SIZE;
const ALU = {
  add: 0x00,
  sub: 0x10,
  mul: 0x20,
  div: 0x30,
  or: 0x40,
  and: 0x50,
  lsh: 0x60,
  rsh: 0x70,
  mov: 0xb0,
};
export type AluOp = keyof typeof ALU;
const JMP = { ja: 0x00, jeq: 0x10, jgt: 0x20, jge: 0x30, jne: 0x50, call: 0x80, exit: 0x90 } as const;

function insn(code: number, dst: number, src: number, off: number, imm: number): RawInsn {
  return { code, dst, src, off, imm };
}

export const R = { r0: 0, r1: 1, r2: 2, r3: 3, r4: 4, r5: 5, r6: 6, r7: 7, r8: 8, r9: 9, fp: 10 } as const;

export const asm = {
  label: (label: string): Label => ({ label }),
  alu64Imm: (op: AluOp, dst: number, imm: number): RawInsn =>
    insn(BPF_ALU64 | ALU[op] | BPF_K, dst, 0, 0, imm),
  alu64Reg: (op: AluOp, dst: number, src: number): RawInsn =>
    insn(BPF_ALU64 | ALU[op] | BPF_X, dst, src, 0, 0),
  movImm: (dst: number, imm: number): RawInsn => insn(BPF_ALU64 | ALU.mov | BPF_K, dst, 0, 0, imm),
  movReg: (dst: number, src: number): RawInsn => insn(BPF_ALU64 | ALU.mov | BPF_X, dst, src, 0, 0),
  /** dst = *(size *)(src + off) */
  ldx: (size: AccessSize, dst: number, src: number, off: number): RawInsn =>
    insn(BPF_LDX | SIZE[size] | BPF_MEM, dst, src, off, 0),
  /** *(size *)(dst + off) = src */
  stx: (size: AccessSize, dst: number, off: number, src: number): RawInsn =>
    insn(BPF_STX | SIZE[size] | BPF_MEM, dst, src, off, 0),
  /** *(size *)(dst + off) = imm */
  st: (size: AccessSize, dst: number, off: number, imm: number): RawInsn =>
    insn(BPF_ST | SIZE[size] | BPF_MEM, dst, 0, off, imm),
  /** src = atomic_fetch_add((u64 *)(dst + off), src) (5.12) */
  atomicFetchAdd64: (dst: number, off: number, src: number): RawInsn =>
    insn(BPF_STX | SIZE.dw | BPF_ATOMIC, dst, src, off, ALU.add | BPF_FETCH),
  /** lock *(u64 *)(dst + off) += src */
  atomicAdd64: (dst: number, off: number, src: number): RawInsn =>
    insn(BPF_STX | SIZE.dw | BPF_ATOMIC, dst, src, off, ALU.add),
  jmpImm: (op: 'jeq' | 'jne' | 'jgt' | 'jge', dst: number, imm: number, target: string): RawInsn => ({
    ...insn(BPF_JMP | JMP[op] | BPF_K, dst, 0, 0, imm),
    jumpTo: target,
  }),
  ja: (target: string): RawInsn => ({ ...insn(BPF_JMP | JMP.ja, 0, 0, 0, 0), jumpTo: target }),
  call: (helper: number): RawInsn => insn(BPF_JMP | JMP.call, 0, 0, 0, helper),
  exit: (): RawInsn => insn(BPF_JMP | JMP.exit, 0, 0, 0, 0),
  /** dst = map (ld_imm64 with src_reg BPF_PSEUDO_MAP_FD = 1): two slots. */
  ldMapFd: (dst: number, mapFd: number): RawInsn[] => [
    insn(BPF_LD | SIZE.dw | BPF_IMM, dst, 1, 0, mapFd),
    insn(0, 0, 0, 0, 0),
  ],
  /** dst = &subprogram (ld_imm64 with src_reg BPF_PSEUDO_FUNC = 4): two slots. */
  ldFunc: (dst: number, target: string): RawInsn[] => [
    { ...insn(BPF_LD | SIZE.dw | BPF_IMM, dst, 4, 0, 0), funcAt: target },
    insn(0, 0, 0, 0, 0),
  ],
};

/** Helper function ids (enum bpf_func_id in linux/bpf.h). */
export const BPF_FUNC_map_lookup_elem = 1;
export const BPF_FUNC_ktime_get_ns = 5;
export const BPF_FUNC_get_current_pid_tgid = 14;
export const BPF_FUNC_get_current_task = 35;
export const BPF_FUNC_probe_read_kernel = 113;
export const BPF_FUNC_ringbuf_output = 130;
export const BPF_FUNC_ringbuf_reserve = 131;
export const BPF_FUNC_ringbuf_submit = 132;
export const BPF_FUNC_ringbuf_discard = 133;
export const BPF_FUNC_loop = 181;

function isLabel(item: RawItem): item is Label {
  return 'label' in item;
}

/** Encodes items (nested arrays are flattened) into instruction bytes, resolving labels. */
export function encode(items: readonly (RawItem | readonly RawItem[])[]): Uint8Array {
  const flat = items.flat();
  const labels = new Map<string, number>();
  const slots: RawInsn[] = [];
  for (const item of flat) {
    if (isLabel(item)) labels.set(item.label, slots.length);
    else slots.push(item);
  }
  const target = (name: string): number => {
    const at = labels.get(name);
    if (at === undefined) throw new Error(`raw-insns: undefined label ${name}`);
    return at;
  };
  const bytes = Buffer.alloc(slots.length * 8);
  slots.forEach((s, i) => {
    const off = s.jumpTo === undefined ? s.off : target(s.jumpTo) - (i + 1);
    const imm = s.funcAt === undefined ? s.imm : target(s.funcAt) - (i + 1);
    bytes.writeUInt8(s.code, i * 8);
    bytes.writeUInt8(((s.src & 0xf) << 4) | (s.dst & 0xf), i * 8 + 1);
    bytes.writeInt16LE(off, i * 8 + 2);
    bytes.writeInt32LE(imm | 0, i * 8 + 4);
  });
  return bytes;
}

/** `r0 = 0; exit`: the smallest valid program. */
export function returnZero(): Uint8Array {
  return encode([asm.movImm(R.r0, 0), asm.exit()]);
}
