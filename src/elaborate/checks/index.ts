/**
 * Pass 2, the checks that follow type inference: one rule per file in `rules/`, run in stap's
 * order (what stap checks while optimizing, then after typing, then while translating).
 */
import type { DiagnosticSink } from '../../diag/index.js';
import type { Expr } from '../../lang/index.js';
import type { ValueType } from '../program.js';
import type { ResolvedProgram } from '../resolve/index.js';
import { modelElision } from '../types/index.js';
import { type CheckOptions, type CheckRule, makeContext } from './context.js';
import { checkAssignmentLvalues } from './rules/assignment-lvalue.js';
import { checkCrementLvalues } from './rules/crement-lvalue.js';
import { checkForeachModification } from './rules/foreach-modification.js';
import { checkGuruBuiltins } from './rules/guru-builtin.js';
import { checkHistLinearParams } from './rules/hist-linear-params.js';
import { checkHistogramBuckets } from './rules/histogram-bucket.js';
import { checkLoopControl } from './rules/loop-control.js';
import { checkPrintFormats } from './rules/print-format.js';
import { checkRegexLiterals } from './rules/regex-literal.js';
import { checkStatParams } from './rules/stat-params.js';
import { checkStatsValues } from './rules/stats-value.js';
import { checkWrapScalars } from './rules/wrap-scalar.js';

export { CHECK_CODES } from './codes.js';
export type { CheckContext, CheckOptions, CheckRule } from './context.js';

/** Every rule, in the order stap meets the errors. */
export const CHECK_RULES: readonly CheckRule[] = [
  checkPrintFormats,
  checkGuruBuiltins,
  checkAssignmentLvalues,
  checkWrapScalars,
  checkRegexLiterals,
  checkHistogramBuckets,
  checkForeachModification,
  checkStatParams,
  checkHistLinearParams,
  checkStatsValues,
  checkCrementLvalues,
  checkLoopControl,
];

export function runChecks(
  program: ResolvedProgram,
  types: ReadonlyMap<Expr, ValueType>,
  options: CheckOptions,
  sink: DiagnosticSink,
): void {
  const elision = options.elision ?? modelElision(program, options.unoptimized ?? false);
  const ctx = makeContext(program, types, options, elision, sink);
  for (const rule of CHECK_RULES) rule(ctx);
}
