import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { APP_CONFIG, type AppConfig } from './common/config/config.js';
import { CommitteeModule } from './committee/committee.module.js';
import { CoreModule } from './common/core.module.js';
import { VIEWER_RESOLVER } from './common/graphql/context.js';
import { graphqlOptions } from './common/graphql/graphql-options.js';
import { DomainErrorFilter } from './common/errors/domain-error.filter.js';
import { InputValidationPipe } from './common/errors/validation.pipe.js';
import { HttpRateLimitGuard } from './common/security/http-rate-limit.guard.js';
import { RateLimiter } from './common/security/rate-limiter.service.js';
import { SecurityModule } from './common/security/security.module.js';
import { GraphModule } from './graph/graph.module.js';
import { MatchingModule } from './matching/matching.module.js';
import { HealthModule } from './health/health.module.js';
import { OrganizationsModule } from './organizations/organizations.module.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { PreparednessModule } from './preparedness/preparedness.module.js';
import { AuthGuard } from './identity/auth.guard.js';
import { IdentityModule } from './identity/identity.module.js';
import { StudentsModule } from './students/students.module.js';
import { TvModule } from './tv/tv.module.js';

/** The API process: GraphQL at /graphql and GET /health on the shared modules. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        IdentityModule,
        GraphModule,
        OrganizationsModule,
        StudentsModule,
        MatchingModule,
        PrivacyModule,
        CommitteeModule,
        TvModule,
        PreparednessModule,
        HealthModule,
        SecurityModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [IdentityModule],
          inject: [VIEWER_RESOLVER, APP_CONFIG, RateLimiter],
          useFactory: graphqlOptions,
        }),
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        // the rate budgets on the plain HTTP routes (files, feeds); GraphQL is charged in its Apollo plugin
        { provide: APP_GUARD, useClass: HttpRateLimitGuard },
        { provide: APP_PIPE, useClass: InputValidationPipe },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
      ],
    };
  }
}
