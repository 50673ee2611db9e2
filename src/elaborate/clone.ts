/**
 * Deep copy of an AST subtree. Each derived probe gets its own copy of the handler (and of alias
 * bodies merged into it) so that bindings and types, keyed by node, are per probe — as stap's
 * deep_copy_visitor does. Spans are shared, not copied (they point into the source text).
 */
export function cloneNode<T>(node: T): T {
  return copy(node) as T;
}

function copy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copy);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = key === 'span' ? v : copy(v);
  return out;
}
