/**
 * Work that must be undone however the process ends: temporary output directories, secret files.
 * Runs on a normal exit, on `process.exit` (a closed stdout) and on SIGINT/SIGTERM/SIGHUP, after which
 * the signal is raised again so that the exit status still says what killed us. SIGKILL cannot be
 * caught: what it leaves behind is found and removed by the next run (see writeOutputs.ts).
 */
const pending = new Set<() => void>();
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let installed = false;

function runAll(): void {
  for (const cleanup of [...pending]) {
    pending.delete(cleanup);
    try {
      cleanup();
    } catch {
      // Cleaning up is best effort: one failure must not keep the others from running.
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  runAll();
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.kill(process.pid, signal);
}

/** Registers `cleanup` until the returned function is called (which runs it). */
export function cleanupOnExit(cleanup: () => void): () => void {
  if (!installed) {
    installed = true;
    process.on('exit', runAll);
    for (const signal of SIGNALS) process.on(signal, onSignal);
  }
  pending.add(cleanup);
  return () => {
    if (!pending.delete(cleanup)) return;
    cleanup();
  };
}
