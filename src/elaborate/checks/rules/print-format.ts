/**
 * printf/sprintf formats must parse (stap reports these while parsing: `parse error: invalid or
 * missing conversion specifier`, at the format string). The argument count and types are checked
 * by type inference.
 */
import { parsePrintFormat } from '../../../lang/index.js';
import { tokenOfKind } from '../../types/index.js';
import { CHECK_CODES } from '../codes.js';
import type { CheckContext } from '../context.js';

export function checkPrintFormats(ctx: CheckContext): void {
  const seen = new Set<string>();
  const check = (body: (typeof ctx.all)[number]): void =>
    ctx.walkAll(body, {
      enter: (node) => {
        if (node.kind !== 'Print' || node.format === undefined) return undefined;
        const parsed = parsePrintFormat(node.format);
        if (!('error' in parsed)) return undefined;
        const tok = tokenOfKind(node.span, node.span.start, 'string', `string '${node.format}'`);
        const key = `${tok.span.source.name}:${tok.span.start}`;
        if (seen.has(key)) return undefined; // one parse, however many probes share the handler
        seen.add(key);
        ctx.report({
          category: 'parse',
          severity: 'error',
          code: CHECK_CODES.printFormat,
          message: parsed.error,
          span: tok.span,
          subject: { label: 'saw', description: tok.description },
        });
        return undefined;
      },
    });
  for (const body of ctx.all) check(body);
  for (const fn of ctx.program.unusedFunctions) {
    if (fn.decl.body.kind === 'Block') check({ owner: { kind: 'function', fn }, body: fn.decl.body });
  }
}
