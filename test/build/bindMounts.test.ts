import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindMountsFiles } from '../../src/build/bindMounts.js';

describe('bindMountsFiles', () => {
  it.each([
    ['RUN --mount=type=bind,target=/r.txt,src=r.txt pip install -r /r.txt', true],
    ['RUN --mount=type=cache,target=/root/.cache/uv \\\n    --mount=type=bind,src=libs/helper,target=/deps/helper,rw \\\n    uv sync', true],
    // No type: Docker's default, a bind mount.
    ['RUN --mount=target=/src,source=src make', true],
    ['RUN --mount=from=builder,source=/out,target=/in cp -r /in /app', true],
    ['RUN --mount="type=bind,src=a,target=/a" ls /a', true],
    ['RUN --mount=type=cache,target=/root/.cache/pip pip install x', false],
    ['RUN --mount=type=secret,id=token cat /run/secrets/token', false],
    ['RUN --mount=type=ssh git clone x\nRUN --mount=type=tmpfs,target=/t true', false],
    ['# RUN --mount=type=bind,src=a,target=/a ls\nRUN true', false],
    ['FROM debian\nCOPY a /a\nRUN echo --mount', false],
  ])('%j → %s', (dockerfile, expected) => {
    expect(bindMountsFiles(dockerfile)).toBe(expected);
  });

  it('is true for every golden Dockerfile that binds a context file, false for the others', () => {
    const fixtures = join(import.meta.dirname, '..', 'fixtures');
    let binding = 0;
    let other = 0;
    for (const fixture of readdirSync(fixtures)) {
      const expected = join(fixtures, fixture, 'expected');
      let files: string[];
      try {
        files = readdirSync(expected).filter((name) => name.startsWith('Dockerfile.'));
      } catch {
        continue;
      }
      for (const file of files) {
        const text = readFileSync(join(expected, file), 'utf8');
        // The generated Dockerfiles always write the type: a plain search is an independent answer for them.
        const binds = /--mount=type=bind,/.test(text);
        expect(bindMountsFiles(text), `${fixture}/${file}`).toBe(binds);
        if (binds) binding++;
        else other++;
      }
    }
    expect(binding).toBeGreaterThan(5);
    expect(other).toBeGreaterThan(5);
  });
});
