/**
 * `system(cmd)`: staprun runs the command under `sh -c` once the probe that asked has finished,
 * in the background (it never waits for it), with staprun's own stdin, stdout and stderr — the
 * terminal, not a `-o` file. The script output written before the call is flushed first, so it
 * comes out ahead of the command's. A command that cannot be started is staprun's perror line.
 */
import { spawn } from 'node:child_process';
import { scriptText } from './output.js';

export function runSystemCommand(command: string, writeError: (text: string) => void): void {
  const text = scriptText(command);
  const child = spawn('/bin/sh', ['-c', text], { stdio: 'inherit' });
  child.on('error', (e) => writeError(`ERROR: ${text}: ${e.message}\n`));
  child.unref();
}
