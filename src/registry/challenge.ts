/** `WWW-Authenticate` challenges (RFC 7235), as registries send them with a 401. */

export interface Challenge {
  /** Lower case: `basic`, `bearer`. */
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * RFC 7235 challenges. One header may hold several (`Bearer realm="a",service="b", Basic realm="c"`), and
 * `Headers.get` joins repeated headers with commas, so commas alone cannot split them.
 */
export function parseWwwAuthenticate(header: string): Challenge[] {
  const challenges: Array<{ scheme: string; params: Record<string, string> }> = [];
  let i = 0;
  const n = header.length;
  const skip = (chars: RegExp) => {
    while (i < n && chars.test(header[i]!)) i++;
  };
  const token = (): string => {
    const start = i;
    while (i < n && /[!#$%&'*+.^_`|~0-9A-Za-z-]/.test(header[i]!)) i++;
    return header.slice(start, i);
  };
  while (i < n) {
    skip(/[\s,]/);
    const scheme = token();
    if (scheme === '') {
      i++;
      continue;
    }
    const challenge = { scheme: scheme.toLowerCase(), params: {} as Record<string, string> };
    challenges.push(challenge);
    for (;;) {
      const mark = i;
      skip(/[\s,]/);
      const name = token();
      skip(/\s/);
      // Not `name=`: the next challenge's scheme (token68 credentials are not used by registries).
      if (name === '' || header[i] !== '=') {
        i = mark;
        break;
      }
      i++;
      skip(/\s/);
      let value = '';
      if (header[i] === '"') {
        i++;
        while (i < n && header[i] !== '"') {
          if (header[i] === '\\' && i + 1 < n) i++;
          value += header[i];
          i++;
        }
        i++;
      } else {
        const start = i;
        while (i < n && header[i] !== ',' && !/\s/.test(header[i]!)) i++;
        value = header.slice(start, i);
      }
      challenge.params[name.toLowerCase()] = value;
    }
  }
  return challenges;
}
