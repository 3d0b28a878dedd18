import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';

/** Problems a real Dockerfile parser/validator finds (errors and warnings alike). */
export function dockerfileProblems(text: string): string[] {
  return validate(text).map((d) => `${d.range.start.line + 1}: ${d.message}`);
}

/** The instruction keywords, in order, as a real Dockerfile parser reads them. */
export function instructionSequence(text: string): string[] {
  return DockerfileParser.parse(text)
    .getInstructions()
    .map((i) => i.getKeyword());
}

/** Each instruction's arguments as the parser reads them, for checking that quoted values stay whole. */
export function instructions(text: string): Array<{ keyword: string; args: string[] }> {
  return DockerfileParser.parse(text)
    .getInstructions()
    .map((i) => ({ keyword: i.getKeyword(), args: i.getArguments().map((a) => a.getValue()) }));
}
