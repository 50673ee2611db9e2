/**
 * The eleven BPF registers. r0 holds return values, r1–r5 arguments (clobbered by calls), r6–r9
 * survive calls, r10 is the read-only frame pointer (the stack is the 512 bytes below it).
 * Registers are strings so an instruction printed in a test failure reads like the listing.
 */
export type Register = 'r0' | 'r1' | 'r2' | 'r3' | 'r4' | 'r5' | 'r6' | 'r7' | 'r8' | 'r9' | 'r10';

export const R0: Register = 'r0';
export const R1: Register = 'r1';
export const R2: Register = 'r2';
export const R3: Register = 'r3';
export const R4: Register = 'r4';
export const R5: Register = 'r5';
export const R6: Register = 'r6';
export const R7: Register = 'r7';
export const R8: Register = 'r8';
export const R9: Register = 'r9';
export const R10: Register = 'r10';
/** The frame pointer, r10. */
export const RFP: Register = R10;

const REGISTERS: readonly Register[] = [R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10];

/** The register's number as encoded in `dst_reg`/`src_reg` (0–10). */
export function registerNumber(reg: Register): number {
  return Number(reg.slice(1));
}

/** The register encoded as `n`, or undefined for 11–15 (invalid in an instruction). */
export function registerFromNumber(n: number): Register | undefined {
  return REGISTERS[n];
}

export function isRegister(value: unknown): value is Register {
  return typeof value === 'string' && (REGISTERS as readonly string[]).includes(value);
}
