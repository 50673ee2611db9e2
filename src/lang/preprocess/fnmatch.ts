/**
 * glibc's `fnmatch(pattern, string, FNM_NOESCAPE)` in the C locale, as stap uses it for
 * `arch == "i?86"`, `kernel_v == "2.6.*"` and `CONFIG_X == "y*"`.
 *
 * `*` matches any run of characters (`/` and a leading `.` included: no FNM_PATHNAME, no
 * FNM_PERIOD), `?` any one character, `[...]` one character of a set: `!` or `^` first negates,
 * a `]` first is literal, `a-z` ranges, `[:alpha:]` classes, `[=c=]` and `[.c.]` single
 * characters. A `[` with no closing `]` is an ordinary character. A backslash is ordinary.
 */

/**
 * One member of a bracket: a test, or `undefined` for an unknown `[:class:]`, which fails the
 * whole match when glibc reaches it (members are tried left to right, so only if no earlier
 * member matched).
 */
type Member = ((c: number) => boolean) | undefined;

/** A parsed `[...]`: its members, and where the pattern continues. */
interface Bracket {
  readonly negated: boolean;
  readonly members: readonly Member[];
  readonly end: number;
}

/** `matchOne`'s answer when the whole match must fail. */
const FAIL = -2;

const CLASSES: Readonly<Record<string, (c: number) => boolean>> = {
  alnum: (c) => isAlpha(c) || isDigit(c),
  alpha: (c) => isAlpha(c),
  blank: (c) => c === 32 || c === 9,
  cntrl: (c) => c < 32 || c === 127,
  digit: (c) => isDigit(c),
  graph: (c) => c > 32 && c < 127,
  lower: (c) => c >= 97 && c <= 122,
  print: (c) => c >= 32 && c < 127,
  punct: (c) => c > 32 && c < 127 && !isAlpha(c) && !isDigit(c),
  space: (c) => c === 32 || (c >= 9 && c <= 13),
  upper: (c) => c >= 65 && c <= 90,
  xdigit: (c) => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70),
};

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** True if `text` matches the shell wildcard `pattern`. */
export function fnmatch(pattern: string, text: string): boolean {
  // Classic wildcard matching: remember the last `*` and, on a mismatch, let it absorb one
  // more character. Every other pattern element matches exactly one character, so this is
  // complete.
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    if (p < pattern.length) {
      const pc = pattern.charCodeAt(p);
      if (pc === 42 /* * */) {
        starP = ++p;
        starT = t;
        continue;
      }
      const next = matchOne(pattern, p, text.charCodeAt(t));
      if (next === FAIL) return false;
      if (next >= 0) {
        p = next;
        t++;
        continue;
      }
    }
    if (starP < 0) return false;
    p = starP;
    t = ++starT;
  }
  while (p < pattern.length && pattern.charCodeAt(p) === 42) p++;
  return p === pattern.length;
}

/** Matches the pattern element at `p` against `c`: the index after the element, or -1. */
function matchOne(pattern: string, p: number, c: number): number {
  const pc = pattern.charCodeAt(p);
  if (pc === 63 /* ? */) return p + 1;
  if (pc === 91 /* [ */) {
    const bracket = parseBracket(pattern, p);
    if (bracket) {
      for (const member of bracket.members) {
        if (!member) return FAIL;
        if (member(c)) return bracket.negated ? -1 : bracket.end;
      }
      return bracket.negated ? bracket.end : -1;
    }
  }
  return pc === c ? p + 1 : -1;
}

/** Parses the `[...]` starting at `open`; undefined when it has no closing `]`. */
function parseBracket(pattern: string, open: number): Bracket | undefined {
  let p = open + 1;
  let negated = false;
  const first = pattern.charCodeAt(p);
  if (first === 33 /* ! */ || first === 94 /* ^ */) {
    negated = true;
    p++;
  }
  const members: Member[] = [];
  let firstItem = true;
  for (;;) {
    if (p >= pattern.length) return undefined;
    let c = pattern.charCodeAt(p);
    if (c === 93 /* ] */ && !firstItem) return { negated, members, end: p + 1 };
    firstItem = false;
    if (c === 91 /* [ */) {
      const kind = pattern.charCodeAt(p + 1);
      if (kind === 58 /* : */) {
        const cls = parseClass(pattern, p);
        if (cls) {
          members.push(cls.test);
          p = cls.end;
          continue;
        }
      } else if (isCollatingSymbol(pattern, p, kind) && (kind === 61 /* = */ || kind === 46) /* . */) {
        // `[=c=]` / `[.c.]`: in the C locale, just the character c.
        c = pattern.charCodeAt(p + 2);
        p = pushItem(members, pattern, c, p + 5);
        continue;
      }
    }
    p = pushItem(members, pattern, c, p + 1);
  }
}

/**
 * Adds the single character `c` or, when `-e` follows at `p`, the range `c-e`; returns where the
 * bracket continues. The range end may be a collating symbol `[.e.]`.
 */
function pushItem(members: Member[], pattern: string, c: number, p: number): number {
  if (pattern.charCodeAt(p) !== 45 /* - */ || p + 1 >= pattern.length || pattern.charCodeAt(p + 1) === 93) {
    members.push((x) => x === c);
    return p;
  }
  let e = pattern.charCodeAt(p + 1);
  let next = p + 2;
  if (isCollatingSymbol(pattern, p + 1, 46 /* . */)) {
    e = pattern.charCodeAt(p + 3);
    next = p + 6;
  }
  members.push((x) => x >= c && x <= e);
  return next;
}

/** `[.c.]` (or `[=c=]` with `kind` '=') of one character at `p`. */
function isCollatingSymbol(pattern: string, p: number, kind: number): boolean {
  return (
    pattern.charCodeAt(p) === 91 &&
    pattern.charCodeAt(p + 1) === kind &&
    p + 4 < pattern.length &&
    pattern.charCodeAt(p + 3) === kind &&
    pattern.charCodeAt(p + 4) === 93
  );
}

/**
 * `[:name:]` at `p`. A name of lower-case letters closed by `:]` is a class (`test` undefined
 * when glibc does not know it); anything else means the `[` is an ordinary member.
 */
function parseClass(
  pattern: string,
  p: number,
): { test: ((c: number) => boolean) | undefined; end: number } | undefined {
  let q = p + 2;
  for (;;) {
    const c = pattern.charCodeAt(q);
    if (c === 58 /* : */ && pattern.charCodeAt(q + 1) === 93 /* ] */) break;
    // glibc accepts only 'a' to 'y' here ('z' ends the scan); no class name has a 'z'.
    if (!(c >= 97 && c < 122)) return undefined;
    q++;
  }
  const name = pattern.slice(p + 2, q);
  return { test: Object.hasOwn(CLASSES, name) ? CLASSES[name] : undefined, end: q + 2 };
}
