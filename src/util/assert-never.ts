/** Exhaustiveness check for `switch (x.kind)`: reaching it is a bug of ours, never a user error. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
