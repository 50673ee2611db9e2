export type { ConditionOutcome } from './condition.js';
export { evaluateCondition, strtoll } from './condition.js';
export { fnmatch } from './fnmatch.js';
export { parseMacroLibrary } from './macro-library.js';
export type { MacroDefinition, MacroTable } from './macros.js';
export { Preprocessor } from './preprocessor.js';
export type { PreprocessCode } from './report.js';
export { PREPROCESS_CODES } from './report.js';
export { strverscmp } from './strverscmp.js';
