/**
 * Ring-buffer records from kernel handlers, decoded (wire/records.ts) and acted on: PRINTF
 * records formatted with stap's printf and print functions, EXIT starting the shutdown, WARNING
 * printed as `warn()` prints, ERROR reported as stap reports a handler's runtime error (`<message> near <token> at <file:l:c>
 * in probe <pp>`).
 */
import type { KernelCompileResult } from '../../compile/index.js';
import { type Kallsyms, kallsyms, type RecordCallback } from '../../kernel/index.js';
import {
  ERROR_CODE,
  ERROR_RECORD,
  errorMessage,
  type OutputSite,
  RECORD_TYPE,
  readOutputArgs,
  readScriptErrorMessage,
  readWarningMessage,
  recordId,
  recordType,
} from '../../wire/index.js';
import { describeSpan } from '../codegen/index.js';
import { formatPrint, formatPrintd, formatPrintdln, formatPrintln } from '../format/print.js';
import { formatPrintf } from '../format/printf.js';
import { type HistogramLookup, readDeferredArgs } from './deferred-text.js';
import { userSymbols } from './user-symbols.js';

export interface RecordSink {
  /** Script output (bytes as chars). */
  output(text: string): void;
  /** A kernel handler called exit(). */
  exit(): void;
  /** A kernel handler failed: the text after `ERROR: `. */
  error(text: string): void;
  /** A kernel handler called `warn(msg)`: the message. */
  warning(message: string): void;
  /** A kernel handler called `system(cmd)`: the command. */
  system(command: string): void;
}

function format(site: Pick<OutputSite, 'op'>, args: readonly (bigint | string)[]): string {
  const op = site.op;
  switch (op.kind) {
    case 'printf': {
      const text = formatPrintf(op.components, args);
      return typeof text === 'string' ? text : '';
    }
    case 'print':
      return formatPrint(args);
    case 'println':
      return formatPrintln(args);
    case 'printd':
      return formatPrintd(op.delimiter, args);
    case 'printdln':
      return formatPrintdln(op.delimiter, args);
  }
}

export function recordDecoder(
  kernel: KernelCompileResult,
  maxStringLen: number,
  sink: RecordSink,
  histograms?: HistogramLookup,
  symbolFiles: readonly string[] = [],
): RecordCallback {
  const described = new Map<number, string>();
  // /proc/kallsyms is read on the first record that needs a symbol.
  let table: Kallsyms | null | undefined;
  const symbols = (address: bigint) => {
    if (table === undefined) {
      const loaded = kallsyms();
      table = loaded.ok ? loaded.value : null;
    }
    return table?.lookup(address);
  };
  // User addresses: the processes' mappings; the probed binaries and -d files once a process is gone.
  const user = userSymbols([
    ...kernel.programs.flatMap((p) => (p.uprobe === undefined ? [] : [p.uprobe.path])),
    ...symbolFiles,
  ]);
  return (view, offset) => {
    const type = recordType(view, offset);
    const id = recordId(view, offset);
    if (type === RECORD_TYPE.printf) {
      const site = kernel.outputSites[id];
      if (site !== undefined) sink.output(format(site, readOutputArgs(view, offset, site)));
      return;
    }
    if (type === RECORD_TYPE.printfDeferred) {
      const site = kernel.deferredSites?.[id];
      if (site !== undefined)
        sink.output(
          format(site, readDeferredArgs(view, offset, site.args, symbols, maxStringLen, histograms, user)),
        );
      return;
    }
    if (type === RECORD_TYPE.warning) {
      sink.warning(readWarningMessage(view, offset));
      return;
    }
    if (type === RECORD_TYPE.system) {
      sink.system(readWarningMessage(view, offset));
      return;
    }
    if (type === RECORD_TYPE.exit) {
      sink.exit();
      return;
    }
    if (type === RECORD_TYPE.error) {
      const code = view.getUint32(offset + ERROR_RECORD.code, true);
      const detail = view.getInt32(offset + ERROR_RECORD.detail, true);
      const argument = view.getBigInt64(offset + ERROR_RECORD.argument, true);
      let where = described.get(id);
      if (where === undefined) {
        const site = kernel.errorSites[id];
        where = site === undefined ? '' : ` near ${describeSpan(site.span)} in probe ${site.probe.name}`;
        described.set(id, where);
      }
      const message =
        code === ERROR_CODE.scriptError
          ? readScriptErrorMessage(view, offset)
          : errorMessage(code, detail, argument);
      const text = `${message}${where}`;
      sink.error(text.length > maxStringLen - 1 ? text.slice(0, maxStringLen - 1) : text);
    }
  };
}
