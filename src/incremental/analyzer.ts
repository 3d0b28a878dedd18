/**
 * Incremental analysis: after an edit, the result `analyze` would give for the new text, made by
 * reusing what the previous analysis found wherever the edit cannot have changed it.
 *
 * - Syntax: the file is lexed again (cheap), but a statement whose tokens are the same as before, wholly
 *   before or after the changed text, keeps its AST and syntax diagnostics, with spans moved.
 *   Files whose text did not change keep their whole parse.
 * - Names are resolved again (cheap, and the only way to see a new or removed binding's effect).
 * - Evaluation: a binding keeps its value and diagnostics when its statement was kept and every name in it
 *   refers to the same thing as before, which itself kept its value (the name dependency graph, walked in
 *   program order).
 * - Rules and lowering run per image (see `checkImagesIncrementally` in analyze.ts); an image whose
 *   binding kept its value keeps its diagnostics.
 *
 * Every other file the analysis read is asked for again before anything is reused (hostRecording.ts): a
 * changed requirements file or `flyimg.toml` starts afresh. `forget()` does the same on request.
 * test/incremental/ compares the result with `analyze` after random edits.
 */
import { analyze, DEFAULT_ANALYZE_OPTIONS, type Analysis, type AnalysisReuse, type AnalyzeOptions, type CheckedImage } from '../analyze.js';
import type { EvaluatedBinding } from '../check/evaluate.js';
import type { HostFiles } from '../host.js';
import type { Referent, Resolution } from '../names/resolve.js';
import type { SourceFile } from '../source.js';
import type * as Ast from '../syntax/ast.js';
import { parseSource, type Parsed, type ParsedStatement, type StatementParser } from '../syntax/parse.js';
import { tokenEnd } from '../syntax/tokens.js';
import { namesIn } from '../syntax/walk.js';
import { lex, type Lexed } from '../syntax/lexer.js';
import { HostRecording } from './hostRecording.js';
import { isCleanLexing, relex } from './relex.js';
import { SpanRemapper, StaleSpanError } from './remap.js';
import { oldOffsetOf, textChange, type TextChange } from './textChange.js';

/**
 * A statement as parsed: where its tokens are, what else decides its syntax diagnostics, and the result.
 * Statements are only compared where the text did not change, so the same extent means the same
 * characters, and the same characters lexed from a token boundary the same tokens.
 */
interface StatementEntry {
  readonly end: number;
  readonly tokens: number;
  readonly synthetic: number;
  readonly explained: boolean;
  readonly result: ParsedStatement;
}

/** What one analysis leaves for the next. */
interface Round {
  readonly analysis: Analysis;
  readonly texts: ReadonlyMap<string, string>;
  readonly parsed: ReadonlyMap<string, Parsed>;
  /** Per file: its lexing, and whether it was clean (see relex.ts). */
  readonly lexed: ReadonlyMap<string, { readonly lexed: Lexed; readonly clean: boolean }>;
  /** Per file: each statement's parse by its start offset. */
  readonly statements: ReadonlyMap<string, ReadonlyMap<number, StatementEntry>>;
  readonly bindings: ReadonlyMap<Ast.Binding, EvaluatedBinding>;
  readonly images: ReadonlyMap<Ast.Binding, CheckedImage>;
  /** What the host answered about every other file. */
  readonly files: HostRecording;
}

/** How much of the last analysis was reused, for tests and the benchmark. */
export interface ReuseCounts {
  readonly statementsReused: number;
  readonly statementsParsed: number;
  readonly bindingsReused: number;
  readonly bindingsEvaluated: number;
  readonly imagesReused: number;
  readonly imagesChecked: number;
}

export class IncrementalAnalyzer {
  private previous: Round | undefined;
  private counts: ReuseCounts = { statementsReused: 0, statementsParsed: 0, bindingsReused: 0, bindingsEvaluated: 0, imagesReused: 0, imagesChecked: 0 };

  constructor(
    private readonly roots: readonly string[],
    private readonly options: AnalyzeOptions = DEFAULT_ANALYZE_OPTIONS,
  ) {}

  /** The analysis of the roots as `host` has them now. */
  analyze(host: HostFiles): Analysis {
    // Results made from files that changed since cannot be kept (a requirements file, `flyimg.toml`).
    const previous = this.previous?.files.stillHolds(host) ? this.previous : undefined;
    // A round uses the previous one up (relex moves its tokens): whatever happens, it is not used again.
    this.previous = undefined;
    try {
      return this.round(host, previous);
    } catch (error) {
      if (!(error instanceof StaleSpanError)) throw error;
      return this.round(host, undefined);
    }
  }

  /** Something other than the text of a file changed (files on disk, settings): the next analysis starts afresh. */
  forget(): void {
    this.previous = undefined;
  }

  get lastReuse(): ReuseCounts {
    return this.counts;
  }

  private round(host: HostFiles, previous: Round | undefined): Analysis {
    const texts = new Map<string, string>();
    const parsedFiles = new Map<string, Parsed>();
    const lexings = new Map<string, { readonly lexed: Lexed; readonly clean: boolean }>();
    const statements = new Map<string, Map<number, StatementEntry>>();
    const bindings = new Map<Ast.Binding, EvaluatedBinding>();
    const images = new Map<Ast.Binding, CheckedImage>();
    const counts = { statementsReused: 0, statementsParsed: 0, bindingsReused: 0, bindingsEvaluated: 0, imagesReused: 0, imagesChecked: 0 };
    /** The one file whose text changed (more than one: nothing is reused but unchanged files' parses). */
    let change: TextChange | undefined;
    let reuseValues = previous !== undefined;
    let remapper = new SpanRemapper({ file: '', start: 0, oldEnd: 0, newEnd: 0, delta: 0 });
    /** New statement → the statement of the previous round it was made from (same object for unchanged files). */
    const origin = new Map<Ast.Statement, Ast.Statement>();
    const unchangedFiles = new Set<string>();
    const clean = new Set<Ast.Binding>();

    const parse = (source: SourceFile): Parsed => {
      texts.set(source.path, source.text);
      const before = previous?.texts.get(source.path);
      const oldParse = previous?.parsed.get(source.path);
      if (before === source.text && oldParse) {
        unchangedFiles.add(source.path);
        parsedFiles.set(source.path, oldParse);
        const lexing = previous!.lexed.get(source.path);
        if (lexing) lexings.set(source.path, lexing);
        statements.set(source.path, new Map(previous!.statements.get(source.path)));
        return oldParse;
      }
      const mine = new Map<number, StatementEntry>();
      statements.set(source.path, mine);
      let old: ReadonlyMap<number, StatementEntry> | undefined;
      if (before !== undefined) {
        if (change === undefined) {
          change = textChange(source.path, before, source.text);
          remapper = new SpanRemapper(change);
          old = previous!.statements.get(source.path);
        } else {
          reuseValues = false;
        }
      }
      const edit = old ? change : undefined;
      const parseOne: StatementParser = (tokens, explained, synthetic, parseIt) => {
        const start = tokens[0]!.startOffset;
        const end = tokenEnd(tokens[tokens.length - 1]!);
        let inserted = 0;
        for (const t of tokens) if (synthetic.has(t)) inserted++;
        const oldStart = edit ? oldOffsetOf(edit, start, end) : undefined;
        const entry = oldStart === undefined ? undefined : old?.get(oldStart);
        let result: ParsedStatement;
        if (entry && entry.end - oldStart! === end - start && entry.tokens === tokens.length && entry.synthetic === inserted && entry.explained === explained) {
          // The very same objects: before the change nothing moved, after it the spans are moved in place (remap.ts).
          result = oldStart === start ? entry.result : remapper.remapStatement(entry.result);
          if (result.statement && entry.result.statement) origin.set(result.statement, entry.result.statement);
          counts.statementsReused++;
        } else {
          result = parseIt();
          counts.statementsParsed++;
        }
        mine.set(start, { end, tokens: tokens.length, synthetic: inserted, explained, result });
        return result;
      };
      const oldLexing = edit ? previous!.lexed.get(source.path) : undefined;
      const relexed = oldLexing?.clean ? relex(oldLexing.lexed, before!, source, edit!, remapper) : undefined;
      const lexed = relexed ?? lex(source);
      lexings.set(source.path, { lexed, clean: relexed !== undefined || isCleanLexing(lexed) });
      // parseSource lets each statement go once parsed; this lexing is kept for the next edit's relex.
      const parsed = parseSource(source, parseOne, { ...lexed, statements: [...lexed.statements] });
      parsedFiles.set(source.path, parsed);
      return parsed;
    };

    const originOf = <T extends Ast.Statement>(statement: T): T | undefined =>
      unchangedFiles.has(statement.span.file) ? statement : (origin.get(statement) as T | undefined);

    /**
     * A binding of the edited file that ends before the change: its value holds spans of it and of what it
     * refers to (earlier bindings, unchanged files), none of which moved.
     */
    const beforeChange = (binding: Ast.Binding) => change !== undefined && binding.span.file === change.file && binding.span.end < change.start;

    const sameReferent = (now: Referent | undefined, then: Referent | undefined): boolean => {
      if (now === undefined || then === undefined) return now === then;
      if (now.kind === 'builtin' || then.kind === 'builtin') return now.kind === 'builtin' && then.kind === 'builtin' && now.name === then.name;
      return now.file === then.file && clean.has(now.binding) && originOf(now.binding) === then.binding;
    };

    const reuse: AnalysisReuse = {
      parse,
      evaluation: {
        prior: (binding: Ast.Binding, _file: string, resolution: Resolution): EvaluatedBinding | undefined => {
          const before = reuseValues ? originOf(binding) : undefined;
          const result = before && previous!.bindings.get(before);
          if (!result || !sameNames(binding, before, resolution, previous!.analysis.resolution, sameReferent)) {
            counts.bindingsEvaluated++;
            return undefined;
          }
          clean.add(binding);
          counts.bindingsReused++;
          return before === binding && beforeChange(binding) ? result : remapper.remap(result);
        },
        record: (binding, _file, result) => void bindings.set(binding, result),
      },
      priorImage: (binding, ownedLayers) => {
        const before = clean.has(binding) ? originOf(binding) : undefined;
        const checked = before && previous!.images.get(before);
        if (!checked || checked.ownedLayers !== ownedLayers) {
          counts.imagesChecked++;
          return undefined;
        }
        counts.imagesReused++;
        return before === binding && beforeChange(binding) ? checked : remapper.remap(checked);
      },
      recordImage: (binding, checked) => void images.set(binding, checked),
    };

    const files = new HostRecording(previous?.files);
    const analysis = analyze(this.roots, files.wrap(host), this.options, reuse);
    this.previous = { analysis, texts, parsed: parsedFiles, lexed: lexings, statements, bindings, images, files };
    this.counts = counts;
    return analysis;
  }
}

/** Whether every name of a binding refers to the same thing as the same name in the binding it was made from. */
function sameNames(
  binding: Ast.Binding,
  before: Ast.Binding,
  resolution: Resolution,
  previous: Resolution,
  same: (now: Referent | undefined, then: Referent | undefined) => boolean,
): boolean {
  const now = namesIn(binding);
  const then = namesIn(before);
  if (now.length !== then.length) return false;
  return now.every((name, i) => same(resolution.referents.get(name), previous.referents.get(then[i]!)));
}
