import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from './common/config/config.js';
import { CoreModule } from './common/core.module.js';
import { DomainErrorFilter } from './common/errors/domain-error.filter.js';
import { createFormatError } from './common/errors/format-error.js';
import { InputValidationPipe } from './common/errors/validation.pipe.js';
import { ANONYMOUS, type GqlContext } from './common/graphql/context.js';
import { Loaders } from './common/graphql/loaders.js';
import { GraphModule } from './graph/graph.module.js';
import { MatchingModule } from './matching/matching.module.js';
import { HealthModule } from './health/health.module.js';
import { OrganizationsModule } from './organizations/organizations.module.js';
import { AuthGuard } from './identity/auth.guard.js';
import { IdentityModule } from './identity/identity.module.js';
import { ViewerService } from './identity/viewer.service.js';
import { StudentsModule } from './students/students.module.js';

/** What graphql-ws hands the context function for a subscription. */
interface WsContext {
  connectionParams?: Record<string, unknown>;
  extra?: { request?: unknown };
}

/** The API process: GraphQL at /graphql and GET /health on the shared modules. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const logger = new Logger('GraphQL');
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        IdentityModule,
        GraphModule,
        OrganizationsModule,
        StudentsModule,
        MatchingModule,
        HealthModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [IdentityModule],
          inject: [ViewerService, APP_CONFIG],
          useFactory: (viewers: ViewerService, cfg: AppConfig): ApolloDriverConfig => ({
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            // the offline IDE is ours (src/common/graphql/graphql-ide.ts); Apollo's pages load from CDNs
            playground: false,
            graphiql: false,
            introspection: cfg.env !== 'production' || cfg.graphqlIde,
            csrfPrevention: true,
            includeStacktraceInErrorResponses: false,
            formatError: createFormatError({
              exposeInternals: cfg.env !== 'production',
              onInternal: (err) => logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err)),
            }),
            // subscriptions speak graphql-ws on the same path; the token comes in the connection parameters
            subscriptions: { 'graphql-ws': { path: '/graphql' } },
            context: async (arg: { req: Request; res: Response } | WsContext): Promise<GqlContext> => {
              if ('req' in arg && arg.req) return { req: arg.req, res: arg.res, viewer: await viewers.fromRequest(arg.req), loaders: new Loaders() };
              const ws = arg as WsContext;
              const auth = ws.connectionParams?.authorization ?? ws.connectionParams?.Authorization;
              return {
                req: ws.extra?.request as Request,
                viewer: typeof auth === 'string' ? await viewers.fromAuthorization(auth) : ANONYMOUS,
                loaders: new Loaders(),
              };
            },
          }),
        }),
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useClass: InputValidationPipe },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
      ],
    };
  }
}
