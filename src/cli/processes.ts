/** Running a short-lived helper program (a docker credential helper) with a time bound that really holds. */
import { spawn } from 'node:child_process';
import type { HelperRun, HelperRunner } from '../registry/credentials.js';

/**
 * Runs `program` in its own process group, feeds it `input`, and collects its output. When the time is up
 * the whole group is killed: a helper that started a child of its own (a keychain agent, `sleep`) would
 * otherwise keep our pipes open, and the run would last as long as that child.
 */
export const runHelperInProcessGroup: HelperRunner = (program, args, { input, timeoutMs, env }) =>
  new Promise<HelperRun>((resolve) => {
    let child;
    try {
      child = spawn(program, [...args], { detached: true, stdio: ['pipe', 'pipe', 'pipe'], ...(env ? { env: { ...env } } : {}) });
    } catch (error) {
      resolve({ stdout: '', stderr: '', failure: `${program} could not be run: ${(error as Error).message}` });
      return;
    }
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let settled = false;
    let timedOut = false;
    const finish = (run: HelperRun) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Whatever is left of the group (children that outlived the helper) goes too.
      killGroup(child.pid);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve(run);
    };
    const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8').replace(/\n$/, '');
    const timer = setTimeout(() => {
      timedOut = true;
      finish({ stdout: text(stdout), stderr: text(stderr), failure: `${program} did not answer within ${timeoutMs} ms` });
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish({ stdout: '', stderr: '', failure: `${program} could not be run: ${error.code === 'ENOENT' ? 'not found on PATH' : error.message}` });
    });
    // `close` waits for the pipes; a grandchild holding them open is what the timer is for.
    child.on('close', (code, signal) => {
      if (timedOut) return;
      if (code === null) finish({ stdout: text(stdout), stderr: text(stderr), failure: `${program} was killed by ${signal ?? 'a signal'}` });
      else finish({ exitCode: code, stdout: text(stdout), stderr: text(stderr) });
    });
    child.stdin?.on('error', () => {
      // A helper that exits without reading its input: its answer (or exit status) says what happened.
    });
    child.stdin?.end(input);
  });

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}
