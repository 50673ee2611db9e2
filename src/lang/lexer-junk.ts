/** The lexer's junk tokens as diagnostics: stable codes, and the messages stap prints for them. */
import { assertNever } from '../util/index.js';
import type { JunkKind, Token } from './token.js';

/** Diagnostic codes of the lexer (`P1xx`): one per junk kind, and the `}%` warning. */
export const LEXER_CODES = {
  'unknown-char': 'P101',
  'nested-arg': 'P102',
  'arg-out-of-range': 'P103',
  'unclosed-string': 'P104',
  'unclosed-embedded': 'P105',
  'suspicious-embedded-close': 'P110',
} as const satisfies Record<JunkKind | 'suspicious-embedded-close', string>;

/**
 * What stap prints instead of the parser's own message when an error lands on a junk token
 * (`build_error_msg`). Unknown characters have no message of their own: the parser's stands.
 */
export function junkMessage(token: Token, argCount: number): string | undefined {
  const kind = token.junk;
  if (kind === undefined) return undefined;
  switch (kind) {
    case 'unknown-char':
      return undefined;
    case 'nested-arg':
      return 'invalid nested substitution of command line arguments';
    case 'arg-out-of-range':
      return `command line argument out of range [1-${argCount}]`;
    case 'unclosed-string':
      return 'Could not find matching closing quote';
    case 'unclosed-embedded':
      return "Could not find matching '%}' to close embedded function block";
    default:
      return assertNever(kind, 'junk kind');
  }
}
