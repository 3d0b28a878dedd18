/**
 * The hostile suite for command-line flags whose values reach a Dockerfile or a manifest (`--image`,
 * `--registry`, `--platform`): each payload is a usage error naming the flag, a coded diagnostic, or a
 * compile whose Dockerfile reads back with the value exactly where it belongs. In process (`main`), real
 * files.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { tempProject } from '../helpers/cli.js';
import { PAYLOADS, TOKEN, placements } from './payloads.js';
import { readDockerfile } from './readBack.js';

const APP = 'app = Image.from_ref_name("b").clone(name="app", python_version=(3, 12), extendable=True).with_env_vars({"A": "1"})\n';
const project = tempProject({ 'app.flyimg': APP });
const scratch = mkdtempSync(join(tmpdir(), 'flyimgc-hostile-'));
afterAll(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({ write: (chunk, _, done) => ((text += String(chunk)), done()) }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

let n = 0;
async function compileWith(flags: readonly string[]): Promise<{ code: number; stderr: string; dockerfile?: string }> {
  const out = join(scratch, `out${n++}`);
  const stdout = sink();
  const stderr = sink();
  const code = await main(['compile', 'app.flyimg', '--out', out, '--no-cache', ...flags], { cwd: project, env: {}, stdout: stdout.stream, stderr: stderr.stream });
  let dockerfile: string | undefined;
  try {
    dockerfile = readFileSync(join(out, 'app', 'Dockerfile'), 'utf8');
  } catch {
    dockerfile = undefined;
  }
  return { code, stderr: stderr.text(), ...(dockerfile !== undefined ? { dockerfile } : {}) };
}

const FLAGS: Readonly<Record<string, (v: string) => string[]>> = {
  '--image': (v) => ['--image', `b=python:${v}`, '--registry', 'ghcr.io/acme'],
  '--registry': (v) => ['--image', 'b=python:3.12-slim', '--registry', `ghcr.io/${v}`],
  '--platform': (v) => ['--image', 'b=python:3.12-slim', '--registry', 'ghcr.io/acme', '--platform', `linux/${v}`],
};

describe.each(Object.keys(FLAGS))('%s × hostile payloads', (flag) => {
  it.each(PAYLOADS.map((p) => [JSON.stringify(p), p] as const))('payload %s', async (_, payload) => {
    for (const value of placements(payload)) {
      const result = await compileWith(FLAGS[flag]!(value));
      expect(result.code, result.stderr).not.toBe(70);
      if (result.code === 2) {
        expect(result.stderr).toContain(flag);
        continue;
      }
      if (result.code === 1) {
        expect(result.stderr).toMatch(/error\[FLY\d{4}\]/);
        expect(result.stderr).toContain(flag);
        expect(result.dockerfile).toBeUndefined();
        continue;
      }
      // Accepted: the reference is a valid one and it is exactly what FROM / ENV read back.
      const read = readDockerfile(result.dockerfile!);
      expect(read.filter((i) => i.keyword === 'FROM').map((i) => i.args[0])).toEqual(['ghcr.io/astral-sh/uv:0.8.13', flag === '--image' ? `python:${value}`.replace(/[ \t]+$/, '') : 'python:3.12-slim']);
    }
  });
});

it('a valid value of each flag compiles (the suite is not vacuous)', async () => {
  for (const flag of Object.keys(FLAGS)) {
    const result = await compileWith(FLAGS[flag]!(flag === '--platform' ? 'arm64' : flag === '--registry' ? TOKEN : `3.12-${TOKEN}`));
    expect(result.code, `${flag}: ${result.stderr}`).toBe(0);
  }
});
