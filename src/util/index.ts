export { assertNever } from './assert-never.js';
export { parseIntegerLiteral, toInt64 } from './int64.js';
export { levenshtein, suggestSimilar } from './levenshtein.js';
