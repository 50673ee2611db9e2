/**
 * A GNU `getopt_long` work-alike, because stap's command line is defined by it: short options
 * from an option string (`p:` takes an argument) that may be grouped (`-gp1`, `-vvv`) and take
 * their argument attached or as the next word (`-p1`, `-p 1`); long options with `=VALUE` or the
 * next word for required arguments and only `=VALUE` for optional ones; unambiguous prefixes
 * (`--vers`); operands anywhere (GNU permutes them to the end); `--` ends the options.
 *
 * Items are produced lazily, in command-line order, so a caller can stop at `-V` or `--help`
 * before a later mistake is diagnosed, exactly as stap does.
 */

export type ArgumentKind = 'none' | 'required' | 'optional';

export interface LongOption<Id extends string> {
  readonly name: string;
  readonly argument: ArgumentKind;
  /** What the option means; aliases (`--color`/`--colour`) share an id. */
  readonly id: Id;
}

export type GetoptItem<Id extends string> =
  /** `spelling` is how the option was written (`-p`, `--runtime`), for messages. */
  | { readonly kind: 'option'; readonly id: Id; readonly arg: string | undefined; readonly spelling: string }
  | { readonly kind: 'operand'; readonly value: string }
  /** glibc's message text, without the `PROGRAM: ` prefix. Parsing stops after an error. */
  | { readonly kind: 'error'; readonly message: string };

interface ShortSpec {
  readonly argument: ArgumentKind;
}

/** Parses a getopt option string such as `hVvp:I:` (a `::` suffix marks an optional argument). */
export function parseShortSpec(spec: string): ReadonlyMap<string, ShortSpec> {
  const out = new Map<string, ShortSpec>();
  for (let i = 0; i < spec.length; i++) {
    const ch = spec[i]!;
    let argument: ArgumentKind = 'none';
    if (spec[i + 1] === ':') {
      argument = spec[i + 2] === ':' ? 'optional' : 'required';
      i += argument === 'optional' ? 2 : 1;
    }
    out.set(ch, { argument });
  }
  return out;
}

export function* getopt<Short extends string, Long extends string>(
  argv: readonly string[],
  shortSpec: string,
  longOptions: readonly LongOption<Long>[],
): Generator<GetoptItem<Short | Long>> {
  const shorts = parseShortSpec(shortSpec);
  let i = 0;
  while (i < argv.length) {
    const word = argv[i++]!;
    if (word === '--') {
      while (i < argv.length) yield { kind: 'operand', value: argv[i++]! };
      return;
    }
    if (word === '-' || !word.startsWith('-')) {
      yield { kind: 'operand', value: word };
      continue;
    }
    if (word.startsWith('--')) {
      const result = matchLong(word.slice(2), longOptions);
      if (result.kind === 'error') {
        yield result;
        return;
      }
      const { option, value } = result;
      const spelling = `--${option.name}`;
      if (option.argument === 'none' && value !== undefined) {
        yield { kind: 'error', message: `option '${spelling}' doesn't allow an argument` };
        return;
      }
      let arg = value;
      if (option.argument === 'required' && arg === undefined) {
        if (i >= argv.length) {
          yield { kind: 'error', message: `option '${spelling}' requires an argument` };
          return;
        }
        arg = argv[i++]!;
      }
      yield { kind: 'option', id: option.id, arg, spelling };
      continue;
    }
    // A cluster of short options: `-gp1`, `-vvv`, `-p`, `1`.
    for (let j = 1; j < word.length; j++) {
      const ch = word[j]!;
      const spec = shorts.get(ch);
      if (!spec || ch === ':') {
        yield { kind: 'error', message: `invalid option -- '${ch}'` };
        return;
      }
      const spelling = `-${ch}`;
      if (spec.argument === 'none') {
        yield { kind: 'option', id: ch as Short, arg: undefined, spelling };
        continue;
      }
      const rest = word.slice(j + 1);
      if (rest !== '') {
        yield { kind: 'option', id: ch as Short, arg: rest, spelling };
      } else if (spec.argument === 'optional') {
        yield { kind: 'option', id: ch as Short, arg: undefined, spelling };
      } else if (i < argv.length) {
        yield { kind: 'option', id: ch as Short, arg: argv[i++]!, spelling };
      } else {
        yield { kind: 'error', message: `option requires an argument -- '${ch}'` };
        return;
      }
      break;
    }
  }
}

type LongMatch<Long extends string> =
  | { readonly kind: 'match'; readonly option: LongOption<Long>; readonly value: string | undefined }
  | { readonly kind: 'error'; readonly message: string };

/** Exact name first; otherwise a prefix of exactly one option (aliases of one option count once). */
function matchLong<Long extends string>(text: string, options: readonly LongOption<Long>[]): LongMatch<Long> {
  const eq = text.indexOf('=');
  const name = eq < 0 ? text : text.slice(0, eq);
  const value = eq < 0 ? undefined : text.slice(eq + 1);
  const exact = options.find((o) => o.name === name);
  if (exact) return { kind: 'match', option: exact, value };
  const candidates = options.filter((o) => o.name.startsWith(name));
  const first = candidates[0];
  if (!first) return { kind: 'error', message: `unrecognized option '--${text}'` };
  const ambiguous = candidates.some((o) => o.id !== first.id || o.argument !== first.argument);
  if (ambiguous) {
    const possibilities = candidates.map((o) => ` '--${o.name}'`).join('');
    return { kind: 'error', message: `option '--${text}' is ambiguous; possibilities:${possibilities}` };
  }
  return { kind: 'match', option: first, value };
}
