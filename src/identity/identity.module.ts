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
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret, signOptions: { issuer: 'chifuku-neo' }, verifyOptions: { issuer: 'chifuku-neo' } }),
    }),
  ],
  providers: [AuthService, TokensService, ViewerService, SchoolService, UserService, IdentityResolver],
  exports: [AuthService, TokensService, ViewerService, UserService],
})
export class IdentityModule {}
