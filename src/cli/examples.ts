import { type Dirent, readdirSync } from 'node:fs';
import path from 'node:path';

export type ExampleLookup =
  | { readonly kind: 'ok'; readonly path: string }
  | { readonly kind: 'many'; readonly paths: readonly string[] }
  | { readonly kind: 'missing' };

/** `--example NAME.stp`: the `.stp` file named NAME.stp anywhere under `dir` (stap's examples tree). */
export function findExample(dir: string, name: string): ExampleLookup {
  const matches: string[] = [];
  const walk = (d: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.stp') && e.name === name) matches.push(full);
    }
  };
  walk(dir);
  matches.sort();
  const [first] = matches;
  if (first === undefined) return { kind: 'missing' };
  return matches.length === 1 ? { kind: 'ok', path: first } : { kind: 'many', paths: matches };
}
