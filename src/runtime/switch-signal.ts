/**
 * `switch_file()` signals the tstap process with SIGUSR2 from a command system() runs, as stap's
 * signals staprun, so the signal can come after the session has ended (a switch_file() in one of
 * the last handlers), when SIGUSR2's default action would kill the process. The listener is
 * therefore installed once and stays (it does not keep the process alive); it hands the signal to
 * the running session's output, if there is one.
 */
let current: (() => void) | undefined;
let installed = false;

/** Routes SIGUSR2 to `handler` (undefined: the signal is ignored). */
export function onSwitchSignal(handler: (() => void) | undefined): void {
  if (!installed) {
    process.on('SIGUSR2', () => current?.());
    installed = true;
  }
  current = handler;
}
