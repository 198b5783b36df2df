import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../common/config/config.js';
import { AuditModule } from '../privacy/audit.module.js';
import { AuthService } from './auth.service.js';
import { IdentityResolver } from './identity.resolver.js';
import { SchoolService } from './school.service.js';
import { TokensService } from './tokens.service.js';
import { UserService } from './user.service.js';
import { ViewerService } from './viewer.service.js';

@Module({
  imports: [
    AuditModule,
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
  providers: [AuthService, TokensService, ViewerService, SchoolService, UserService, IdentityResolver],
  exports: [AuthService, TokensService, ViewerService, UserService],
})
export class IdentityModule {}
