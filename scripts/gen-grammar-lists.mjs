// Rewrites the constructor and method lists of grammar/flyimg.tmLanguage.json from the compiler's
// signature table (run `npm run build` first). test/grammar/parity.test.ts fails until this is run
// after a constructor or method is added to src/check/api.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { CONSTRUCTOR_NAMES, METHOD_NAMES } from '../dist/check/api.js';

const file = new URL('../grammar/flyimg.tmLanguage.json', import.meta.url);
const text = readFileSync(file, 'utf8');
const grammar = JSON.parse(text);

/** The rule's match is `(\.)\s*(a|b|c)\b`; only the alternation changes, so the file's layout stays. */
function replaceList(source, rule, names) {
  const old = grammar.repository[rule].match;
  const next = old.replace(/\(([A-Za-z_]+(?:\|[A-Za-z_]+)*)\)\\b$/, `(${names.join('|')})\\b`);
  if (next === old && !old.includes(`(${names.join('|')})`)) throw new Error(`grammar rule ${rule} has no name list to replace`);
  return source.replace(JSON.stringify(old), JSON.stringify(next));
}

let updated = replaceList(text, 'constructor', CONSTRUCTOR_NAMES);
updated = replaceList(updated, 'method', METHOD_NAMES);
if (updated !== text) {
  writeFileSync(file, updated);
  console.log('updated grammar/flyimg.tmLanguage.json');
} else {
  console.log('grammar/flyimg.tmLanguage.json is up to date');
}
