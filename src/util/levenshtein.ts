/**
 * stap's "(similar: a, b)" suggestions (staputil.cxx levenshtein, levenshtein_suggest): an edit
 * distance where deleting or inserting costs 2, substituting 2, and substituting a letter by the
 * same letter in the other case 1.
 */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const x = a[i - 1]!;
      const y = b[j - 1]!;
      if (x === y) row.push(previous[j - 1]!);
      else {
        const substitution = x.toLowerCase() === y.toLowerCase() ? 1 : 2;
        row.push(Math.min(previous[j - 1]! + substitution, previous[j]! + 2, row[j - 1]! + 2));
      }
    }
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * The `max` candidates closest to `target`, closest first and ties in byte order, joined by
 * ", " (empty candidates and duplicates are ignored, as stap keeps them in a set).
 */
export function suggestSimilar(target: string, candidates: Iterable<string>, max = 5): string {
  const unique = [...new Set(candidates)]
    .filter((c) => c !== '')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return unique
    .map((c) => ({ c, score: levenshtein(target, c) }))
    .sort((a, b) => a.score - b.score)
    .slice(0, max)
    .map((s) => s.c)
    .join(', ');
}
