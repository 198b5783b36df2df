import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type LoggerService } from '@nestjs/common';
import type { Logger as Pino } from 'pino';
import { pinoHttp, type HttpLogger, type Options } from 'pino-http';
import { APP_CONFIG, type AppConfig } from './config/config.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Structured JSON logs with a request id (the caller's x-request-id when it is sane, else a new
 * one, echoed back). Only method, path and status are logged: never headers, query strings or
 * bodies, which carry tokens, API keys, passwords and students' texts.
 */
export function httpLoggerOptions(config: Pick<AppConfig, 'logLevel'>): Options {
  return {
    level: config.logLevel,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    redact: { paths: ['req.headers', 'res.headers', '*.authorization', '*.password', '*.apiKey', '*.token'], censor: '[redacted]' },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    autoLogging: { ignore: (req) => req.url === '/health' },
    formatters: { level: (label: string) => ({ level: label }) },
  };
}

/**
 * One pino-http instance per process, and with it the one pino logger everything writes through:
 * `npm start` runs the API and the worker in one process, and two loggers on one stdout would
 * interleave their lines. The first caller's level holds.
 */
let httpLogger: HttpLogger | undefined;
function processHttpLogger(config: Pick<AppConfig, 'logLevel'>): HttpLogger {
  return (httpLogger ??= pinoHttp(httpLoggerOptions(config)));
}

/** The request's child logger (it carries `req.id`) while a request is handled. */
const requestLogger = new AsyncLocalStorage<Pino>();

/** Express middleware: logs each response and makes the request's logger the one Nest's Logger uses meanwhile. */
export function requestLogging(config: Pick<AppConfig, 'logLevel'>) {
  const http = processHttpLogger(config);
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    http(req, res);
    requestLogger.run((req as IncomingMessage & { log: Pino }).log, next);
  };
}

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * Nest's logger (`app.useLogger`), writing JSON lines through pino: `Logger` of @nestjs/common
 * anywhere in the app ends up here, with its context as `context` and an Error as `err`. Written
 * here (a few lines) rather than taken from nestjs-pino, whose current versions want Node 22.
 */
@Injectable()
export class AppLogger implements LoggerService {
  private readonly root: Pino;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.root = processHttpLogger(config).logger;
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest passes the context (the class name) last; an exception handler passes (message, stack, context). */
  private write(level: Level, message: unknown, params: unknown[]): void {
    const logger = requestLogger.getStore() ?? this.root;
    const fields: Record<string, unknown> = {};
    let rest = params;
    if (params.length) {
      fields.context = params[params.length - 1];
      rest = params.slice(0, -1);
    }
    if (message instanceof Error) {
      fields.err = message;
      logger[level](fields, message.message, ...rest);
    } else if (message !== null && typeof message === 'object') {
      logger[level]({ ...fields, ...message }, ...(rest as []));
    } else if (level === 'error' && typeof message === 'string' && rest.length === 1 && typeof rest[0] === 'string' && /\n\s*at /.test(rest[0])) {
      const err = new Error(message);
      err.stack = rest[0];
      logger.error({ ...fields, err });
    } else {
      logger[level](fields, String(message), ...rest);
    }
  }
}
