/**
 * The files an analysis read, to know whether what it found from them still holds. A full analysis reads
 * requirements files, manifests, `.dockerignore` files and `flyimg.toml` again every time; the incremental
 * one keeps results made from them, so it records every answer the host gave and, before reusing anything,
 * asks again: any different answer means starting afresh. The text of `.flyimg` files is not recorded:
 * the analyzer compares it itself, and `loadProgram` reads every source again each time.
 */
import type { HostFiles, ReadOptions } from '../host.js';

interface Answer {
  readonly ask: (host: HostFiles) => unknown;
  readonly answer: unknown;
}

export class HostRecording {
  private readonly answers: Map<string, Answer>;

  /**
   * `kept`: the recording of the analysis whose results this one reuses (and which still holds). A reused
   * value was made from files this analysis does not read again: their answers are carried over, or a
   * later change to such a file (a requirements file deleted) would go unnoticed.
   */
  constructor(kept?: HostRecording) {
    this.answers = new Map(kept?.answers);
  }

  /** `host`, with every answer about a file other than a `.flyimg` source recorded here. */
  wrap(host: HostFiles): HostFiles {
    const record = <T>(key: string, path: string, ask: (h: HostFiles) => T): T => {
      const answer = ask(host);
      if (!path.endsWith('.flyimg') && !this.answers.has(key)) this.answers.set(key, { ask, answer });
      return answer;
    };
    return {
      readFile: (path: string, options?: ReadOptions) => record(`readFile\0${path}\0${options?.maxBytes ?? ''}`, path, (h) => h.readFile(path, options)),
      stat: (path: string) => record(`stat\0${path}`, path, (h) => h.stat(path)),
      listDir: (path: string) => record(`listDir\0${path}`, path, (h) => h.listDir(path)),
      realPath: (path: string) => record(`realPath\0${path}`, path, (h) => h.realPath(path)),
      ...(host.listDirRaw ? { listDirRaw: (path: string) => record(`listDirRaw\0${path}`, path, (h) => h.listDirRaw?.(path)) } : {}),
      ...(host.digest ? { digest: (path: string) => record(`digest\0${path}`, path, (h) => h.digest?.(path)) } : {}),
    };
  }

  /** Whether `host` still gives every recorded answer. */
  stillHolds(host: HostFiles): boolean {
    for (const { ask, answer } of this.answers.values()) if (!sameAnswer(ask(host), answer)) return false;
    return true;
  }
}

function sameAnswer(now: unknown, then: unknown): boolean {
  if (now instanceof Uint8Array || then instanceof Uint8Array) {
    if (!(now instanceof Uint8Array && then instanceof Uint8Array) || now.length !== then.length) return false;
    for (let i = 0; i < now.length; i++) if (now[i] !== then[i]) return false;
    return true;
  }
  if (typeof now !== 'object' || now === null || typeof then !== 'object' || then === null) return now === then;
  // Read results hold their bytes one level down.
  if ('bytes' in now && 'bytes' in then) return sameAnswer(now.bytes, then.bytes);
  return JSON.stringify(now) === JSON.stringify(then);
}
