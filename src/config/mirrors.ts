/**
 * `[mirrors]` in flyimg.toml: reference prefix → mirror prefix, for the bases and tool images the
 * Dockerfiles pull. The one place a reference is mirrored: the emitted Dockerfiles and bake file, and the
 * rule that checks every mirrored reference is still a reference (mirroredReferencesValid).
 */
import { qualifiedForm } from '../reference/reference.js';

/** The longest configured prefix that `reference` starts with (at a component boundary) is replaced. */
export function mirrorFor(mirrors: ReadonlyMap<string, { readonly value: string }>): (reference: string) => string {
  const match = mirrorMatch(mirrors);
  return (reference) => match(reference)?.reference ?? reference;
}

/** The mirrored reference and the setting that mirrored it; undefined when no prefix matches. */
export function mirrorMatch<S extends { readonly value: string }>(mirrors: ReadonlyMap<string, S>): (reference: string) => { reference: string; setting: S } | undefined {
  const prefixes = [...mirrors.keys()].sort((a, b) => b.length - a.length);
  return (reference) => {
    // `python:3.12` is `docker.io/library/python:3.12`; mirrors may be written either way.
    const forms = [reference, qualifiedForm(reference)];
    for (const prefix of prefixes) {
      for (const form of forms) {
        if (form === prefix || (form.startsWith(prefix) && '/:@'.includes(form[prefix.length]!))) {
          const setting = mirrors.get(prefix)!;
          // A mirror may be written with a trailing `/` (as registries may): one separator, not two.
          return { reference: setting.value.replace(/\/$/, '') + form.slice(prefix.length), setting };
        }
      }
    }
    return undefined;
  };
}
