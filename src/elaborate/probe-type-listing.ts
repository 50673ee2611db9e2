/**
 * `--dump-probe-types`: the probe point patterns of the built-in families, printed as stap walks
 * its pattern tree (elaborate.cxx match_node::dump): a node's pattern, then its children in key
 * order — by name, a component without a parameter before one with, a `(number)` parameter
 * before a `(string)` one.
 */
import { PROVIDERS } from './probes/families.js';

interface PatternNode {
  complete: boolean;
  readonly children: Map<string, PatternNode>;
}

/** stap's match_key order for one component such as `ms(number)`. */
function componentOrder(a: string, b: string): number {
  const key = (c: string) => {
    const open = c.indexOf('(');
    const name = open < 0 ? c : c.slice(0, open);
    const parameter = open < 0 ? 0 : c.endsWith('(number)') ? 1 : 2;
    return { name, parameter };
  };
  const x = key(a);
  const y = key(b);
  if (x.name !== y.name) return x.name < y.name ? -1 : 1;
  return x.parameter - y.parameter;
}

export function probeTypeListing(): string[] {
  const root: PatternNode = { complete: false, children: new Map() };
  for (const provider of Object.values(PROVIDERS)) {
    for (const pattern of provider.patterns) {
      let node = root;
      for (const component of pattern.split('.')) {
        let child = node.children.get(component);
        if (child === undefined) {
          child = { complete: false, children: new Map() };
          node.children.set(component, child);
        }
        node = child;
      }
      node.complete = true;
    }
  }
  const lines: string[] = [];
  const visit = (node: PatternNode, name: string) => {
    if (node.complete) lines.push(name);
    for (const key of [...node.children.keys()].sort(componentOrder)) {
      visit(node.children.get(key)!, name === '' ? key : `${name}.${key}`);
    }
  };
  visit(root, '');
  return lines;
}
