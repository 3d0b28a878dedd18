import { describe, expect, it } from 'vitest';
import {
  formatImageReference,
  InvalidReferenceError,
  manifestReference,
  parseImageReference,
  registryApiHost,
} from '../../src/reference/reference.js';

const SHA = 'sha256:' + 'ab'.repeat(32);

describe('parseImageReference (docker normalisation)', () => {
  it.each([
    ['python', 'docker.io', 'library/python', undefined, undefined],
    ['python:3.11-slim', 'docker.io', 'library/python', '3.11-slim', undefined],
    ['docker.io/python:3', 'docker.io', 'library/python', '3', undefined],
    ['index.docker.io/python', 'docker.io', 'library/python', undefined, undefined],
    ['docker.io/library/python', 'docker.io', 'library/python', undefined, undefined],
    ['flyteorg/flyte:py3.12', 'docker.io', 'flyteorg/flyte', 'py3.12', undefined],
    ['ghcr.io/flyteorg/flyte:py3.12-v2', 'ghcr.io', 'flyteorg/flyte', 'py3.12-v2', undefined],
    ['127.0.0.1:5000/test/exists:1', '127.0.0.1:5000', 'test/exists', '1', undefined],
    ['localhost/app', 'localhost', 'app', undefined, undefined],
    ['localhost:5000/app:v1', 'localhost:5000', 'app', 'v1', undefined],
    ['registry.example.com:8443/a/b/c:t', 'registry.example.com:8443', 'a/b/c', 't', undefined],
    ['[::1]:5000/app:1', '[::1]:5000', 'app', '1', undefined],
    ['Example/app', 'Example', 'app', undefined, undefined],
    ['my-registry/app', 'docker.io', 'my-registry/app', undefined, undefined],
    ['a/b__c/d-e.f:tag_1.x-y', 'docker.io', 'a/b__c/d-e.f', 'tag_1.x-y', undefined],
    [`python@${SHA}`, 'docker.io', 'library/python', undefined, SHA],
    [`ghcr.io/o/r:1@${SHA}`, 'ghcr.io', 'o/r', '1', SHA],
  ])('%s', (text, domain, path, tag, digest) => {
    const ref = parseImageReference(text);
    expect(ref).toEqual({ domain, path, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) });
  });

  it('reads a colon before the first slash as a port, and without a slash as a tag', () => {
    expect(parseImageReference('localhost:5000')).toEqual({ domain: 'docker.io', path: 'library/localhost', tag: '5000' });
  });

  it.each([
    ['', /empty/],
    ['Python', /lowercase/],
    ['ghcr.io/Org/app', /lowercase/],
    ['app:', /not a valid tag/],
    ['app:-x', /not a valid tag/],
    [`app:${'x'.repeat(129)}`, /not a valid tag/],
    ['app@sha256:abc', /not a digest/],
    [`app@sha256:${'a'.repeat(40)}`, /64 hexadecimal/],
    ['a'.repeat(64), /image id/],
    ['ghcr.io/', /empty/],
    ['a//b', /not a valid repository name/],
    ['a/b-', /not a valid repository name/],
    ['-bad.com/app', /not a valid registry host/],
    [`r.io/${'a'.repeat(260)}`, /longer than 255/],
  ])('rejects %j', (text, problem) => {
    expect(() => parseImageReference(text)).toThrow(InvalidReferenceError);
    expect(() => parseImageReference(text)).toThrow(problem);
  });

  it('maps Docker Hub to its API host and leaves others alone', () => {
    expect(registryApiHost('docker.io')).toBe('registry-1.docker.io');
    expect(registryApiHost('127.0.0.1:5000')).toBe('127.0.0.1:5000');
  });

  it('asks for the digest when there is one, else the tag, else latest', () => {
    expect(manifestReference(parseImageReference('app'))).toBe('latest');
    expect(manifestReference(parseImageReference('app:1'))).toBe('1');
    expect(manifestReference(parseImageReference(`app:1@${SHA}`))).toBe(SHA);
  });

  it('formats the fully qualified name', () => {
    expect(formatImageReference(parseImageReference('python:3.11'))).toBe('docker.io/library/python:3.11');
    expect(formatImageReference(parseImageReference(`r.io/a@${SHA}`))).toBe(`r.io/a@${SHA}`);
  });
});
