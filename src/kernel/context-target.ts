/**
 * compile's context port (compile/context-target.ts) for the running kernel: `struct
 * task_struct` member chains from BTF (`current->real_parent->tgid`, `current->cred->euid`),
 * the possible CPUs from sysfs, and whether handlers may read other CPUs' per-CPU copies.
 */
import type { CodeRange, ContextTarget, TaskCharsAccess, TaskMemberAccess } from '../compile/index.js';
import { type Btf, findMember, resolvedType, sizeOf, typeName, vmlinuxBtf } from './btf/index.js';
import { possibleCpus } from './cpus.js';
import { haveLookupPercpuElem } from './features.js';
import { Kallsyms } from './kallsyms.js';
import type { SysResult } from './sys/index.js';

type Final = { readonly kind: 'integer' } | { readonly kind: 'chars' };

type Walked =
  | {
      readonly ok: true;
      readonly derefs: readonly number[];
      readonly offset: number;
      readonly type: number;
    }
  | { readonly ok: false; readonly error: string };

/** The struct or union a pointer type points to, or undefined. */
function pointee(btf: Btf, id: number): number | undefined {
  const t = resolvedType(btf, id);
  if (t?.kind !== 'ptr') return undefined;
  const target = resolvedType(btf, t.type);
  return target?.kind === 'struct' || target?.kind === 'union' ? target.id : undefined;
}

/**
 * Embedded structs add their offsets up; pointer members are followed (one probe read each). A
 * step `name[i]` indexes an array member (a flexible one too: `numbers[0]`).
 */
function walk(btf: Btf, start: number, path: readonly string[]): Walked {
  const derefs: number[] = [];
  let container = start;
  let base = 0;
  let shown = 'current';
  for (const [i, step] of path.entries()) {
    const indexed = /^(\w+)\[(\d+)\]$/.exec(step);
    const name = indexed?.[1] ?? step;
    const m = findMember(btf, container, name);
    if (m === undefined)
      return {
        ok: false,
        error: `'${shown}->${name}' (${typeName(btf, container)} has no member '${name}')`,
      };
    shown = `${shown}->${step}`;
    if (m.byteOffset === undefined) return { ok: false, error: `the bit-field '${shown}'` };
    let offset = base + m.byteOffset;
    let type = m.type;
    if (indexed !== null) {
      const array = resolvedType(btf, m.type);
      const elementBytes = array?.kind === 'array' ? sizeOf(btf, array.type) : undefined;
      if (array?.kind !== 'array' || elementBytes === undefined)
        return { ok: false, error: `'${shown}' (${typeName(btf, m.type)}, not an array)` };
      offset += Number(indexed[2]) * elementBytes;
      type = array.type;
    }
    if (i === path.length - 1) return { ok: true, derefs, offset, type };
    const t = resolvedType(btf, type);
    if (t?.kind === 'struct' || t?.kind === 'union') {
      base = offset;
      container = t.id;
      continue;
    }
    const next = pointee(btf, type);
    if (next === undefined)
      return { ok: false, error: `'${shown}' (${typeName(btf, type)}, not a struct pointer)` };
    derefs.push(offset);
    base = 0;
    container = next;
  }
  return { ok: false, error: `'${shown}' without a member` };
}

function finalType(btf: Btf, id: number, want: Final): { size: number; isSigned: boolean } | undefined {
  const t = resolvedType(btf, id);
  if (want.kind === 'chars') {
    if (t?.kind !== 'array') return undefined;
    const element = resolvedType(btf, t.type);
    return element?.kind === 'int' && element.size === 1 ? { size: t.length, isSigned: false } : undefined;
  }
  if (t?.kind === 'int' && t.bitOffset === 0 && [1, 2, 4, 8].includes(t.size))
    return { size: t.size, isSigned: t.isSigned };
  if (t?.kind === 'ptr') return { size: 8, isSigned: false };
  if (t?.kind === 'enum') {
    const size = sizeOf(btf, t.id);
    if (size !== undefined && [1, 2, 4, 8].includes(size)) return { size, isSigned: t.isSigned };
  }
  return undefined;
}

function resolve(path: readonly string[], want: Final): Walked & { size?: number; isSigned?: boolean } {
  const loaded = vmlinuxBtf();
  if (!loaded.ok) return { ok: false, error: `kernel BTF: ${loaded.message}` };
  const btf = loaded.value;
  const task = btf.find('struct', 'task_struct');
  if (task === undefined) return { ok: false, error: 'struct task_struct (not in the kernel BTF)' };
  const walked = walk(btf, task.id, path);
  if (!walked.ok) return walked;
  const final = finalType(btf, walked.type, want);
  if (final === undefined)
    return {
      ok: false,
      error: `'current->${path.join('->')}' (${typeName(btf, walked.type)}, not ${want.kind === 'chars' ? 'a char array' : 'an integer or pointer'})`,
    };
  return { ...walked, ...final };
}

export function kernelContextTarget(): ContextTarget {
  return {
    taskMember(path): TaskMemberAccess {
      const r = resolve(path, { kind: 'integer' });
      if (!r.ok) return r;
      return {
        ok: true,
        derefs: r.derefs,
        offset: r.offset,
        size: r.size ?? 8,
        isSigned: r.isSigned ?? false,
      };
    },
    taskChars(path): TaskCharsAccess {
      const r = resolve(path, { kind: 'chars' });
      if (!r.ok) return r;
      return { ok: true, derefs: r.derefs, offset: r.offset, length: r.size ?? 0 };
    },
    possibleCpus: Math.max(0, ...possibleCpus()) + 1,
    get haveLookupPercpuElem() {
      return haveLookupPercpuElem().available;
    },
    stpPid: process.pid,
    symbolRange,
    tracepointClasses,
  };
}

const BPF_TRACE_PREFIX = '__bpf_trace_';

/**
 * The classes whose `__bpf_trace_<class>` takes the same parameter types as the event's
 * `btf_trace_<event>` prototype: one of them is the event's (more share a prototype).
 */
function tracepointClasses(event: string): readonly string[] | undefined {
  const loaded = vmlinuxBtf();
  if (!loaded.ok) return undefined;
  const btf = loaded.value;
  const typedef = btf.find('typedef', `btf_trace_${event}`);
  const ptr = typedef?.kind === 'typedef' ? resolvedType(btf, typedef.type) : undefined;
  const proto = ptr?.kind === 'ptr' ? resolvedType(btf, ptr.type) : undefined;
  if (proto?.kind !== 'func_proto') return undefined;
  const wanted = proto.params.map((p) => p.type).join(',');
  const out: string[] = [];
  for (let id = 1; id < btf.typeCount; id++) {
    if (btf.kindOf(id) !== 'func') continue;
    const name = btf.nameOf(id);
    if (!name.startsWith(BPF_TRACE_PREFIX)) continue;
    const fn = btf.type(id);
    const fnProto = fn?.kind === 'func' ? btf.type(fn.type) : undefined;
    if (fnProto?.kind === 'func_proto' && fnProto.params.map((p) => p.type).join(',') === wanted)
      out.push(name.slice(BPF_TRACE_PREFIX.length));
  }
  return out;
}

/**
 * The compiler's own read of /proc/kallsyms: the shared one (`kallsyms()`) must be read after
 * the programs are loaded, to know their `bpf_prog_*` symbols.
 */
let compileSymbols: SysResult<Kallsyms> | undefined;

/** A symbol's code in /proc/kallsyms: from its address to the next symbol's. */
function symbolRange(name: string): CodeRange | undefined {
  compileSymbols ??= Kallsyms.load();
  const symbols = compileSymbols;
  if (!symbols.ok) return undefined;
  const address = symbols.value.addressOf(name);
  const s = address === undefined ? undefined : symbols.value.lookup(address);
  if (address === undefined || s === undefined) return undefined;
  const start = address - BigInt(s.offset);
  return { start, end: start + BigInt(s.size) };
}
