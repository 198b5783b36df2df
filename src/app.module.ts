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
import type { GqlContext } from './common/graphql/context.js';
import { Loaders } from './common/graphql/loaders.js';
import { GraphModule } from './graph/graph.module.js';
import { HealthModule } from './health/health.module.js';
import { AuthGuard } from './identity/auth.guard.js';
import { IdentityModule } from './identity/identity.module.js';
import { ViewerService } from './identity/viewer.service.js';

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
            context: async ({ req, res }: { req: Request; res: Response }): Promise<GqlContext> => ({
              req,
              res,
              viewer: await viewers.fromRequest(req),
              loaders: new Loaders(),
            }),
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
