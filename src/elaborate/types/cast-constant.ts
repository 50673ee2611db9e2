/**
 * `@cast` chains that only compute an address (`&@cast(0, "task_struct", "kernel")->se.load`,
 * `&@cast(p, "T")->a[2]`, the macro library's `@offsetof`): the operand's value plus the path's
 * offsets from BTF, no kernel memory read. stap evaluates them anywhere; a user-space handler
 * (begin/end/timer) computes them as arithmetic on the operand and indexes (a constant when they
 * are), and a path through a pointer (a read) or a value read at its end keeps its refusal.
 * `@defined(@cast(...)->member)` outside kernel.trace handlers is decided from the same types.
 */
import type { CastExpr, Expr } from '../../lang/index.js';
import { castAccess, castType, pathOf } from '../probes/kernel-trace.js';
import type { DerivedProbe } from '../program.js';
import type { KernelTypeLookup } from '../target.js';
import { constantValue } from './fold.js';

/** An address-only `@cast`: its operand plus `offset` bytes plus each index times its element size. */
export type CastAddress =
  | {
      readonly ok: true;
      readonly offset: bigint;
      /** The `[i]` steps in order, each scaled by its element's size. */
      readonly indexes: readonly { readonly index: Expr; readonly scale: bigint }[];
    }
  /** `reads`: the chain reads kernel memory (a value at its end, or a pointer on its way). */
  | { readonly ok: false; readonly reason: 'reads' | 'type'; readonly message: string };

/** How `e` computes an address from its operand without reading memory, when it does. */
export function castAddress(e: CastExpr, types: KernelTypeLookup | undefined): CastAddress {
  const path = pathOf(e.components);
  if (path === 'pretty' || !e.addressOf) return reads();
  const cast = castType(types, e);
  if (!cast.ok) return { ok: false, reason: 'type', message: cast.message };
  if (path.length === 0) return { ok: true, offset: 0n, indexes: [] };
  const access = castAccess(types, e);
  if (access === undefined) return reads();
  if (!access.ok) return { ok: false, reason: 'type', message: access.error };
  if (access.value.kind === 'bitfield')
    return { ok: false, reason: 'type', message: 'cannot take the address of a bit field' };
  const subscripts = e.components.flatMap((c) => (c.kind === 'Subscript' ? [c.index] : []));
  const indexes: { index: Expr; scale: bigint }[] = [];
  let offset = 0n;
  for (const op of access.ops) {
    switch (op.kind) {
      case 'offset':
        offset += BigInt(op.bytes);
        break;
      case 'index': {
        const index = subscripts[indexes.length];
        if (index === undefined)
          return { ok: false, reason: 'type', message: 'an index step without its index' };
        indexes.push({ index, scale: BigInt(op.scale) });
        break;
      }
      case 'deref':
        return reads();
    }
  }
  return { ok: true, offset, indexes };
}

/** The address `e` stands for when its operand and indexes are constants too, else undefined. */
export function castConstant(
  e: CastExpr,
  types: KernelTypeLookup | undefined,
  probe?: DerivedProbe,
): bigint | undefined {
  const address = castAddress(e, types);
  if (!address.ok) return undefined;
  let value = constantValue(e.operand, probe, types);
  if (value === undefined) return undefined;
  value += address.offset;
  for (const { index, scale } of address.indexes) {
    const i = constantValue(index, probe, types);
    if (i === undefined) return undefined;
    value += i * scale;
  }
  return BigInt.asIntN(64, value);
}

function reads(): CastAddress {
  return { ok: false, reason: 'reads', message: '@cast reads kernel memory' };
}

/** `@defined(@cast(p, "T")->a[i])` from the kernel's types: the type exists and the path resolves. */
export function castDefined(types: KernelTypeLookup | undefined, e: CastExpr): boolean {
  if (!castType(types, e).ok) return false;
  const access = castAccess(types, e);
  return access === undefined || access.ok;
}
