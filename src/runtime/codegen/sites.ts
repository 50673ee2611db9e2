/**
 * Error locations. stap's generated code records, at each point that can fail, the token to
 * blame (`STAP_LAST_STMT = "operator '/' at x.stp:3:9"`); the runtime error then reads
 * `ERROR: division by 0 near operator '/' at x.stp:3:9`. Our generated code records a small
 * integer (a site) instead, and the text is made only when an error is reported: the token is
 * re-read from the source at the node's span, which starts at the token stap blames.
 */
import { makeSource, type Span } from '../../diag/index.js';
import { describeToken, Lexer } from '../../lang/index.js';

export class SiteTable {
  private readonly spans: Span[] = [];
  private readonly index = new Map<Span, number>();
  private readonly described = new Map<number, string>();

  /** The site number of a span (the same span always gets the same number). */
  add(span: Span): number {
    let i = this.index.get(span);
    if (i === undefined) {
      i = this.spans.length;
      this.spans.push(span);
      this.index.set(span, i);
    }
    return i;
  }

  get size(): number {
    return this.spans.length;
  }

  span(site: number): Span | undefined {
    return this.spans[site];
  }

  /** `identifier 'x' at file.stp:3:9`, as stap prints a token with its location. */
  describe(site: number): string {
    let text = this.described.get(site);
    if (text === undefined) {
      const span = this.spans[site];
      text = span === undefined ? '<unknown>' : describeSpan(span);
      this.described.set(site, text);
    }
    return text;
  }
}

/** The token starting at `span`, described the way stap prints tokens (`operator '/'`). */
export function tokenAt(span: Span): string {
  const rest = span.source.text.slice(span.start);
  const token = new Lexer(makeSource(span.source.name, rest, span.source.library), []).next();
  return token === undefined ? '<unknown>' : describeToken(token);
}

/** The token starting at `span` and its location: `operator '/' at x.stp:3:9`. */
export function describeSpan(span: Span): string {
  return `${tokenAt(span)} at ${span.source.name}:${span.line}:${span.col}`;
}
