/**
 * The TP_PROTO half of elaboration's tracepoint port: a tracepoint's parameters from BTF
 * (`btf_trace_<name>`), each able to resolve a `->a->b` member chain to pointer hops and a final
 * integer member. A handler naming one is compiled as a raw tracepoint program.
 */
import type { TraceMemberAccess, TraceParam } from '../elaborate/index.js';
import {
  type Btf,
  findMember,
  resolvedType,
  sizeOf,
  tracepointProto,
  typeName,
  vmlinuxBtf,
} from './btf/index.js';

function integerOf(btf: Btf, id: number): { size: number; isSigned: boolean } | undefined {
  const t = resolvedType(btf, id);
  if (t?.kind === 'int' && t.bitOffset === 0 && [1, 2, 4, 8].includes(t.size))
    return { size: t.size, isSigned: t.isSigned };
  if (t?.kind === 'enum') {
    const size = sizeOf(btf, t.id);
    if (size !== undefined && [1, 2, 4, 8].includes(size)) return { size, isSigned: false };
  }
  if (t?.kind === 'ptr') return { size: 8, isSigned: false };
  return undefined;
}

/** The struct or union a pointer type points to, or undefined. */
function pointee(btf: Btf, id: number): number | undefined {
  const t = resolvedType(btf, id);
  if (t?.kind !== 'ptr') return undefined;
  const target = resolvedType(btf, t.type);
  return target?.kind === 'struct' || target?.kind === 'union' ? target.id : undefined;
}

function memberChain(btf: Btf, param: string, type: number, path: readonly string[]): TraceMemberAccess {
  const derefs: number[] = [];
  let shown = `$${param}`;
  let container = pointee(btf, type);
  if (container === undefined)
    return {
      ok: false,
      error: `'${shown}->${path.join('->')}' (${typeName(btf, type)}, not a pointer to a struct)`,
    };
  // Bytes from the current pointer: embedded structs add up, pointers are followed.
  let base = 0;
  for (const [i, step] of path.entries()) {
    const m = findMember(btf, container, step);
    if (m === undefined)
      return {
        ok: false,
        error: `'${shown}->${step}' (${typeName(btf, container)} has no member '${step}')`,
      };
    shown = `${shown}->${step}`;
    if (m.byteOffset === undefined) return { ok: false, error: `the bit-field '${shown}'` };
    const offset = base + m.byteOffset;
    if (i === path.length - 1) {
      const int = integerOf(btf, m.type);
      if (int === undefined)
        return { ok: false, error: `'${shown}' (${typeName(btf, m.type)}, not an integer or pointer)` };
      return { ok: true, derefs, offset, size: int.size, isSigned: int.isSigned };
    }
    const t = resolvedType(btf, m.type);
    if (t?.kind === 'struct' || t?.kind === 'union') {
      base = offset;
      container = t.id;
      continue;
    }
    const next = pointee(btf, m.type);
    if (next === undefined)
      return {
        ok: false,
        error: `'${shown}->${path[i + 1]}' (${typeName(btf, m.type)}, not a struct or a pointer to one)`,
      };
    derefs.push(offset);
    base = 0;
    container = next;
  }
  return { ok: false, error: `'${shown}' without a member` };
}

/** The parameters of tracepoint `name`, or undefined without BTF or a raw tracepoint of it. */
export function traceParams(name: string): TraceParam[] | undefined {
  const loaded = vmlinuxBtf();
  if (!loaded.ok) return undefined;
  const btf = loaded.value;
  const proto = tracepointProto(btf, name);
  if (proto === undefined) return undefined;
  return proto.args.map((a, index): TraceParam => {
    const int = pointee(btf, a.type) === undefined ? integerOf(btf, a.type) : undefined;
    return {
      name: a.name,
      index,
      cType: a.typeName,
      ...(int === undefined ? {} : { integer: int }),
      member: (path) => memberChain(btf, a.name, a.type, path),
    };
  });
}
