/**
 * An array may not change while a `foreach` walks it (stap's semantic_pass_vars): an element of
 * it assigned, incremented, deleted or aggregated into inside the loop body, or a call to a
 * function that does so directly.
 */
import type { Indexable } from '../../../lang/index.js';
import type { ScriptFunction, Variable } from '../../program.js';
import { exprToken, type Node } from '../../types/index.js';
import { CHECK_CODES } from '../codes.js';
import type { CheckContext, CheckedBody } from '../context.js';

export function checkForeachModification(ctx: CheckContext): void {
  const mutates = new Map<ScriptFunction, Set<Variable>>();
  for (const body of ctx.live) {
    if (body.owner.kind === 'function') mutates.set(body.owner.fn, mutatedBy(ctx, body));
  }
  for (const body of ctx.live) checkBody(ctx, body, mutates);
}

/** The variable behind an array or histogram base (stap's get_symbol_within_indexable). */
function baseVariable(ctx: CheckContext, base: Indexable): Variable | undefined {
  if (base.kind === 'Symbol') return ctx.program.bindings.get(base);
  const stat = base.stat;
  const sym =
    stat.kind === 'Symbol'
      ? stat
      : stat.kind === 'Index' && stat.base.kind === 'Symbol'
        ? stat.base
        : undefined;
  return sym ? ctx.program.bindings.get(sym) : undefined;
}

/** Whether `node` is written as an lvalue by `parent` (assignment target, crement operand, delete target). */
function isLvalueIn(node: Node, parent: Node | undefined): boolean {
  if (!parent) return false;
  if (parent.kind === 'Assign') return parent.left === node;
  if (parent.kind === 'PreCrement' || parent.kind === 'PostCrement') return parent.operand === node;
  if (parent.kind === 'Delete') return parent.target === node;
  return false;
}

/**
 * stap's mutated_var_collector: arrays whose elements a function writes. (Its clause for `<<<`
 * into a scalar never fires: the `<<<` expression is typed long by then.)
 */
function mutatedBy(ctx: CheckContext, body: CheckedBody): Set<Variable> {
  const out = new Set<Variable>();
  ctx.walkLive(body, {
    enter: (node, parent) => {
      if (node.kind === 'Index' && node.base.kind === 'Symbol' && isLvalueIn(node, parent)) {
        const v = ctx.program.bindings.get(node.base);
        if (v) out.add(v);
      }
      return undefined;
    },
  });
  return out;
}

function checkBody(
  ctx: CheckContext,
  body: CheckedBody,
  mutates: ReadonlyMap<ScriptFunction, Set<Variable>>,
): void {
  const iterated: (Variable | undefined)[] = [];
  ctx.walkLive(body, {
    enter: (node, parent) => {
      if (node.kind === 'Foreach') {
        iterated.push(baseVariable(ctx, node.base));
      } else if (node.kind === 'Index' && isLvalueIn(node, parent)) {
        const v = baseVariable(ctx, node.base);
        if (v && iterated.includes(v)) {
          ctx.error(
            CHECK_CODES.foreachModified,
            `variable '${v.name}' modified during 'foreach' iteration`,
            exprToken(node),
          );
        }
      } else if (node.kind === 'Call') {
        const target = ctx.program.calls.get(node);
        for (const fn of target?.kind === 'script' ? target.overloads : []) {
          for (const v of iterated) {
            if (v && mutates.get(fn)?.has(v)) {
              ctx.error(
                CHECK_CODES.foreachCallModifies,
                `function call modifies var '${v.name}' during 'foreach' iteration`,
                exprToken(node),
              );
            }
          }
        }
      }
      return undefined;
    },
    leave: (node) => {
      if (node.kind === 'Foreach') iterated.pop();
    },
  });
}
