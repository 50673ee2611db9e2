/**
 * `$SYSTEMTAP_DIR/rc` (default `~/.systemtap/rc`): options read before the command line's, one
 * or more per line, split like a shell would (stap uses wordexp(3) without command
 * substitution, failing on undefined variables).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

export type Env = Readonly<Record<string, string | undefined>>;

/** stap's data directory: `$SYSTEMTAP_DIR`, else `~/.systemtap`. */
export function dataDir(env: Env): string {
  return env.SYSTEMTAP_DIR ?? `${env.HOME ?? os.homedir()}/.systemtap`;
}

export type RcWords = { readonly kind: 'ok'; readonly words: string[] } | { readonly kind: 'error' };

/** The words of the rc file; none if it does not exist. */
export function readRcFile(env: Env): RcWords {
  let text: string;
  try {
    text = readFileSync(`${dataDir(env)}/rc`, 'utf8');
  } catch {
    return { kind: 'ok', words: [] };
  }
  const words: string[] = [];
  for (const line of text.split('\n')) {
    const w = shellWords(line, env);
    if (w === undefined) return { kind: 'error' };
    words.push(...w);
  }
  return { kind: 'ok', words };
}

/**
 * Splits one line into words: blanks separate, `'…'` is literal, `"…"` expands `$VAR`, `\`
 * escapes, `#` at a word start begins a comment, `~` at a word start is `$HOME`. Undefined
 * variables, command substitution and unbalanced quotes make the line invalid (undefined).
 */
export function shellWords(line: string, env: Env): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const variable = (): string | undefined => {
    // At `$`: `${NAME}` or `$NAME`.
    const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(line.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    return env[m[1] ?? m[2] ?? ''];
  };
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === '#' && !inWord) {
      break;
    } else if (c === '\\') {
      word += line[i + 1] ?? '';
      inWord = true;
      i += 2;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return undefined;
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        const d = line[i];
        if (d === undefined) return undefined;
        if (d === '"') break;
        if (d === '`' || (d === '$' && line[i + 1] === '(')) return undefined;
        if (d === '$') {
          const v = variable();
          if (v === undefined) return undefined;
          word += v;
          continue;
        }
        if (d === '\\' && ['"', '\\', '$', '`'].includes(line[i + 1] ?? '')) i++;
        word += line[i];
        i++;
      }
      inWord = true;
      i++;
    } else if (c === '$') {
      if (line[i + 1] === '(') return undefined;
      const v = variable();
      if (v === undefined) return undefined;
      word += v;
      inWord = true;
    } else if (c === '`' || c === '|' || c === '&' || c === ';' || c === '<' || c === '>') {
      // wordexp(3) rejects these unquoted (WRDE_BADCHAR).
      return undefined;
    } else if (c === '~' && !inWord) {
      word += env.HOME ?? os.homedir();
      inWord = true;
      i++;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}
