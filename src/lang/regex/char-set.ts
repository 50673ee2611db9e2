/**
 * Sets of characters for regex atoms. Subjects and patterns are byte strings (char codes 0–255);
 * one extra member stands for every code above 255, so that a subject which is not a byte string
 * still gets the same answer from every engine (`.` and negated brackets match it, nothing else).
 *
 * Upstream (stapregex-defines.h) works on codes 0–128, 128 standing for "any non-ASCII byte",
 * and indexes tables out of bounds for a pattern byte above 127. Here bytes 128–255 are ordinary
 * members: `.` and `[^...]` match all of them (as upstream does), a literal matches itself.
 */

/** Index of the member standing for every char code above 255. */
const ABOVE_BYTE = 256;

export interface CharSet {
  /** `members[c]` is 1 when code `c` (0–255) is in the set; `members[256]` covers codes above 255. */
  readonly members: Uint8Array;
}

/** An inclusive run of members, `to` may be 256 (codes above 255). */
export type CharRange = readonly [from: number, to: number];

export function emptyCharSet(): CharSet {
  return { members: new Uint8Array(ABOVE_BYTE + 1) };
}

export function charRangeSet(from: number, to: number): CharSet {
  const set = emptyCharSet();
  set.members.fill(1, memberIndex(from), memberIndex(to) + 1);
  return set;
}

export function singleCharSet(code: number): CharSet {
  return charRangeSet(code, code);
}

/** The set of the characters of `chars` and of `a-b` ranges written in it (no escapes). */
export function charSetOf(chars: string): CharSet {
  const set = emptyCharSet();
  for (let i = 0; i < chars.length; i++) {
    const lo = chars.charCodeAt(i);
    if (chars[i + 1] === '-' && i + 2 < chars.length) {
      set.members.fill(1, memberIndex(lo), memberIndex(chars.charCodeAt(i + 2)) + 1);
      i += 2;
    } else {
      set.members[memberIndex(lo)] = 1;
    }
  }
  return set;
}

export function unionCharSets(a: CharSet, b: CharSet): CharSet {
  const set = emptyCharSet();
  for (let i = 0; i <= ABOVE_BYTE; i++) set.members[i] = a.members[i]! | b.members[i]!;
  return set;
}

/** `[^...]`: every code except NUL and the members of `set` (upstream's range_invert starts at 1). */
export function invertCharSet(set: CharSet): CharSet {
  const out = emptyCharSet();
  for (let i = 1; i <= ABOVE_BYTE; i++) out.members[i] = set.members[i]! ^ 1;
  return out;
}

/** `.`: every code but NUL. */
export function anyCharSet(): CharSet {
  return invertCharSet(emptyCharSet());
}

export function charSetHas(set: CharSet, code: number): boolean {
  return set.members[memberIndex(code)] === 1;
}

export function charSetsIntersect(a: CharSet, b: CharSet): boolean {
  for (let i = 0; i <= ABOVE_BYTE; i++) if ((a.members[i]! & b.members[i]!) !== 0) return true;
  return false;
}

export function isEmptyCharSet(set: CharSet): boolean {
  return set.members.indexOf(1) < 0;
}

/** The members as maximal runs, ascending; a run ending at 256 includes every code above 255. */
export function charSetRanges(set: CharSet): CharRange[] {
  const ranges: CharRange[] = [];
  let i = 0;
  while (i <= ABOVE_BYTE) {
    if (set.members[i] === 0) {
      i++;
      continue;
    }
    const from = i;
    while (i <= ABOVE_BYTE && set.members[i] === 1) i++;
    ranges.push([from, i - 1]);
  }
  return ranges;
}

function memberIndex(code: number): number {
  return code > 255 ? ABOVE_BYTE : code;
}

/**
 * `[[:name:]]` classes, as upstream's named_char_class table defines them (ASCII only, like the C
 * library's isFOO() in the C locale), including its one-letter aliases `d l s u`.
 */
export const POSIX_CLASSES: ReadonlyMap<string, CharSet> = (() => {
  const digit = charSetOf('0-9');
  const lower = charSetOf('a-z');
  const upper = charSetOf('A-Z');
  const space = charSetOf(' \t\r\n\v\f');
  const classes = new Map<string, CharSet>([
    ['alpha', charSetOf('A-Za-z')],
    ['alnum', charSetOf('A-Za-z0-9')],
    ['blank', charSetOf(' \t')],
    // Upstream leaves NUL out of cntrl (NUL ends the subject anyway).
    ['cntrl', charSetOf('\x01-\x1f\x7f')],
    ['d', digit],
    ['digit', digit],
    ['xdigit', charSetOf('0-9a-fA-F')],
    ['graph', charSetOf('\x21-\x7e')],
    ['l', lower],
    ['lower', lower],
    ['print', charSetOf('\x20-\x7e')],
    // Upstream spells punct as a class body in which `\]` is an escaped `]`, so its table has no
    // backslash: `[[:punct:]]` does not match `\`.
    ['punct', charSetOf('!"#$%&\'()*+,./:;<=>?@[]^_`{|}~-')],
    ['s', space],
    ['space', space],
    ['u', upper],
    ['upper', upper],
  ]);
  return classes;
})();
