import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../common/config/config.js';
import { VIEWER_RESOLVER } from '../common/graphql/context.js';
import { AuditWriterModule } from '../common/audit/audit-writer.module.js';
import { AccountService } from './account.service.js';
import { AuthService } from './auth.service.js';
import { IdentityResolver } from './identity.resolver.js';
import { SchoolEntity } from './school.entity.js';
import { SchoolService } from './school.service.js';
import { TokensService } from './tokens.service.js';
import { UserEntity } from './user.entity.js';
import { UserService } from './user.service.js';
import { ViewerService } from './viewer.service.js';

@Module({
  imports: [
    AuditWriterModule,
    TypeOrmModule.forFeature([UserEntity, SchoolEntity]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        // the secret as a KeyObject, made once: given the string, jsonwebtoken tries it as a public
        // key on every verify (a thrown and caught error) and then builds the secret key again,
        // about 2 % of a page's CPU (bench:api); the key material is the same UTF-8 bytes
        const key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
        return { secretOrKeyProvider: () => key, signOptions: { issuer: 'chifuku-neo' }, verifyOptions: { issuer: 'chifuku-neo' } };
      },
    }),
  ],
  providers: [
    AccountService,
    AuthService,
    TokensService,
    ViewerService,
    // common's GraphQL context and HTTP rate limit know viewers only through this token
    { provide: VIEWER_RESOLVER, useExisting: ViewerService },
    SchoolService,
    UserService,
    IdentityResolver,
  ],
  exports: [AccountService, AuthService, TokensService, ViewerService, VIEWER_RESOLVER, UserService],
})
export class IdentityModule {}
