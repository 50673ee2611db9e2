/**
 * The TP_PROTO half of elaboration's tracepoint port: a tracepoint's parameters from BTF
 * (`btf_trace_<name>`), each able to resolve a `->a[i]->b` path (btf/access.ts) to the address
 * arithmetic a program performs; and the kernel types `@cast` names. A handler naming a parameter
 * is compiled as a raw tracepoint program.
 */
import type { KernelType, KernelTypeLookup, TraceParam } from '../elaborate/index.js';
import {
  type Btf,
  findNamedType,
  type PathStep,
  type PrettyStart,
  prettyLayout,
  resolvedType,
  resolvePath,
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

/** The parameters of tracepoint `name`, or undefined without BTF or a raw tracepoint of it. */
export function traceParams(name: string): TraceParam[] | undefined {
  const loaded = vmlinuxBtf();
  if (!loaded.ok) return undefined;
  const btf = loaded.value;
  const proto = tracepointProto(btf, name);
  if (proto === undefined) return undefined;
  return proto.args.map((a, index): TraceParam => {
    const int = pointee(btf, a.type) === undefined ? integerOf(btf, a.type) : undefined;
    const ptr = resolvedType(btf, a.type);
    return {
      name: a.name,
      index,
      cType: a.typeName,
      ...(int === undefined ? {} : { integer: int }),
      pointer: ptr?.kind === 'ptr',
      access: (path) =>
        ptr?.kind === 'ptr'
          ? resolvePath(btf, ptr.type, path, `$${a.name}`)
          : { ok: false, error: `'$${a.name}' (${typeName(btf, a.type)}, not a pointer) with '->' or '[]'` },
      pretty: (path, full) =>
        pretty(
          btf,
          { kind: 'value', id: a.type },
          ptr?.kind === 'ptr' ? ptr.type : undefined,
          path,
          full,
          `$${a.name}`,
        ),
    };
  });
}

/** `@cast` types by name, from the kernel's BTF; undefined for every name without BTF. */
export const kernelTypes: KernelTypeLookup = (name) => {
  const loaded = vmlinuxBtf();
  if (!loaded.ok) return undefined;
  const btf = loaded.value;
  const id = findNamedType(btf, name);
  if (id === undefined) return undefined;
  const type: KernelType = {
    cType: typeName(btf, id),
    access: (path) => resolvePath(btf, id, path, `@cast(..., "${name}")`),
    pretty: (path, full) => pretty(btf, { kind: 'pointer-to', id }, id, path, full, `@cast(..., "${name}")`),
  };
  return type;
};

/**
 * `$var$` laid out from BTF; a value below the expression is readable when its whole path
 * resolves to an integer, pointer or bit-field (`pointee`: what the base points to).
 */
function pretty(
  btf: Btf,
  start: PrettyStart,
  pointee: number | undefined,
  path: readonly PathStep[],
  full: boolean,
  shown: string,
) {
  return prettyLayout(btf, start, path, full, shown, (steps) => {
    const all = [...path, ...steps];
    if (all.length === 0) return true;
    if (pointee === undefined) return false;
    const access = resolvePath(btf, pointee, all, shown);
    return access.ok && (access.value.kind === 'integer' || access.value.kind === 'bitfield');
  });
}
