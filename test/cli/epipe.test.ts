/** A reader that closes the pipe early (`flyimgc … | head`) ends flyimgc quietly, whatever it was printing. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { CACHE_DIR, REPO_ROOT, tempProject } from '../helpers/cli.js';

const BIN = join(REPO_ROOT, 'bin', 'flyimgc.js');
let project: string;

beforeAll(() => {
  // Enough output (thousands of lines) that the writer is still writing when `head` has gone.
  const images = Array.from({ length: 40 }, (_, i) => `img${i} = Image.from_debian_base(registry="ghcr.io/acme", name="x${i}").with_source_folder(Path("src")).with_apt_packages("curl")`);
  const broken = Array.from({ length: 1000 }, (_, i) => `bad${i} = Image.from_debian_base(nme="x")`);
  project = tempProject({ 'a.flyimg': `${images.join('\n')}\n`, 'bad/b.flyimg': `${broken.join('\n')}\n` });
  mkdirSync(join(project, 'src'));
  for (let i = 0; i < 500; i++) writeFileSync(join(project, 'src', `file${i}.py`), `${i}\n`);
});

async function throughHead(args: string): Promise<{ status: string; stderr: string }> {
  const run = await execa('bash', ['-c', `node ${BIN} ${args} 2>stderr.txt | head -c 1 >/dev/null; echo "\${PIPESTATUS[0]}"; cat stderr.txt`], {
    cwd: project,
    env: { NO_COLOR: '1', FLYIMGC_CACHE_DIR: CACHE_DIR },
    reject: false,
  });
  const [status = '', ...rest] = run.stdout.split('\n');
  return { status, stderr: rest.join('\n') };
}

describe('a closed stdout', () => {
  for (const args of ['explain img0 a.flyimg', 'explain --format json img0 a.flyimg', 'check --format json bad', 'check bad', 'compile --format json --dump-ir a.flyimg', 'help compile']) {
    it(`ends \`flyimgc ${args}\` quietly`, async () => {
      const { status, stderr } = await throughHead(args);
      expect(stderr).not.toMatch(/EPIPE|Unhandled|internal compiler error/);
      expect(status === '0' || status === '1').toBe(true);
    });
  }
});
