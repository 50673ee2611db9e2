import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The installed package's root directory (holds `package.json`, `tapset/`, `bin/`). This file
 * runs as `dist/src/cli/package-info.js`, three levels below the root.
 */
export function packageRoot(): string {
  return fileURLToPath(new URL('../../../', import.meta.url));
}

let cachedVersion: string | undefined;

/** `version` from package.json; `unknown` if it cannot be read (a broken install, not a user error). */
export function packageVersion(): string {
  if (cachedVersion === undefined) {
    try {
      const json = JSON.parse(readFileSync(`${packageRoot()}package.json`, 'utf8')) as { version?: unknown };
      cachedVersion = typeof json.version === 'string' ? json.version : 'unknown';
    } catch {
      cachedVersion = 'unknown';
    }
  }
  return cachedVersion;
}
