/**
 * Target expressions and the other @-operators. The user-space families (begin/end/error/never/
 * timer) have no context variables, so there `$var`, `@var`, autocasts and any `@cast` that
 * reads memory never resolve (an address-only one, `@offsetof`, is arithmetic: cast-constant.ts),
 * and they get stap's errors for a target expression that survived to the type pass. Every
 * kernel handler types `@cast` from the kernel's BTF; a `kernel.trace` handler also reads its
 * record's fields as `$name` (see probes/kernel-trace.ts).
 * `@defined(...)` has already been decided by then (stap const-folds it to 0 or 1 before
 * typing), so its operand is not typed.
 */
import {
  type DefinedExpr,
  type Expr,
  parseEmbeddedRuntimeCalls,
  printExpr,
  type TargetExpr,
} from '../../lang/index.js';
import { assertNever } from '../../util/index.js';
import { castValueType, traceTargetDefined, traceTargetType } from '../probes/kernel-trace.js';
import { userVariable } from '../probes/process-variables.js';
import { type DerivedProbe, runsInKernel, type ValueType } from '../program.js';
import type { KernelTypeLookup } from '../target.js';
import { visitAutocast } from './autocast-visit.js';
import { castAddress, castDefined } from './cast-constant.js';
import { TYPE_CODES } from './codes.js';
import type { InferenceState } from './context.js';
import { type ExprEnv, settle, visitExpr } from './expressions.js';
import { exprToken } from './tokens.js';
import { walk } from './walk.js';

/** The probe families whose handlers can read context variables (`$var`, `$$parms`...). */
export function hasTargetVariables(probe: DerivedProbe | undefined): boolean {
  if (!probe) return false;
  const family = probe.point.family;
  switch (family) {
    case 'begin':
    case 'end':
    case 'error':
    case 'never':
    case 'timer':
    case 'syscall':
    case 'perf':
      return false;
    case 'process.lifecycle':
      return false;
    case 'kernel.trace':
    case 'process':
      return true;
    default:
      return assertNever(family, 'probe family');
  }
}

/** A target expression's value type once resolved: the `$$vars`-style names and pretty-printing give strings. */
export function targetValueType(e: TargetExpr): ValueType {
  if (e.addressOf) return 'long';
  if (e.components.some((c) => c.kind === 'Pretty')) return 'string';
  if (e.kind === 'TargetSymbol' && e.name.startsWith('$$')) return 'string';
  return 'long';
}

/**
 * Whether `@defined(e)` holds: its operand names no target expression that fails to resolve.
 * A `@cast` resolves against the kernel's types in every handler kind and in functions, as
 * stap's @cast expansion runs over them all (the macro library's `@type_member_defined`).
 */
export function evaluateDefined(
  e: DefinedExpr,
  probe: DerivedProbe | undefined,
  kernelTypes?: KernelTypeLookup,
): boolean {
  const point = probe?.point;
  if (point?.family === 'kernel.trace' && (e.operand.kind === 'TargetSymbol' || e.operand.kind === 'Cast')) {
    return traceTargetDefined(point, e.operand);
  }
  if (e.operand.kind === 'Cast') return castDefined(kernelTypes, e.operand);
  if (point?.family === 'process' && e.operand.kind === 'TargetSymbol') {
    return userVariable(point, e.operand.name).kind !== 'missing';
  }
  return hasTargetVariables(probe) || !mentionsTarget(e.operand);
}

/** Operators that read the probe's context. */
const CONTEXT_KINDS: ReadonlySet<Expr['kind']> = new Set<Expr['kind']>([
  'TargetSymbol',
  'Cast',
  'AtVar',
  'Autocast',
  'Entry',
  'Perf',
  'EnumName',
]);

function mentionsTarget(e: Expr): boolean {
  return CONTEXT_KINDS.has(e.kind);
}

type AtExpr = Extract<
  Expr,
  {
    kind:
      | TargetExpr['kind']
      | 'Defined'
      | 'ProbeWrite'
      | 'Entry'
      | 'Perf'
      | 'Const'
      | 'Enum'
      | 'EnumName'
      | 'Register'
      | 'Deref'
      | 'EmbeddedExpr';
  }
>;

export function visitTarget(env: ExprEnv, e: AtExpr, t: ValueType): void {
  const s = env.state;
  switch (e.kind) {
    case 'TargetSymbol':
    case 'AtVar':
    case 'Cast':
    case 'Autocast':
      visitContextAccess(env, e);
      return;
    case 'Defined':
      // Already folded to 0 or 1 (see evaluateDefined): a long, operand untouched.
      settle(s, e, 'long');
      return;
    case 'ProbeWrite':
      s.abort(TYPE_CODES.unexpectedProbeWrite, 'unexpected @probewrite', () => exprToken(e));
      return;
    case 'Entry': {
      // A process(...).return probe saves the operand's value at the function's entry, a
      // syscall return probe at the call's entry (its sys_enter).
      const point = s.currentProbe?.point;
      const isReturn =
        (point?.family === 'process' && point.site === 'return') ||
        (point?.family === 'syscall' && point.isReturn);
      if (isReturn && !s.currentFunction) {
        markEntryOperand(e.operand);
        visitExpr(env, e.operand, t);
        const type = s.typeOf(e.operand);
        if (type !== 'unknown') settle(s, e, type);
        return;
      }
      s.abort(TYPE_CODES.entryOutsideReturn, 'internal error: @entry is only valid in .return probes', () =>
        exprToken(e),
      );
      return;
    }
    case 'Perf':
    case 'Const':
    case 'Enum':
      if (t === 'stats' || t === 'string') s.invalid(() => exprToken(e), t);
      s.setType(e, 'long');
      return;
    case 'EnumName':
      if (s.assertResolvability) {
        s.report(
          s.diagnostic(
            TYPE_CODES.enumName,
            '@enumname requires a typed $variable or a type string argument; unresolved enumeration type',
            exprToken(e),
          ),
        );
      }
      s.setType(e, 'string');
      s.pending();
      visitExpr(env, e.operand, 'unknown');
      return;
    case 'Register':
      if (t !== 'long') s.invalid(() => exprToken(e), t);
      settle(s, e, 'long');
      return;
    case 'Deref':
      if (t !== 'long') s.invalid(() => exprToken(e), t);
      visitExpr(env, e.addr, t);
      settle(s, e, 'long');
      return;
    case 'EmbeddedExpr':
      // Calls to the runtime's output functions run without C (src/lang/embedded-c.ts).
      if (parseEmbeddedRuntimeCalls(e.code) === undefined) {
        s.report(s.diagnostic(TYPE_CODES.embeddedC, 'embedded C is not supported by tstap', exprToken(e)));
      }
      settle(s, e, e.code.includes('/* string */') ? 'string' : 'long');
      return;
    default:
      assertNever(e, 'expression');
  }
}

function visitContextAccess(env: ExprEnv, e: TargetExpr): void {
  const s = env.state;
  const point = s.currentProbe?.point;
  // In kernel handlers an autocast is typed by what its operand points to (autocast-visit.ts).
  if (e.kind === 'Autocast' && visitAutocast(env, e)) return;
  if (
    point?.family === 'kernel.trace' &&
    !s.currentFunction &&
    (e.kind === 'TargetSymbol' || e.kind === 'Cast')
  ) {
    // Types from the record's format, or BTF for parameters and @cast (probes/kernel-trace.ts).
    const t = traceTargetType(point, e);
    if (e.kind === 'Cast') visitExpr(env, e.operand, 'long');
    for (const c of e.components) if (c.kind === 'Subscript') visitExpr(env, c.index, 'long');
    // stap raises this while expanding the probe's target variables: the handler goes no further.
    if (t.ok) settle(s, e, t.type);
    else if (e.kind === 'Cast') {
      // stap raises the saved conversion error in place of "unresolved type".
      report(s, TYPE_CODES.castNotFound, t.message, e);
      settle(s, e, 'long');
    } else s.abort(TYPE_CODES.unresolvedTarget, t.message, () => exprToken(e));
    return;
  }
  if (
    e.kind === 'Cast' &&
    s.kernelTypes !== undefined &&
    (s.currentFunction || (point !== undefined && runsInKernel(point)))
  ) {
    // A @cast in a kernel handler or a function: typed from the kernel's BTF; read where it runs
    // (a function: where it is inlined, or as a constant address in user space: castConstant).
    const t = castValueType(s.kernelTypes, e);
    visitExpr(env, e.operand, 'long');
    for (const c of e.components) if (c.kind === 'Subscript') visitExpr(env, c.index, 'long');
    if (!t.ok) report(s, TYPE_CODES.castNotFound, t.message, e);
    settle(s, e, t.ok ? t.type : 'long');
    return;
  }
  if (point?.family === 'process' && !s.currentFunction && e.kind === 'TargetSymbol') {
    const v = userVariable(point, e.name);
    if (v.kind === 'missing') s.abort(TYPE_CODES.unresolvedTarget, v.message, () => exprToken(e));
    else settle(s, e, e.addressOf || e.components.length > 0 ? targetValueType(e) : v.type);
    if (point.site === 'return' && (v.kind === 'debug' || v.kind === 'debug-list')) warnCapturedAtEntry(s, e);
    return;
  }
  if (hasTargetVariables(s.currentProbe) && !s.currentFunction) {
    settle(s, e, targetValueType(e));
    return;
  }
  switch (e.kind) {
    case 'TargetSymbol':
      // Pending until the last round: a surrounding @defined may still fold it away (PR18079).
      if (!s.assertResolvability) s.pending();
      else report(s, TYPE_CODES.unresolvedTarget, 'unresolved target-symbol expression', e);
      return;
    case 'AtVar':
      report(s, TYPE_CODES.unresolvedAtVar, 'unresolved @var() expression', e);
      return;
    case 'Cast': {
      // In a user-space handler only an address computed without reading memory (`@offsetof`).
      const address = castAddress(e, s.kernelTypes);
      if (address.ok) {
        visitExpr(env, e.operand, 'long');
        for (const c of e.components) if (c.kind === 'Subscript') visitExpr(env, c.index, 'long');
        settle(s, e, 'long');
        return;
      }
      const message =
        address.reason === 'reads'
          ? castUnavailable(s.currentFunction ? undefined : s.currentProbe)
          : address.message;
      report(
        s,
        TYPE_CODES.castNotFound,
        message ?? `type definition '${e.typeName}' not found in '${e.module ?? 'kernel'}'`,
        e,
      );
      return;
    }
    case 'Autocast':
      if (s.assertResolvability) report(s, TYPE_CODES.autocastUnknown, 'unknown type in dereference', e);
      visitExpr(env, e.operand, 'long');
      s.pending();
      return;
    default:
      assertNever(e, 'target expression');
  }
}

/** The target expressions inside `@entry(...)` operands: evaluated at the entry as written. */
const inEntryOperand = new WeakSet<object>();

function markEntryOperand(operand: Expr): void {
  walk(operand, {
    enter: (n): undefined => {
      if (n.kind === 'TargetSymbol') inEntryOperand.add(n);
      return undefined;
    },
  });
}

const written = new WeakMap<DerivedProbe, WeakSet<object>>();

/** The target expressions a probe's handler assigns or increments. */
function writtenTargets(probe: DerivedProbe): WeakSet<object> {
  const known = written.get(probe);
  if (known !== undefined) return known;
  const found = new WeakSet<object>();
  walk(probe.body, {
    enter: (n): undefined => {
      if (n.kind === 'Assign') found.add(n.left);
      else if (n.kind === 'PreCrement' || n.kind === 'PostCrement') found.add(n.operand);
      return undefined;
    },
  });
  written.set(probe, found);
  return found;
}

/**
 * A DWARF target expression (but `$return`/`$$return`) in a process(...).return handler is its
 * value at the function's entry, as if inside `@entry(...)` (compile/uprobe-entry.ts); stap says
 * so with a warning (tapsets.cxx, PR14924), once per distinct expression.
 */
function warnCapturedAtEntry(s: InferenceState, e: TargetExpr): void {
  if (e.kind !== 'TargetSymbol' || e.name === '$return' || e.name === '$$return' || inEntryOperand.has(e))
    return;
  // stap refuses a write first (pass 3 here): no warning for it.
  if (s.currentProbe !== undefined && writtenTargets(s.currentProbe).has(e)) return;
  s.report(
    s.diagnostic(
      TYPE_CODES.unresolvedTarget,
      `confusing usage, value is captured as @entry(${printExpr(e)}) in .return probe [man stapprobes] RETURN PROBES`,
      () => exprToken(e),
      { severity: 'warning', code: 'W208' },
    ),
  );
}

/** Why a probe's handler cannot read through a @cast, or undefined when types are the problem. */
function castUnavailable(probe: DerivedProbe | undefined): string | undefined {
  if (probe === undefined || runsInKernel(probe.point)) return undefined;
  return `@cast reads kernel memory, which a ${probe.point.family} handler cannot (it runs in user space)`;
}

function report(
  s: InferenceState,
  code: (typeof TYPE_CODES)[keyof typeof TYPE_CODES],
  message: string,
  e: Expr,
): void {
  s.report(s.diagnostic(code, message, exprToken(e)));
}
