import type { Literal, ProbeComponent, ProbePoint } from '../../lang/index.js';

/** A literal as stap prints it inside a probe point: numbers plain, strings double-quoted. */
export function literalText(lit: Literal): string {
  if (lit.kind === 'Number') return lit.value.toString();
  return `"${lit.value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

export function componentText(c: ProbeComponent): string {
  return c.arg ? `${c.name}(${literalText(c.arg)})` : c.name;
}

/** `kernel.function("x").return` — without `?`/`!`/condition, as `pp()` and `pn()` show it. */
export function pointText(pp: Pick<ProbePoint, 'components'>): string {
  return pp.components.map(componentText).join('.');
}
