import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, Validate, ValidateIf, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { isTrustedProxyEntry, parseTrustedProxies } from '../security/client-ip.js';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase()) ? true : ['0', 'false', 'no', 'off'].includes(String(value).toLowerCase()) ? false : value;

/** 32 bytes written in base64 (standard or URL-safe alphabet, padding optional): an AES-256 key. */
export const isAes256KeyBase64 = (value: unknown): boolean =>
  typeof value === 'string' && /^[A-Za-z0-9+/_-]{43}=?$/.test(value) && Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64').length === 32;

@ValidatorConstraint({ name: 'aes256KeyBase64' })
class Aes256KeyConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isAes256KeyBase64(value);
  }
  defaultMessage(args?: { property: string; value?: unknown }): string {
    const name = args?.property ?? 'CONTACT_CARD_KEY';
    // only CONTACT_CARD_KEY is validated when absent: in production
    if (args?.value === undefined) return `${name} is required when NODE_ENV=production (32 bytes in base64: openssl rand -base64 32)`;
    return `${name} must be 32 bytes in base64 (e.g. openssl rand -base64 32)`;
  }
}

@ValidatorConstraint({ name: 'trustedProxies' })
class TrustedProxiesConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && parseTrustedProxies(value).every(isTrustedProxyEntry);
  }
  defaultMessage(): string {
    return 'TRUSTED_PROXIES must be comma-separated IP addresses or CIDR ranges (e.g. 10.0.0.0/8,192.168.1.10)';
  }
}

/** The environment as read, before defaults: every variable the service understands. */
export class EnvDto {
  @IsOptional() @Transform(trimmed) @IsIn(['development', 'production', 'test'])
  NODE_ENV?: 'development' | 'production' | 'test';

  @IsOptional() @Transform(trimmed) @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional() @Transform(trimmed) @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional() @Transform(trimmed) @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'QUEUE_PREFIX must be 1-40 letters, digits, _ or -' })
  QUEUE_PREFIX?: string;

  @IsOptional() @Transform(toInt) @IsInt({ message: 'PORT must be an integer' }) @Min(0) @Max(65535)
  PORT?: number;

  @ValidateIf((env: EnvDto) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @Transform(trimmed)
  @IsString({ message: 'JWT_SECRET is required when NODE_ENV=production' })
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional() @Transform(trimmed) @Matches(/^\d+[smhd]$/, { message: 'JWT_EXPIRES_IN must look like 30m, 12h or 7d' })
  JWT_EXPIRES_IN?: string;

  @ValidateIf((env: EnvDto) => env.BOOTSTRAP_COORDINATOR_PASSWORD !== undefined || env.BOOTSTRAP_COORDINATOR_EMAIL !== undefined)
  @Transform(trimmed)
  @IsEmail({}, { message: 'BOOTSTRAP_COORDINATOR_EMAIL must be an email address (set it together with BOOTSTRAP_COORDINATOR_PASSWORD)' })
  BOOTSTRAP_COORDINATOR_EMAIL?: string;

  @ValidateIf((env: EnvDto) => env.BOOTSTRAP_COORDINATOR_EMAIL !== undefined || env.BOOTSTRAP_COORDINATOR_PASSWORD !== undefined)
  @Transform(({ value }) => (value === '' ? undefined : value))
  @IsString({ message: 'BOOTSTRAP_COORDINATOR_PASSWORD is required with BOOTSTRAP_COORDINATOR_EMAIL' })
  @MinLength(10, { message: 'BOOTSTRAP_COORDINATOR_PASSWORD must be at least 10 characters' })
  BOOTSTRAP_COORDINATOR_PASSWORD?: string;

  @IsOptional() @Transform(trimmed) @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional() @Transform(toBool) @IsIn([true, false], { message: 'GRAPHQL_IDE must be true or false' })
  GRAPHQL_IDE?: boolean;

  @IsOptional() @Transform(toInt) @IsInt({ message: 'GRAPHQL_COMPILE_AFTER must be an integer (executions of a query before it runs compiled; 0 never compiles)' }) @Min(0) @Max(1_000_000)
  GRAPHQL_COMPILE_AFTER?: number;

  @IsOptional() @Transform(toInt) @IsInt({ message: 'MATCHING_DEBOUNCE_MS must be an integer (milliseconds; -1 turns automatic runs off)' }) @Min(-1) @Max(86_400_000)
  MATCHING_DEBOUNCE_MS?: number;

  @IsOptional() @Transform(toInt) @IsInt({ message: 'JOB_LOCK_MS must be an integer (milliseconds)' }) @Min(1000) @Max(600_000)
  JOB_LOCK_MS?: number;

  @IsOptional() @Transform(toInt) @IsInt({ message: 'OUTBOX_ACK_TIMEOUT_MS must be an integer (milliseconds)' }) @Min(1000) @Max(86_400_000)
  OUTBOX_ACK_TIMEOUT_MS?: number;

  @IsOptional() @Transform(toBool) @IsIn([true, false], { message: 'RUN_MIGRATIONS must be true or false' })
  RUN_MIGRATIONS?: boolean;

  // query limits and rate limits (src/common/security): 0 turns a limit off
  @IsOptional() @Transform(toInt) @IsInt({ message: 'BODY_LIMIT_MB must be an integer (megabytes)' }) @Min(1) @Max(256)
  BODY_LIMIT_MB?: number;

  @IsOptional() @Transform(toInt) @IsInt({ message: 'QUERY_MAX_DEPTH must be an integer (0: no limit)' }) @Min(0) @Max(1000)
  QUERY_MAX_DEPTH?: number;

  @IsOptional() @Transform(toInt) @IsInt({ message: 'QUERY_MAX_ALIASES must be an integer (0: no limit)' }) @Min(0) @Max(100_000)
  QUERY_MAX_ALIASES?: number;

  @IsOptional() @Transform(toInt) @IsInt({ message: 'QUERY_MAX_DIRECTIVES must be an integer (0: no limit)' }) @Min(0) @Max(100_000)
  QUERY_MAX_DIRECTIVES?: number;

  @IsOptional() @Transform(toInt) @IsInt({ message: 'QUERY_MAX_TOKENS must be an integer (0: no limit)' }) @Min(0) @Max(10_000_000)
  QUERY_MAX_TOKENS?: number;

  @IsOptional() @Transform(toInt) @IsInt({ message: 'QUERY_MAX_BYTES must be an integer (bytes; 0: no limit)' }) @Min(0) @Max(16_777_216)
  QUERY_MAX_BYTES?: number;

  @IsOptional() @Transform(toInt) @IsInt({ message: 'QUERY_MAX_COST must be an integer (0: no limit)' }) @Min(0) @Max(1_000_000_000)
  QUERY_MAX_COST?: number;

  @IsOptional() @Transform(toInt) @IsInt({ message: 'RATE_LIMIT_USER_PER_MINUTE must be an integer (points; 0: no limit)' }) @Min(0) @Max(1_000_000_000)
  RATE_LIMIT_USER_PER_MINUTE?: number;

  @IsOptional() @Transform(toInt) @IsInt({ message: 'RATE_LIMIT_IP_PER_MINUTE must be an integer (points; 0: no limit)' }) @Min(0) @Max(1_000_000_000)
  RATE_LIMIT_IP_PER_MINUTE?: number;

  @IsOptional() @Transform(toInt) @IsInt({ message: 'LOGIN_MAX_FAILURES must be an integer (0: no limit)' }) @Min(0) @Max(1_000_000)
  LOGIN_MAX_FAILURES?: number;

  @IsOptional() @Transform(toInt) @IsInt({ message: 'LOGIN_WINDOW_SECONDS must be an integer (seconds)' }) @Min(1) @Max(86_400)
  LOGIN_WINDOW_SECONDS?: number;

  @IsOptional() @Transform(trimmed)
  @Validate(TrustedProxiesConstraint)
  TRUSTED_PROXIES?: string;

  // the key of contact cards at rest (みんなのもしも): required in production, where a random key would lose every card at restart
  @ValidateIf((env: EnvDto) => env.NODE_ENV === 'production' || env.CONTACT_CARD_KEY !== undefined)
  @Transform(trimmed)
  @Validate(Aes256KeyConstraint)
  CONTACT_CARD_KEY?: string;

  // during a key rotation: the key being replaced, still read (never written) until `npm run contact-cards:rekey` has run
  @IsOptional() @Transform(trimmed)
  @Validate(Aes256KeyConstraint)
  CONTACT_CARD_PREVIOUS_KEY?: string;
}
