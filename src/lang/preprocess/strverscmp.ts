/**
 * glibc's `strverscmp`: compares strings holding version numbers, so "2.6.9" < "2.6.10".
 *
 * Runs of digits compare as integers, except that a run with leading zeros is a fraction
 * ("1.01" < "1.1", "009" < "09" < "0"). Written from the documented behaviour and glibc's
 * state table: the scan walks the common prefix tracking what kind of digit run it is in,
 * and the first difference is judged by that state and the two differing characters.
 */

// What kind of digit run the common prefix ends in.
/** Not in a digit run. */
const NONE = 0;
/** An integer run (started with 1-9). */
const INTEGER = 1;
/** A fraction run (a zero followed by other digits). */
const FRACTION = 2;
/** A run of zeros only so far. */
const ZEROS = 3;

/** How a character moves the state: 0 other, 1 a non-zero digit, 2 the digit zero. */
function charClass(c: number): number {
  if (c === 48) return 2;
  return c > 48 && c <= 57 ? 1 : 0;
}

// Next state after a character of class other / non-zero digit / zero, per state.
const NEXT: readonly (readonly number[])[] = [
  [NONE, INTEGER, ZEROS],
  [NONE, INTEGER, INTEGER],
  [NONE, FRACTION, FRACTION],
  [NONE, FRACTION, ZEROS],
];

/** Plain difference. */
const DIFF = 2;
/** Decide by which digit run is longer, then by the difference. */
const LENGTH = 3;

// Verdict at the first difference: per state, by (class of c1) * 3 + (class of c2).
// -1 and +1 are final answers; DIFF and LENGTH as above.
const VERDICT: readonly (readonly number[])[] = [
  [DIFF, DIFF, DIFF, DIFF, LENGTH, DIFF, DIFF, DIFF, DIFF],
  [DIFF, -1, -1, +1, LENGTH, LENGTH, +1, LENGTH, LENGTH],
  [DIFF, DIFF, DIFF, DIFF, DIFF, DIFF, DIFF, DIFF, DIFF],
  [DIFF, +1, +1, -1, DIFF, DIFF, -1, DIFF, DIFF],
];

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Negative, zero or positive as `a` sorts before, with or after `b` (in version order). */
export function strverscmp(a: string, b: string): number {
  // Past the end reads as 0, like C's terminating NUL (which also ends a string early).
  const at = (s: string, i: number): number => (i < s.length ? s.charCodeAt(i) : 0);
  let run = NONE;
  let i = 0;
  let c1 = at(a, 0);
  let c2 = at(b, 0);
  while (c1 === c2) {
    if (c1 === 0) return 0;
    run = NEXT[run]![charClass(c1)]!;
    i++;
    c1 = at(a, i);
    c2 = at(b, i);
  }
  const verdict = VERDICT[run]![charClass(c1) * 3 + charClass(c2)]!;
  const diff = c1 - c2;
  if (verdict === DIFF) return diff;
  if (verdict !== LENGTH) return verdict;
  // Both are inside integer runs: the longer run of digits is the larger number.
  for (let j = i + 1; ; j++) {
    if (!isDigit(at(a, j))) return isDigit(at(b, j)) ? -1 : diff;
    if (!isDigit(at(b, j))) return 1;
  }
}
