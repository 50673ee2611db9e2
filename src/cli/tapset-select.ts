/**
 * Which tapset files a script can need, decided from their text before any is parsed: parsing
 * the whole library on every run is most of what tstap's start-up spends after Node itself.
 * stap pulls a library file into a session only when the script uses a function, global or
 * probe alias it declares, and then everything that file uses in turn; this finds a superset of
 * those files from the words of the texts alone (a word in a comment only over-selects, which
 * costs time, never a result). A probe point whose first component is a wildcard selects every
 * file declaring an alias it matches.
 */

export interface TapsetText {
  readonly path: string;
  readonly text: string;
}

interface Declarations {
  /** Functions and globals. */
  readonly names: ReadonlySet<string>;
  /** The first component of each probe alias (`scheduler` for `scheduler.cpu_off`). */
  readonly aliasHeads: ReadonlySet<string>;
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;
const FUNCTION = /\bfunction\s+([A-Za-z_][A-Za-z0-9_]*)/g;
const GLOBAL = /\bglobal\s+([^;{}\n]*)/g;
const ALIAS = /\bprobe\s+([A-Za-z_][A-Za-z0-9_]*)[^{;\n]*?\+?=/g;
/** A probe point's first component in a user script, wildcards kept: `probe sched*.x`, `, syscall.y`. */
const POINT_HEAD = /(?:\bprobe\s+|,\s*)([A-Za-z_*?[\]][A-Za-z0-9_*?[\]]*)/g;

function declarations(text: string): Declarations {
  const names = new Set<string>();
  for (const m of text.matchAll(FUNCTION)) names.add(m[1] as string);
  for (const m of text.matchAll(GLOBAL)) {
    for (const w of (m[1] as string).matchAll(WORD)) names.add(w[0]);
  }
  const aliasHeads = new Set<string>();
  for (const m of text.matchAll(ALIAS)) aliasHeads.add(m[1] as string);
  return { names, aliasHeads };
}

function words(text: string): Set<string> {
  return new Set(text.match(WORD) ?? []);
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '[' || ch === ']') re += ch;
    else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${re}$`);
  } catch {
    // Not a well-formed glob (the `, a[s` of an expression, not a probe point): select all.
    return /^/;
  }
}

/** The files to parse, in their original order. */
export function selectTapsets<T extends TapsetText>(
  files: readonly T[],
  userTexts: readonly string[],
  extraNames: readonly string[],
): T[] {
  const decls = files.map((f) => declarations(f.text));
  const known = new Set<string>(extraNames);
  const heads: RegExp[] = [];
  const addText = (text: string): void => {
    for (const w of words(text)) known.add(w);
    for (const m of text.matchAll(POINT_HEAD)) {
      const head = m[1] as string;
      if (/[*?[]/.test(head)) heads.push(globToRegExp(head));
    }
  };
  for (const t of userTexts) addText(t);
  const chosen = new Set<number>();
  for (let changed = true; changed; ) {
    changed = false;
    decls.forEach((d, i) => {
      if (chosen.has(i)) return;
      const used =
        [...d.names].some((n) => known.has(n)) ||
        [...d.aliasHeads].some((h) => known.has(h) || heads.some((re) => re.test(h)));
      if (!used) return;
      chosen.add(i);
      changed = true;
      addText((files[i] as T).text);
    });
  }
  return files.filter((_, i) => chosen.has(i));
}
