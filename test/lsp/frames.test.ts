import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentLength, FrameFilter } from '../../src/lsp/frames.js';
import { REPO_ROOT } from '../helpers/cli.js';

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

/** Feeds `chunks` through a filter; returns what passed and what was logged. */
async function filter(chunks: readonly string[]): Promise<{ out: string; logged: string[] }> {
  const logged: string[] = [];
  const f = new FrameFilter((m) => logged.push(m));
  const parts: Buffer[] = [];
  f.on('data', (b: Buffer) => parts.push(b));
  for (const c of chunks) f.write(Buffer.from(c));
  f.end();
  await new Promise((resolve) => f.on('end', resolve));
  return { out: Buffer.concat(parts).toString(), logged };
}

describe('LSP framing', () => {
  it('passes well-formed frames through unchanged, even split anywhere', async () => {
    const text = frame('{"a":1}') + frame('{"b":"é"}');
    for (let cut = 0; cut <= text.length; cut++) {
      const { out, logged } = await filter([text.slice(0, cut), text.slice(cut)]);
      expect(out).toBe(text);
      expect(logged).toEqual([]);
    }
  });

  it('skips a frame without Content-Length, logs it, and serves the next frame', async () => {
    const good = frame('{"id":1}');
    const { out, logged } = await filter([`X-Foo: bar\r\n\r\n{"id":0}`, good]);
    expect(out).toBe(good);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('no Content-Length header');
  });

  it('skips a non-numeric length and a header block that never ends', async () => {
    const good = frame('{"id":2}');
    expect((await filter([`Content-Length: ten\r\n\r\n{}`, good])).out).toBe(good);
    const junk = 'x'.repeat(20_000);
    const result = await filter([junk, good]);
    expect(result.out).toBe(good);
    expect(result.logged[0]).toContain('header block longer');
  });

  it('reads the length from any header order and case', () => {
    expect(contentLength('Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 12')).toBe(12);
    expect(contentLength('Content-Length: -1')).toMatch(/not a number/);
    expect(contentLength('Content-Length: 99999999999')).toMatch(/not a number|larger/);
    expect(contentLength('garbage')).toMatch(/without a name/);
  });

  it('the server answers after a malformed frame and says what it skipped', async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/flyimgc.js'), 'lsp'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.write('X-Foo: bar\r\n\r\n{"jsonrpc":"2.0","id":0,"method":"initialize","params":{}}');
    child.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } })));
    const deadline = Date.now() + 20_000;
    while (!stdout.includes('"id":1') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill();
    expect(stdout).toContain('"id":1');
    expect(stdout).toContain('"capabilities"');
    expect(stdout).not.toContain('"id":0');
    expect(stderr).toContain('skipped a malformed message (no Content-Length header)');
  });
});
