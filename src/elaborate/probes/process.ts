/**
 * `process(...)` probes on user-space code (stap's uprobe-based process family), from the
 * binary's ELF symbol tables and `.note.stapsdt` notes (a function's DWARF, read only when a
 * handler or -L asks, gives its `$variables`: process-variables.ts):
 *
 *     process("PATH") | process(PID) | process      (bare: the -c command's or -x pid's executable)
 *       [.library("LIB")]
 *       .function("PATTERN")[.call|.return]  one uprobe (uretprobe) per matching function
 *       [.provider("P")].mark("NAME")        one uprobe per matching USDT marker
 *       .statement(ADDR)                     one uprobe at a link-time address of the binary
 *     process(PID).statement(ADDR).absolute   one uprobe at an address of that running process
 *
 * Patterns are shell wildcards. Each match becomes one probe named as `pp()` shows it, with the
 * path made absolute: `process("/usr/bin/ls").function("main")`.
 */
import type { ProbeComponent } from '../../lang/index.js';
import type { UserProbePoint } from '../program.js';
import type { TargetSystem, UserBinary, UserFunction, UserProcessSpec } from '../target.js';
import type { ExpandedPoint, ProviderResult } from './families.js';
import { fnmatch } from './glob.js';

/** The shapes `--dump-probe-types` lists. */
export const PROCESS_PATTERNS: readonly string[] = ['process', 'process(number)', 'process(string)']
  .flatMap((head) =>
    [head, `${head}.library(string)`].flatMap((lib) => [
      `${lib}.function(string)`,
      `${lib}.function(string).call`,
      `${lib}.function(string).return`,
      `${lib}.mark(string)`,
      `${lib}.provider(string).mark(string)`,
      `${lib}.statement(number)`,
    ]),
  )
  .concat(['process(number).statement(number).absolute']);

/** What the components after `process(...)[.library(...)]` ask for. */
type Site =
  | { readonly kind: 'function'; readonly pattern: string; readonly suffix: 'call' | 'return' | undefined }
  | { readonly kind: 'mark'; readonly provider: string | undefined; readonly name: string }
  | { readonly kind: 'statement'; readonly address: bigint; readonly absolute: boolean };

function stringArg(c: ProbeComponent | undefined): string | undefined {
  return c?.arg?.kind === 'String' ? c.arg.value : undefined;
}

function parseSite(cs: readonly ProbeComponent[]): Site | undefined {
  const [first, second, third] = cs;
  if (first?.name === 'statement' && first.arg?.kind === 'Number') {
    const address = BigInt.asUintN(64, first.arg.value);
    if (cs.length === 1) return { kind: 'statement', address, absolute: false };
    if (cs.length === 2 && second?.name === 'absolute' && !second.arg) {
      return { kind: 'statement', address, absolute: true };
    }
    return undefined;
  }
  if (first?.name === 'function') {
    const pattern = stringArg(first);
    if (pattern === undefined) return undefined;
    if (cs.length === 1) return { kind: 'function', pattern, suffix: undefined };
    if (cs.length === 2 && !second?.arg && (second?.name === 'call' || second?.name === 'return')) {
      return { kind: 'function', pattern, suffix: second.name };
    }
    return undefined;
  }
  if (first?.name === 'mark' && cs.length === 1) {
    const name = stringArg(first);
    return name === undefined ? undefined : { kind: 'mark', provider: undefined, name };
  }
  if (first?.name === 'provider' && second?.name === 'mark' && cs.length === 2 && third === undefined) {
    const provider = stringArg(first);
    const name = stringArg(second);
    return provider === undefined || name === undefined ? undefined : { kind: 'mark', provider, name };
  }
  return undefined;
}

function specOf(head: ProbeComponent): UserProcessSpec | undefined {
  const arg = head.arg;
  if (arg === undefined) return { kind: 'target' };
  if (arg.kind === 'String') return { kind: 'path', path: arg.value };
  if (arg.kind === 'Number') return { kind: 'pid', pid: Number(arg.value) };
  return undefined;
}

function quoted(text: string): string {
  return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

export function resolveProcess(cs: readonly ProbeComponent[], target: TargetSystem): ProviderResult {
  const [head, maybeLibrary] = cs;
  if (head?.name !== 'process') return undefined;
  const spec = specOf(head);
  if (spec === undefined) return undefined;
  const library = maybeLibrary?.name === 'library' ? stringArg(maybeLibrary) : undefined;
  if (maybeLibrary?.name === 'library' && library === undefined) return undefined;
  const site = parseSite(cs.slice(library === undefined ? 1 : 2));
  if (site === undefined) return undefined;
  if (target.userBinary === undefined) return { error: 'process probes are not available' };
  const source = site.kind === 'function' ? sourcePattern(site.pattern) : undefined;
  if (source !== undefined && 'error' in source) return source;
  const exe = target.userBinary(spec);
  if (!exe.ok) return { error: exe.error };
  let binary: UserBinary = exe.binary;
  let prefix = `process(${quoted(exe.binary.path)})`;
  if (library !== undefined) {
    const lib = exe.binary.library(library);
    if (!lib.ok) return { error: lib.error };
    binary = lib.binary;
    prefix += `.library(${quoted(lib.binary.path)})`;
  }
  if (site.kind === 'statement') return statementProbe(head, site, binary, prefix, library !== undefined);
  const pid = exe.binary.pid;
  const common = { family: 'process', path: binary.path, ...(pid === undefined ? {} : { pid }) } as const;
  const expanded: ExpandedPoint[] = [];
  if (site.kind === 'function') {
    const seen = new Set<bigint>();
    const candidates = binary.functions(source?.name ?? site.pattern);
    if (source !== undefined && candidates.length > 0 && !candidates.some((f) => f.debug?.().ok === true)) {
      return {
        error: `function pattern '${site.pattern}' names a source file, which needs DWARF debug information, and '${binary.path}' has none for the functions named '${source.name}'`,
      };
    }
    for (const f of candidates) {
      // Aliases of one address (`foo` and `__foo`) are one probe, as stap's symbol query does.
      if (seen.has(f.offset)) continue;
      const where = source === undefined ? '' : declaredIn(f, source);
      if (where === undefined) continue;
      seen.add(f.offset);
      const point: UserProbePoint = {
        ...common,
        site: site.suffix === 'return' ? 'return' : 'function',
        offset: f.offset,
        symbol: f.name,
        ...(f.debug === undefined ? {} : { debug: f.debug }),
      };
      const suffix = site.suffix === undefined ? '' : `.${site.suffix}`;
      expanded.push({ point, name: `${prefix}.function(${quoted(f.name + where)})${suffix}` });
    }
    return { expanded };
  }
  for (const m of binary.marks()) {
    if (!fnmatch(site.name, m.name)) continue;
    if (site.provider !== undefined && !fnmatch(site.provider, m.provider)) continue;
    const point: UserProbePoint = {
      ...common,
      site: 'mark',
      offset: m.offset,
      symbol: m.name,
      provider: m.provider,
      args: m.args,
      ...(m.semaphoreOffset === undefined ? {} : { semaphoreOffset: m.semaphoreOffset }),
    };
    const provider = site.provider === undefined ? '' : `.provider(${quoted(m.provider)})`;
    expanded.push({ point, name: `${prefix}${provider}.mark(${quoted(m.name)})` });
  }
  return { expanded };
}

/**
 * `.statement(ADDR)`: a uprobe at the file offset of the binary's link-time address ADDR;
 * `process(PID).statement(ADDR).absolute`: at ADDR in that running process, in whichever file
 * is mapped there. pp() shows the address in hex, as stap does: `.statement(0x401136)`.
 */
function statementProbe(
  head: ProbeComponent,
  site: Extract<Site, { kind: 'statement' }>,
  binary: UserBinary,
  prefix: string,
  inLibrary: boolean,
): ProviderResult {
  const hex = `0x${site.address.toString(16)}`;
  const pid = binary.pid;
  let path = binary.path;
  let offset: bigint | undefined;
  let name = `${prefix}.statement(${hex})`;
  if (site.absolute) {
    if (head.arg?.kind !== 'Number' || inLibrary || pid === undefined) return undefined;
    const mapped = binary.absoluteAddress?.(site.address);
    if (mapped === undefined) return { error: `.absolute needs the mappings of pid ${pid}` };
    if (!mapped.ok) return { error: mapped.error };
    path = mapped.path;
    offset = mapped.offset;
    name = `process(${pid}).statement(${hex}).absolute`;
  } else {
    offset = binary.statementOffset?.(site.address);
    if (offset === undefined)
      return { error: `address ${hex} is not in a loaded segment of '${binary.path}'` };
  }
  const point: UserProbePoint = {
    family: 'process',
    path,
    ...(pid === undefined ? {} : { pid }),
    site: 'function',
    offset,
    symbol: hex,
  };
  return { expanded: [{ point, name }] };
}

/** `NAME@FILE[:LINE[-LINE]]`: functions declared in a source file (at a line), from DWARF. */
interface SourcePattern {
  readonly name: string;
  readonly file: string;
  readonly lines?: { readonly first: number; readonly last: number };
}

function sourcePattern(pattern: string): SourcePattern | { readonly error: string } | undefined {
  const at = pattern.indexOf('@');
  if (at < 0) return undefined;
  const name = pattern.slice(0, at);
  const m = /^([^:]*)(?::(\d+)(?:-(\d+))?)?$/.exec(pattern.slice(at + 1));
  if (m === null || name === '' || m[1] === '')
    return {
      error: `function pattern '${pattern}': tstap reads NAME@FILE and NAME@FILE:LINE[-LINE] (stap's relative and wildcard lines are not supported yet)`,
    };
  const file = m[1] as string;
  if (m[2] === undefined) return { name, file };
  const first = Number(m[2]);
  return { name, file, lines: { first, last: m[3] === undefined ? first : Number(m[3]) } };
}

/**
 * `@FILE:LINE` as stap's pp() shows it when the function's DWARF puts its declaration in a file
 * the pattern matches (a relative FILE matches any path ending in it), else undefined.
 */
function declaredIn(f: UserFunction, source: SourcePattern): string | undefined {
  const q = f.debug?.();
  const at = q?.ok === true ? q.subprogram.source : undefined;
  if (at === undefined) return undefined;
  if (!fnmatch(source.file, at.file) && !fnmatch(`*/${source.file}`, at.file)) return undefined;
  if (source.lines !== undefined && (at.line < source.lines.first || at.line > source.lines.last))
    return undefined;
  return `@${at.file}:${at.line}`;
}
