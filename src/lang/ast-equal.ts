/**
 * Structural equality of AST values, ignoring every `span` (so a tree and its printed-and-reparsed
 * copy compare equal). A property set to `undefined` counts as absent, since optional fields may
 * be written either way.
 */

/** True when `a` and `b` are the same tree, spans aside. */
export function astEqual(a: unknown, b: unknown): boolean {
  return astDiff(a, b) === undefined;
}

/**
 * The path to the first difference and both values there (`declarations[0].body.statements[1].op:
 * "+" vs "-"`), or undefined when the trees are equal.
 */
export function astDiff(a: unknown, b: unknown): string | undefined {
  return diffAt(a, b, '');
}

function diffAt(a: unknown, b: unknown, path: string): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) return diffArrays(a, b, path);
  if (isRecord(a) && isRecord(b) && !Array.isArray(a) && !Array.isArray(b)) return diffRecords(a, b, path);
  return `${path || '(root)'}: ${show(a)} vs ${show(b)}`;
}

function diffArrays(a: readonly unknown[], b: readonly unknown[], path: string): string | undefined {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = diffAt(a[i], b[i], `${path}[${i}]`);
    if (d !== undefined) return d;
  }
  if (a.length !== b.length) return `${path || '(root)'}.length: ${a.length} vs ${b.length}`;
  return undefined;
}

function diffRecords(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  path: string,
): string | undefined {
  // Kinds first, so a mismatch names the two node kinds rather than some field of them.
  if (a.kind !== b.kind) return `${join(path, 'kind')}: ${show(a.kind)} vs ${show(b.kind)}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('span');
  for (const key of keys) {
    const d = diffAt(a[key], b[key], join(path, key));
    if (d !== undefined) return d;
  }
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `[${v.length} items]`;
  if (isRecord(v)) return typeof v.kind === 'string' ? `<${v.kind}>` : '{...}';
  return JSON.stringify(v);
}
