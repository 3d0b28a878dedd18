/**
 * The `.flyimg` grammar as a chevrotain CstParser: no actions, one rule per production, the production
 * as its doc comment. `toAst.ts` turns the concrete tree into the AST. One statement is parsed at a time
 * (the lexer's layout pass cut them), so a mistake never hides the statements after it.
 */
import type { CstNode, IParserErrorMessageProvider, IRecognitionException, IToken } from 'chevrotain';
import { chevrotain } from './chevrotain.js';
import {
  Colon,
  Comma,
  Dot,
  Equals,
  False,
  Identifier,
  Import,
  LBrace,
  LBracket,
  LParen,
  None,
  NumberLiteral,
  RBrace,
  RBracket,
  RParen,
  Slash,
  Star,
  StringLiteral,
  True,
  UnterminatedString,
  allTokens,
} from './tokens.js';

const { CstParser, tokenLabel } = chevrotain;

/** What each rule expects, in words; used when no single token was expected. */
const RULE_EXPECTS: Readonly<Record<string, string>> = {
  statement: 'a binding `name = ...` or an `import`',
  primary: 'an expression',
  expression: 'an expression',
  postfix: 'an expression',
  argument: 'an argument',
  arguments: 'an argument',
  trailer: '`.`, `(` or the end of the expression',
  stringLiteral: 'a string',
  items: 'an expression',
  entry: 'a dictionary entry `key: value`',
};

/** Error messages hold only what was expected; `toAst.ts` adds what was found and where. */
const expectedOnly: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => tokenLabel(expected),
  buildNotAllInputParsedMessage: () => 'the end of the statement (one binding per line)',
  buildNoViableAltMessage: ({ ruleName }) => RULE_EXPECTS[ruleName] ?? 'an expression',
  buildEarlyExitMessage: ({ ruleName }) => RULE_EXPECTS[ruleName] ?? 'an expression',
};

class FlyimgParser extends CstParser {
  /**
   * `validate`: chevrotain's checks of the grammar itself (ambiguous alternatives, left recursion, ...).
   * They cost a large part of start-up on every run and can only fail when this file changes, so the
   * compiler skips them and `validateGrammar` (run by test/syntax/grammarValid.test.ts) runs them.
   * Skipping them changes nothing else: the lookahead and recovery tables are computed either way.
   */
  constructor(validate: boolean) {
    super(allTokens as never, { recoveryEnabled: true, nodeLocationTracking: 'onlyOffset', maxLookahead: 3, errorMessageProvider: expectedOnly, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  /** statement : "import" STRING | expression ("=" expression)? */
  statement = this.RULE('statement', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Import);
          this.OR1([{ ALT: () => this.SUBRULE(this.stringLiteral) }, { ALT: () => this.SUBRULE(this.dottedName) }]);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.expression, { LABEL: 'target' });
          this.OPTION(() => {
            this.CONSUME(Equals);
            this.SUBRULE1(this.expression, { LABEL: 'value' });
          });
        },
      },
    ]);
  });

  /** dottedName : NAME ("." NAME)*   (only to recognise a pasted Python `import flyte`) */
  dottedName = this.RULE('dottedName', () => {
    this.CONSUME(Identifier);
    this.MANY(() => {
      this.CONSUME(Dot);
      this.CONSUME1(Identifier);
    });
  });

  /** expression : postfix ("/" postfix)* */
  expression = this.RULE('expression', () => {
    this.SUBRULE(this.postfix);
    this.MANY(() => {
      this.CONSUME(Slash);
      this.SUBRULE1(this.postfix);
    });
  });

  /** postfix : primary trailer* */
  postfix = this.RULE('postfix', () => {
    this.SUBRULE(this.primary);
    this.MANY(() => this.SUBRULE(this.trailer));
  });

  /** trailer : "." NAME | "(" arguments? ")" | "[" expression "]" */
  trailer = this.RULE('trailer', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Dot);
          this.CONSUME(Identifier);
        },
      },
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.OPTION(() => this.SUBRULE(this.arguments));
          this.CONSUME(RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(LBracket, { LABEL: 'subscript' });
          this.SUBRULE(this.expression);
          this.CONSUME(RBracket);
        },
      },
    ]);
  });

  /** arguments : argument ("," argument)* ","? */
  arguments = this.RULE('arguments', () => {
    this.SUBRULE(this.argument);
    this.MANY({
      GATE: () => this.LA(2).tokenType !== RParen,
      DEF: () => {
        this.CONSUME(Comma);
        this.SUBRULE1(this.argument);
      },
    });
    this.OPTION(() => this.CONSUME1(Comma));
  });

  /** argument : NAME "=" expression | ("*" | "**")? expression */
  argument = this.RULE('argument', () => {
    this.OR([
      {
        GATE: () => this.LA(2).tokenType === Equals,
        ALT: () => {
          this.CONSUME(Identifier, { LABEL: 'keyword' });
          this.CONSUME(Equals);
          this.SUBRULE(this.expression);
        },
      },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(Star));
          this.SUBRULE1(this.expression);
        },
      },
    ]);
  });

  /** primary : NAME | STRING+ | NUMBER | "True" | "False" | "None" | parenthesized | list | dict */
  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(Identifier) },
      { ALT: () => this.SUBRULE(this.stringLiteral) },
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.CONSUME(True) },
      { ALT: () => this.CONSUME(False) },
      { ALT: () => this.CONSUME(None) },
      { ALT: () => this.SUBRULE(this.parenthesized) },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.dict) },
    ]);
  });

  /** stringLiteral : STRING+   (adjacent literals are concatenated, as in Python) */
  stringLiteral = this.RULE('stringLiteral', () => {
    this.AT_LEAST_ONE(() => {
      this.OR([{ ALT: () => this.CONSUME(StringLiteral) }, { ALT: () => this.CONSUME(UnterminatedString) }]);
    });
  });

  /** parenthesized : "(" (expression ("," expression)* ","?)? ")"   (a tuple when empty or with a comma) */
  parenthesized = this.RULE('parenthesized', () => {
    this.CONSUME(LParen);
    this.OPTION(() => this.SUBRULE(this.items));
    this.CONSUME(RParen);
  });

  /** list : "[" (expression ("," expression)* ","?)? "]" */
  list = this.RULE('list', () => {
    this.CONSUME(LBracket);
    this.OPTION(() => this.SUBRULE(this.items));
    this.CONSUME(RBracket);
  });

  /** items : expression ("," expression)* ","? */
  items = this.RULE('items', () => {
    this.SUBRULE(this.expression);
    this.MANY({
      GATE: () => !isClosing(this.LA(2)),
      DEF: () => {
        this.CONSUME(Comma);
        this.SUBRULE1(this.expression);
      },
    });
    this.OPTION(() => this.CONSUME1(Comma, { LABEL: 'trailingComma' }));
  });

  /** dict : "{" (entry ("," entry)* ","?)? "}" */
  dict = this.RULE('dict', () => {
    this.CONSUME(LBrace);
    this.OPTION(() => {
      this.SUBRULE(this.entry);
      this.MANY({
        GATE: () => this.LA(2).tokenType !== RBrace,
        DEF: () => {
          this.CONSUME(Comma);
          this.SUBRULE1(this.entry);
        },
      });
      this.OPTION1(() => this.CONSUME1(Comma));
    });
    this.CONSUME(RBrace);
  });

  /** entry : expression ":" expression */
  entry = this.RULE('entry', () => {
    this.SUBRULE(this.expression, { LABEL: 'key' });
    this.CONSUME(Colon);
    this.SUBRULE1(this.expression, { LABEL: 'value' });
  });
}

function isClosing(token: IToken): boolean {
  return token.tokenType === RParen || token.tokenType === RBracket || token.tokenType === RBrace;
}

/**
 * Built on first use: a statement without a mistake is parsed by directParser.ts, so a file without syntax
 * errors never pays for chevrotain's analysis of the grammar (a large part of start-up, issue 14).
 */
let parser: FlyimgParser | undefined;

/** Builds the parser with chevrotain's grammar checks on: throws on a grammar mistake (for the tests). */
export function validateGrammar(): void {
  new FlyimgParser(true);
}

export interface ParsedStatement {
  readonly cst: CstNode;
  readonly errors: readonly IRecognitionException[];
}

/** Parses one statement's tokens (no line breaks in them; the layout pass removed those). */
export function parseStatement(tokens: readonly IToken[]): ParsedStatement {
  // The lexer tracks start offsets only (see lexer.ts); the concrete tree's node locations need the ends.
  for (const token of tokens as IToken[]) token.endOffset ??= token.startOffset + token.image.length - 1;
  parser ??= new FlyimgParser(false);
  parser.input = tokens as IToken[];
  const cst = parser.statement();
  return { cst, errors: [...parser.errors] };
}
