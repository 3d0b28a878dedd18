import { describe, expect, it } from 'vitest';
import { codesOf } from '../../helpers/check.js';
import { BASE } from '../support.js';

describe('dockerignoreValid: every .dockerignore an image uses has patterns Docker can read', () => {
  it("reports a bad pattern in the image's .dockerignore (FLY5080)", () => {
    expect(codesOf(`${BASE}app = base.with_source_folder("src")\n`, { '.dockerignore': 'build/[abc\n', 'src/a.py': '' })).toEqual(['FLY5080']);
  });

  it("reports a bad pattern in a Dockerfile context's own .dockerignore (BuildKit applies it to that context)", () => {
    const src = 'app = Image.from_dockerfile(Path("ctx/Dockerfile"), registry="ghcr.io/acme", name="app")\n';
    expect(codesOf(src, { 'ctx/Dockerfile': 'FROM python:3.12-slim\n', 'ctx/.dockerignore': 'build/[abc\n' })).toEqual(['FLY5080']);
    expect(codesOf(src, { 'ctx/Dockerfile': 'FROM python:3.12-slim\n', 'ctx/.dockerignore': 'build/\n' })).toEqual([]);
  });
});
