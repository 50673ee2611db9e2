/**
 * Diagnostic codes of type inference, one per place stap raises the error. Stap prints only the
 * first error raised at each place unless `-v` is given ("Number of similar error messages
 * suppressed"), so a renderer that wants stap's output de-duplicates on `code` (including the
 * codes of chained diagnostics).
 */
export const TYPE_CODES = {
  unresolved: 'S301',
  invalid: 'S302',
  sidesDisagree: 'S303',
  expectedFound: 'S304',
  declExpectedFound: 'S305',
  declMismatch: 'S306',
  firstInferred: 'S307',
  unresolvedTarget: 'S308',
  unresolvedAtVar: 'S309',
  castNotFound: 'S310',
  autocastUnknown: 'S311',
  enumName: 'S312',
  entryOutsideReturn: 'S313',
  arrayLocal: 'S314',
  statLocal: 'S315',
  unexpectedProbeWrite: 'S316',
  unexpectedDefined: 'S317',
  wrongArgCount: 'S318',
  embeddedC: 'S319',
  whileProcessing: 'S320',
  deleteOperand: 'S321',
  autocastAddress: 'S322',
} as const;

export type TypeCode = (typeof TYPE_CODES)[keyof typeof TYPE_CODES];
