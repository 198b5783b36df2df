import { Global, Module } from '@nestjs/common';
import { RateLimiter } from './rate-limiter.service.js';

/** Rate limits for the API process (the GraphQL limits are wired in graphql-options.ts). */
@Global()
@Module({
  providers: [RateLimiter],
  exports: [RateLimiter],
})
export class SecurityModule {}
