import type { NextFunction, Request, Response } from 'express';
import { Lexer, Source, TokenKind } from 'graphql';

interface BodyParserError extends Error {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

const MESSAGES: Record<string, string> = {
  'entity.too.large': 'リクエストが大きすぎます (request body too large)',
  'entity.parse.failed': 'リクエストの JSON を読めません (malformed JSON body)',
  'encoding.unsupported': 'この Content-Encoding は使えません (unsupported content encoding)',
  'charset.unsupported': 'この文字コードは使えません (unsupported charset)',
  'request.aborted': 'リクエストが途中で切れました (request aborted)',
  'request.size.invalid': 'リクエストの長さが Content-Length と合いません (request size did not match Content-Length)',
};

/**
 * Errors of the body parser (too large, malformed JSON, bad encoding) as a GraphQL response:
 * the parser's 4xx status, a contract code and no stack. Mounted right after the parser, so it
 * sees nothing else; other errors pass on.
 */
export function bodyParserErrorHandler(err: BodyParserError, _req: Request, res: Response, next: NextFunction): void {
  const status = err?.status ?? err?.statusCode;
  if (!err?.type || !status || status < 400 || status >= 500 || res.headersSent) return next(err);
  res.status(status).json({
    errors: [
      {
        message: MESSAGES[err.type] ?? 'リクエストを読めません (bad request)',
        extensions: { code: 'BAD_USER_INPUT', reason: err.type.toUpperCase().replace(/\./g, '_') },
      },
    ],
  });
}

/**
 * Brackets nested deeper than this are refused before Apollo parses: graphql-js parses
 * recursively, and a few thousand `[` or `{` within the token limit can exhaust the stack. Real
 * documents nest less than 20 (selections to QUERY_MAX_DEPTH plus input objects and lists); a
 * fixed safeguard under the policy limits, not one of them.
 */
export const MAX_NESTING = 64;

/** The deepest bracket nesting of a document, read with graphql-js's (iterative) lexer; stops early past `limit` or `maxTokens`. */
export function nestingDepth(source: string, limit: number, maxTokens = 0): number {
  const lexer = new Lexer(new Source(source));
  let depth = 0;
  let deepest = 0;
  try {
    for (let n = 0; !maxTokens || n <= maxTokens; n++) {
      const token = lexer.advance();
      if (token.kind === TokenKind.EOF) break;
      if (token.kind === TokenKind.BRACE_L || token.kind === TokenKind.BRACKET_L || token.kind === TokenKind.PAREN_L) {
        deepest = Math.max(deepest, ++depth);
        if (deepest > limit) break;
      } else if (token.kind === TokenKind.BRACE_R || token.kind === TokenKind.BRACKET_R || token.kind === TokenKind.PAREN_R) {
        depth--;
      }
    }
  } catch {
    // a lexical error: the parser reports it
  }
  return deepest;
}

/** A document's text longer than `maxBytes` (UTF-8; 0: no limit): refused before anything reads it. */
export const documentTooLarge = (query: string, maxBytes: number): boolean => maxBytes > 0 && (query.length > maxBytes || Buffer.byteLength(query, 'utf8') > maxBytes);

export const tooLargeMessage = (maxBytes: number) => `クエリの文書が大きすぎます (the query document is over ${maxBytes} bytes; send data as variables)`;

/**
 * Before Apollo parses a GraphQL document (a POST body's `query` or a GET query string): refuses
 * one over QUERY_MAX_BYTES (413; its variables do not count, rosters travel as variables) and one
 * nested deeper than MAX_NESTING (400), both BAD_USER_INPUT.
 */
export function documentGuard(limits: { maxTokens: number; maxQueryBytes: number }) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const body = req.body as { query?: unknown } | undefined;
    const query = req.method === 'POST' ? body?.query : req.method === 'GET' ? req.query?.query : undefined;
    if (typeof query === 'string' && documentTooLarge(query, limits.maxQueryBytes)) {
      res.status(413).json({ errors: [{ message: tooLargeMessage(limits.maxQueryBytes), extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_LARGE' } }] });
      return;
    }
    if (typeof query === 'string' && nestingDepth(query, MAX_NESTING, limits.maxTokens) > MAX_NESTING) {
      res.status(400).json({
        errors: [{ message: `クエリの入れ子が深すぎます (brackets nested deeper than ${MAX_NESTING})`, extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_NESTED' } }],
      });
      return;
    }
    next();
  };
}
