/**
 * Whether a Dockerfile bind-mounts files into a RUN (`RUN --mount=type=bind,...`, or a `--mount` without a
 * type, which is a bind mount).
 *
 * Why it matters: buildah and podman (the buildah 1.28 engine that Debian ships, and later versions for some
 * forms: buildah#5400, #6609) key a cached RUN layer on the instruction's text only. A RUN that bind-mounts a
 * changed uv.lock, requirements file or editable dependency then reuses the layer built from the old files,
 * and the image pushed under the new tag holds the old packages. BuildKit (docker buildx, bake) keys on the
 * mounted content and is not affected.
 *
 * Deliberately broad: a mount it cannot read counts as a bind mount, since the cost of a false answer is a
 * slower build, never a wrong image.
 */
export function bindMountsFiles(dockerfile: string): boolean {
  for (const line of dockerfile.split('\n')) {
    if (line.trimStart().startsWith('#')) continue;
    for (const match of line.matchAll(/--mount=(\S+)/g)) {
      const options = match[1]!.replace(/^["']|["']$/g, '').split(',');
      const type = options.find((o) => o.startsWith('type='))?.slice('type='.length) ?? 'bind';
      if (type !== 'cache' && type !== 'secret' && type !== 'ssh' && type !== 'tmpfs') return true;
    }
  }
  return false;
}
