/**
 * Applies stap's pre-typing optimizer (modelled in types/elision.ts) to the bodies the later
 * passes see: removed statements go, folded constructs become what replaces them, assignments to
 * never-read locals keep only their right side. Code stap removes is never typed, so later passes
 * must not see it. Unchanged subtrees keep their identity, so the binding and type tables (keyed
 * by node) stay valid; a constant that replaces an expression gets its type recorded here.
 */
import type { Block, Expr, Stmt } from '../lang/index.js';
import type { ValueType } from './program.js';
import type { ElisionModel } from './types/index.js';

type AnyNode = { readonly kind: string; readonly span: Expr['span'] };

export class ElisionRewriter {
  constructor(
    private readonly model: ElisionModel,
    private readonly types: Map<Expr, ValueType>,
  ) {}

  block(b: Block): Block {
    const out = this.node(b) as Block | undefined;
    return out ?? { kind: 'Block', statements: [], span: b.span };
  }

  expr(e: Expr): Expr {
    return this.node(e) as Expr;
  }

  /** The rewritten node, or undefined for a removed statement. */
  private node(n: AnyNode): AnyNode | undefined {
    if (this.model.statements.has(n as Stmt)) return undefined;
    const folded = this.model.folded.get(n as Parameters<ElisionModel['folded']['get']>[0]);
    if (folded !== undefined) {
      if (typeof folded === 'bigint') {
        const lit: Expr = { kind: 'Number', value: folded, span: n.span };
        this.types.set(lit, 'long');
        return lit;
      }
      return this.node(folded as AnyNode);
    }
    if (n.kind === 'Assign' && this.model.assignments.has(n as Extract<Expr, { kind: 'Assign' }>)) {
      return this.node((n as Extract<Expr, { kind: 'Assign' }>).right);
    }
    return this.children(n);
  }

  /** Rebuilds `n` only if one of its children changed. */
  private children(n: AnyNode): AnyNode {
    let copy: Record<string, unknown> | undefined;
    for (const [key, value] of Object.entries(n) as [string, unknown][]) {
      if (key === 'span' || value === null || typeof value !== 'object') continue;
      const next = Array.isArray(value) ? this.list(value) : this.slot(value as AnyNode);
      if (next !== value) {
        copy ??= { ...n };
        copy[key] = next;
      }
    }
    return (copy as AnyNode | undefined) ?? n;
  }

  private slot(v: AnyNode): AnyNode {
    if (typeof v.kind !== 'string') return v;
    // A removed statement in a single-statement slot (an `if` branch, a loop body) becomes `;`.
    return this.node(v) ?? { kind: 'Null', span: v.span };
  }

  private list(items: readonly unknown[]): readonly unknown[] {
    let changed = false;
    const out: unknown[] = [];
    for (const item of items) {
      if (item === null || typeof item !== 'object' || typeof (item as AnyNode).kind !== 'string') {
        out.push(item);
        continue;
      }
      const next = this.node(item as AnyNode);
      if (next !== item) changed = true;
      if (next !== undefined) out.push(next);
    }
    return changed ? out : items;
  }
}
