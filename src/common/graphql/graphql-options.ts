import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import { Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import type { AppConfig } from '../config/config.js';
import { createFormatError } from '../errors/format-error.js';
import { limitParseOptions, limitRules, limitsPlugin, wsOnSubscribe, type SchemaRef } from '../security/graphql-limits.js';
import type { RateLimiter } from '../security/rate-limiter.service.js';
import { ANONYMOUS, type GqlContext, type ViewerResolver } from './context.js';
import { CompiledExecutor } from './compiled-executor.js';
import { withUuidIds } from './id-scalar.js';
import { Loaders } from './loaders.js';

/** What graphql-ws hands the context function for a subscription. */
interface WsContext {
  connectionParams?: Record<string, unknown>;
  extra?: { request?: unknown };
}

/**
 * What Apollo's default cache-control plugin answered for every response of this schema (it has
 * no @cacheControl hints, so nothing is ever cacheable): `cache-control: no-store`. That plugin
 * also makes Apollo wrap every field resolver of the schema to collect hints (a `willResolveField`
 * call and a policy object per resolved field: some 3,000 on a coordinator's page of proposals,
 * bench/RESULTS.md "bench:api"), so it is disabled and its one visible effect kept here. A header
 * set by someone else is left alone.
 */
const noStorePlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

/** Apollo on /graphql (queries and mutations over HTTP, subscriptions over graphql-ws on the same path). */
export function graphqlOptions(viewers: ViewerResolver, cfg: AppConfig, limiter: RateLimiter): ApolloDriverConfig {
  const logger = new Logger('GraphQL');
  const formatError = createFormatError({
    exposeInternals: cfg.env !== 'production',
    onInternal: (err) => logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err)),
  });
  // graphql-ws executes outside Apollo: its results get the same error formatting here
  const formatResult = (result: ExecutionResult): ExecutionResult =>
    result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e) as GraphQLError) } : result;

  const introspection = cfg.env !== 'production' || cfg.graphqlIde;
  const schemaRef: SchemaRef = {};
  // queries run compiled once seen a few times (compiled-executor.ts); the schema is Nest's, as transformed
  let served: GraphQLSchema | undefined;
  const executor = new CompiledExecutor({ schema: () => served!, compileAfter: cfg.graphqlCompileAfter });

  return {
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    // the offline IDE is ours (graphql-ide.ts); Apollo's pages load from CDNs
    playground: false,
    graphiql: false,
    introspection,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    formatError,
    // hostile documents (src/common/security; limits in config.ts): one operation per request, a
    // bounded document, depth, aliases, directives and cost, rate budgets, and no name suggestions
    allowBatchedHttpRequests: false,
    hideSchemaDetailsFromClientErrors: true,
    parseOptions: limitParseOptions(cfg.limits),
    // every ID argument and input field is a UUID, checked while the request is read (id-scalar.ts)
    transformSchema: (schema) => (served = withUuidIds(schema)),
    // Nest's ApolloDriverConfig leaves it out of its type; ApolloDriver hands every option to ApolloServer
    ...({ gateway: executor.gateway() } as object),
    validationRules: limitRules(cfg.limits),
    plugins: [limitsPlugin(limiter, cfg.limits, schemaRef), ApolloServerPluginCacheControlDisabled(), noStorePlugin],
    // limitsPlugin keeps execution errors at 200 itself, all but a rate limit's 429
    preserveHttpStatusForExecutionErrors: false,
    subscriptions: {
      'graphql-ws': {
        path: '/graphql',
        // the same document limits as over HTTP (rate budgets are per HTTP request only)
        onSubscribe: wsOnSubscribe(cfg.limits, introspection, schemaRef) as never,
        onNext: (_ctx: unknown, _id: unknown, _payload: unknown, _args: unknown, result: ExecutionResult) => formatResult(result),
      },
    },
    context: async (arg: { req: Request; res: Response } | WsContext): Promise<GqlContext> => {
      if ('req' in arg && arg.req) return { req: arg.req, res: arg.res, viewer: await viewers.fromRequest(arg.req), loaders: new Loaders() };
      // a subscription: the token comes in the connection parameters
      const ws = arg as WsContext;
      const auth = ws.connectionParams?.authorization ?? ws.connectionParams?.Authorization;
      return {
        req: ws.extra?.request as Request,
        viewer: typeof auth === 'string' ? await viewers.fromAuthorization(auth) : ANONYMOUS,
        loaders: new Loaders(),
      };
    },
  };
}
