/** The hostile strings of issue 10: each is tried at the start and at the end of a benign value. */
export const PAYLOADS: readonly string[] = [
  '\n',
  '\nUSER root',
  '\r',
  '\r\n',
  '\u2028',
  '\u0085',
  '\0',
  '\\',
  '\\ ',
  '\\\t',
  ' \\  ',
  '"',
  "'",
  '$(id)',
  '`id`',
  '${HOME}',
  '${HOME:-/x}',
  '$HOME',
  '<<EOF',
  '#',
  ' # c',
  '--mount=type=bind,target=/x',
  '["a"]',
  '[',
  ']',
  '*',
  '?',
  ',',
  ' ',
  '\t',
  '-',
  '--',
  '=',
  '&&',
  ';',
  'ü🐳',
];

/** A word flyimgc accepts everywhere; the payload is placed next to it. */
export const TOKEN = 'qzslotqz';

export const placements = (payload: string): readonly string[] => [`${TOKEN}${payload}`, `${payload}${TOKEN}`];
