/**
 * Instruction-encoding constants of the kernel's BPF ABI, spelled as in
 * `include/uapi/linux/bpf_common.h` and `include/uapi/linux/bpf.h`.
 *
 * An instruction is one 8-byte slot, `struct bpf_insn { u8 code; u8 dst_reg:4, src_reg:4;
 * s16 off; s32 imm; }`, little-endian on every machine we run on (dst_reg is the low nibble).
 */

/** Bytes per instruction slot, `sizeof(struct bpf_insn)`. */
export const INSN_SIZE_BYTES = 8;

// Instruction classes: `code & 0x07`.
export const BPF_LD = 0x00;
export const BPF_LDX = 0x01;
export const BPF_ST = 0x02;
export const BPF_STX = 0x03;
export const BPF_ALU = 0x04;
export const BPF_JMP = 0x05;
/** Jumps comparing the low 32 bits. Kernel 5.1. */
export const BPF_JMP32 = 0x06;
export const BPF_ALU64 = 0x07;

// Load/store sizes: `code & 0x18`.
export const BPF_W = 0x00;
export const BPF_H = 0x08;
export const BPF_B = 0x10;
export const BPF_DW = 0x18;

// Load/store modes: `code & 0xe0`.
export const BPF_IMM = 0x00;
export const BPF_ABS = 0x20;
export const BPF_IND = 0x40;
export const BPF_MEM = 0x60;
/** Sign-extending load. Kernel 6.6 (cpu v4). */
export const BPF_MEMSX = 0x80;
/** Atomic read-modify-write; the operation is in `imm`. Kernel 5.12 (add alone since 4.x as XADD). */
export const BPF_ATOMIC = 0xc0;

// ALU operations: `code & 0xf0`.
export const BPF_ADD = 0x00;
export const BPF_SUB = 0x10;
export const BPF_MUL = 0x20;
export const BPF_DIV = 0x30;
export const BPF_OR = 0x40;
export const BPF_AND = 0x50;
export const BPF_LSH = 0x60;
export const BPF_RSH = 0x70;
export const BPF_NEG = 0x80;
export const BPF_MOD = 0x90;
export const BPF_XOR = 0xa0;
export const BPF_MOV = 0xb0;
export const BPF_ARSH = 0xc0;
/** Byte swap; `imm` is the width in bits (16, 32, 64). */
export const BPF_END = 0xd0;

// Operand source: `code & 0x08`.
export const BPF_K = 0x00;
export const BPF_X = 0x08;

// BPF_END directions (in the BPF_SRC bit). ALU64|END|TO_LE is the unconditional bswap (kernel 6.6).
export const BPF_TO_LE = 0x00;
export const BPF_TO_BE = 0x08;

// Jump operations: `code & 0xf0`.
export const BPF_JA = 0x00;
export const BPF_JEQ = 0x10;
export const BPF_JGT = 0x20;
export const BPF_JGE = 0x30;
export const BPF_JSET = 0x40;
export const BPF_JNE = 0x50;
export const BPF_JSGT = 0x60;
export const BPF_JSGE = 0x70;
export const BPF_CALL = 0x80;
export const BPF_EXIT = 0x90;
export const BPF_JLT = 0xa0;
export const BPF_JLE = 0xb0;
export const BPF_JSLT = 0xc0;
export const BPF_JSLE = 0xd0;

// Atomic operations (in `imm` of BPF_STX|BPF_ATOMIC).
export const BPF_FETCH = 0x01;
export const BPF_XCHG = 0xe0 | BPF_FETCH;
export const BPF_CMPXCHG = 0xf0 | BPF_FETCH;

// `src_reg` of the first slot of a 16-byte BPF_LD|BPF_DW|BPF_IMM.
/** `imm` is a map fd; the register gets the map pointer. */
export const BPF_PSEUDO_MAP_FD = 1;
/** `imm` is a map fd, the second slot's `imm` an offset into its value; the register gets that address. Kernel 5.2. */
export const BPF_PSEUDO_MAP_VALUE = 2;
export const BPF_PSEUDO_BTF_ID = 3;
/** `imm` is the pc-relative slot offset of a subprogram (a callback for bpf_loop etc.). Kernel 5.13. */
export const BPF_PSEUDO_FUNC = 4;
export const BPF_PSEUDO_MAP_IDX = 5;
export const BPF_PSEUDO_MAP_IDX_VALUE = 6;

// `src_reg` of BPF_JMP|BPF_CALL.
/** `imm` is the pc-relative slot offset of a BPF-to-BPF subprogram. Kernel 4.16. */
export const BPF_PSEUDO_CALL = 1;
export const BPF_PSEUDO_KFUNC_CALL = 2;
