import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { updateImageRefs } from '../../src/flyteConfig/imageRefs.js';

const refs = [
  ['data-prep', 'ghcr.io/acme/data-prep:abc'],
  ['training', 'ghcr.io/acme/training:def'],
] as const;

describe("flyte config.yaml's image.image_refs", () => {
  it('sets the refs and keeps every other key and comment', () => {
    const text = '# cluster settings\nadmin:\n  endpoint: dns:///flyte.example.com # prod\nimage:\n  builder: local\n  image_refs:\n    training: old:1 # replaced\n    other: keep:2\n';
    const update = updateImageRefs(text, refs);
    expect(update.ok).toBe(true);
    if (!update.ok) return;
    expect(update.text).toContain('# cluster settings');
    expect(update.text).toContain('# prod');
    expect(parse(update.text)).toEqual({
      admin: { endpoint: 'dns:///flyte.example.com' },
      image: { builder: 'local', image_refs: { training: 'ghcr.io/acme/training:def', other: 'keep:2', 'data-prep': 'ghcr.io/acme/data-prep:abc' } },
    });
  });

  it('creates the file content and the sections when they are missing', () => {
    for (const text of [undefined, '', 'admin:\n  endpoint: x\n', 'image:\n']) {
      const update = updateImageRefs(text, refs);
      expect(update.ok).toBe(true);
      if (update.ok) expect(parse(update.text).image.image_refs).toEqual({ 'data-prep': 'ghcr.io/acme/data-prep:abc', training: 'ghcr.io/acme/training:def' });
    }
  });

  it('refuses YAML that is invalid or not a mapping where it needs one, with where', () => {
    const invalid = updateImageRefs('a: [\n', refs);
    expect(invalid.ok).toBe(false);
    expect(updateImageRefs('- a\n- b\n', refs)).toEqual({ ok: false, reason: 'it is not a YAML mapping' });
    expect(updateImageRefs('image: ghcr.io/x\n', refs)).toEqual({ ok: false, reason: '`image` is not a mapping' });
    expect(updateImageRefs('image:\n  image_refs: [a]\n', refs)).toEqual({ ok: false, reason: '`image.image_refs` is not a mapping' });
  });
});
