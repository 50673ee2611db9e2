/**
 * Probe derivation (stap's derive_probes): each probe point of a `probe` declaration is matched
 * against the built-in families and the probe aliases (user script and tapsets), aliases are
 * expanded (prologue/epilogue bodies merged, conditions ANDed, suffixes appended, recursively),
 * `?` / `!` honoured, and one proto-probe comes out per concrete point.
 */
import type { Diagnostic, DiagnosticSink } from '../../diag/index.js';
import type {
  AliasDecl,
  Block,
  Expr,
  ProbeComponent,
  ProbeDecl,
  ProbePoint,
  Stmt,
} from '../../lang/index.js';
import type { ResolvedPoint } from '../program.js';
import type { TargetSystem } from '../target.js';
import { resolveBuiltinPoint, resolveGlobbedPoint } from './families.js';
import { fnmatch, isGlob } from './glob.js';
import { pointText } from './point-text.js';

/** One alias name of an alias declaration, with the file that declares it. */
export interface AliasEntry<F> {
  readonly decl: AliasDecl;
  readonly name: ProbePoint;
  readonly file: F;
}

export interface ProtoProbe {
  readonly point: ResolvedPoint;
  /** The concrete point, as `pp()` shows it. */
  readonly name: string;
  /** The point as the user wrote it, as `pn()` shows it. */
  readonly written: ProbePoint;
  /**
   * The user-level point this probe came from, made concrete (stap's script_location): the
   * alias name a wildcard matched (`syscall.openat`), or `name` for a built-in family. `-l`
   * lists these.
   */
  readonly location: string;
  readonly body: Block;
  readonly condition?: Expr;
}

export interface DeriveEnv<F> {
  readonly aliases: readonly AliasEntry<F>[];
  /** Called when an alias from `file` produced a probe (stap then pulls the whole file in). */
  aliasUsed(file: F): void;
  readonly sink: DiagnosticSink;
  /** Answers the families that look things up in the system (`kernel.trace`). */
  readonly target: TargetSystem;
}

class SemanticFailure {
  constructor(
    readonly message: string,
    readonly at?: ProbeComponent,
  ) {}
}

/** Derives the probes of one `probe` declaration; errors go to the sink. */
export function deriveProbes<F>(decl: ProbeDecl, env: DeriveEnv<F>): ProtoProbe[] {
  const out: ProtoProbe[] = [];
  deriveLocations(decl.points, decl.body, undefined, undefined, [], false, env, out, true);
  return out;
}

function deriveLocations<F>(
  locations: readonly ProbePoint[],
  body: Block,
  written: ProbePoint | undefined,
  location: string | undefined,
  chain: readonly AliasDecl[],
  parentOptional: boolean,
  env: DeriveEnv<F>,
  out: ProtoProbe[],
  report: boolean,
): void {
  for (const loc of locations) {
    const before = out.length;
    const optional = loc.optional || parentOptional;
    try {
      matchLocation(loc, body, written ?? loc, location, chain, optional, env, out);
      if (!optional && out.length === before) throw new SemanticFailure('no match');
    } catch (e) {
      if (!(e instanceof SemanticFailure)) throw e;
      out.length = before;
      if (optional) continue;
      if (!report) throw e;
      env.sink.report(resolutionError(loc, e));
      continue;
    }
    if (loc.sufficient && out.length > before) break;
  }
}

function resolutionError(loc: ProbePoint, e: SemanticFailure): Diagnostic {
  const first = loc.components[0];
  const cause: Diagnostic = {
    category: 'semantic',
    severity: 'error',
    code: 'S101',
    message: e.message,
    ...(e.at ? { span: e.at.span, subject: { label: 'at', description: `identifier '${e.at.name}'` } } : {}),
  };
  return {
    category: 'semantic',
    severity: 'error',
    code: 'S100',
    message: 'while resolving probe point',
    ...(first
      ? { span: first.span, subject: { label: 'at', description: `identifier '${first.name}'` } }
      : {}),
    chain: [cause],
  };
}

function andConditions(a: Expr | undefined, b: Expr | undefined): Expr | undefined {
  if (!a) return b;
  if (!b) return a;
  return { kind: 'Logical', op: '&&', left: a, right: b, span: a.span };
}

function matchLocation<F>(
  loc: ProbePoint,
  body: Block,
  written: ProbePoint,
  location: string | undefined,
  chain: readonly AliasDecl[],
  optional: boolean,
  env: DeriveEnv<F>,
  out: ProtoProbe[],
): void {
  const comps = loc.components;
  const globbed = comps.some((c) => isGlob(c.name));
  {
    // Only a family that matches wildcards itself (syscall) sees a wildcarded point.
    const r = globbed ? resolveGlobbedPoint(comps, env.target) : resolveBuiltinPoint(comps, env.target);
    if (r && 'error' in r) throw new SemanticFailure(r.error);
    if (r) {
      const condition = loc.condition;
      const points = 'expanded' in r ? r.expanded : [{ point: r, name: pointText(loc) }];
      for (const p of points) {
        out.push({
          point: p.point,
          name: p.name,
          written,
          location: location ?? p.name,
          body,
          ...(condition ? { condition } : {}),
        });
      }
      return;
    }
  }
  const full = env.aliases.filter((a) => componentsMatch(comps, a.name.components));
  if (full.length > 1 && comps.some((c) => isGlob(c.name))) {
    // A wildcard over several aliases (`scheduler.*`) skips those that cannot resolve here (the
    // kprobe-only ones on a kernel without kprobes); it fails only when none resolves.
    let firstFailure: SemanticFailure | undefined;
    let resolved = false;
    for (const a of full) {
      const before = out.length;
      try {
        expandAlias(a, loc, [], body, written, location, chain, optional, env, out);
        resolved = true;
      } catch (e) {
        if (!(e instanceof SemanticFailure)) throw e;
        out.length = before;
        firstFailure ??= e;
      }
    }
    if (!resolved && firstFailure !== undefined) throw firstFailure;
    return;
  }
  for (const a of full) expandAlias(a, loc, [], body, written, location, chain, optional, env, out);
  if (full.length > 0) return;
  // Suffix expansion: `syscall.read.return` where only `syscall.read` is an alias.
  for (let k = comps.length - 1; k >= 1; k--) {
    const prefix = comps.slice(0, k);
    const suffix = comps.slice(k);
    const partial = env.aliases.filter((a) => componentsMatch(prefix, a.name.components));
    for (const a of partial) {
      expandAlias(a, loc, suffix, body, written, location, chain, optional, env, out);
    }
    if (partial.length > 0) return;
  }
  if (comps.some((c) => isGlob(c.name)) && !optional) {
    throw new SemanticFailure(
      "probe point mismatch: didn't find any wildcard matches",
      comps.find((c) => isGlob(c.name)),
    );
  }
}

/** Does a (possibly wildcarded) user point match an alias name component by component? */
function componentsMatch(user: readonly ProbeComponent[], alias: readonly ProbeComponent[]): boolean {
  if (user.length !== alias.length) return false;
  for (let i = 0; i < user.length; i++) {
    const u = user[i];
    const a = alias[i];
    if (!u || !a) return false;
    if (!fnmatch(u.name, a.name)) return false;
    if (a.arg || u.arg) {
      if (!a.arg || !u.arg || a.arg.kind !== u.arg.kind || a.arg.value !== u.arg.value) return false;
    }
  }
  return true;
}

function expandAlias<F>(
  entry: AliasEntry<F>,
  use: ProbePoint,
  suffix: readonly ProbeComponent[],
  useBody: Block,
  written: ProbePoint,
  location: string | undefined,
  chain: readonly AliasDecl[],
  optional: boolean,
  env: DeriveEnv<F>,
  out: ProtoProbe[],
): void {
  const alias = entry.decl;
  if (chain.includes(alias)) {
    const at = use.components[0];
    const where = at ? `${at.span.source.name}:${at.span.line}:${at.span.col}` : '';
    throw new SemanticFailure(`recursive loop in alias expansion of ${pointText(use)} at ${where}`);
  }
  const writes = probeWrites(useBody);
  // substituteProbeWrites copies the alias body; the handler is copied per derived probe later.
  const aliasBody = substituteProbeWrites(alias.body, writes);
  const parts: Stmt[] = alias.epilogueStyle
    ? [useBody, aliasBody]
    : alias.epilogue
      ? [aliasBody, useBody, substituteProbeWrites(alias.epilogue, writes)]
      : [aliasBody, useBody];
  const body: Block = { kind: 'Block', statements: parts, span: useBody.span };
  const locations = alias.points.map((pp): ProbePoint => {
    const condition = andConditions(pp.condition, use.condition);
    return {
      ...pp,
      components: [...pp.components, ...suffix],
      ...(condition ? { condition } : {}),
    };
  });
  const before = out.length;
  const here = location ?? pointText({ ...entry.name, components: [...entry.name.components, ...suffix] });
  deriveLocations(locations, body, written, here, [...chain, alias], optional, env, out, false);
  if (out.length > before) env.aliasUsed(entry.file);
}

/** Names assigned anywhere in a probe handler (for `@probewrite(var)` in alias bodies). */
function probeWrites(body: Block): Set<string> {
  const names = new Set<string>();
  const visit = (n: unknown): void => {
    if (n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      for (const x of n) visit(x);
      return;
    }
    const node = n as {
      kind?: string;
      left?: { kind?: string; name?: string };
      operand?: { kind?: string; name?: string };
    };
    if (node.kind === 'Assign' && node.left?.kind === 'Symbol' && node.left.name) names.add(node.left.name);
    if (
      (node.kind === 'PreCrement' || node.kind === 'PostCrement') &&
      node.operand?.kind === 'Symbol' &&
      node.operand.name
    ) {
      names.add(node.operand.name);
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'span') visit(v);
  };
  visit(body);
  return names;
}

/** Replaces `@probewrite(x)` by the literal 1 or 0 (the AST copy is ours to rewrite). */
function substituteProbeWrites<T>(node: T, writes: ReadonlySet<string>): T {
  const visit = (n: unknown): unknown => {
    if (n === null || typeof n !== 'object') return n;
    if (Array.isArray(n)) return n.map(visit);
    const rec = n as Record<string, unknown>;
    if (rec.kind === 'ProbeWrite' && typeof rec.name === 'string') {
      return { kind: 'Number', value: writes.has(rec.name) ? 1n : 0n, span: rec.span };
    }
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rec)) copy[k] = k === 'span' ? v : visit(v);
    return copy;
  };
  return visit(node) as T;
}
