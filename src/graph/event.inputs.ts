import { Field, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, Max, Min } from 'class-validator';
import { ParticipationMode, Platform } from './graph.enums.js';
import { MaxChars, Trim } from '../common/validation/index.js';

@InputType()
export class EventFilter {
  @Field(() => Platform, { nullable: true }) @IsOptional() @IsEnum(Platform) platform?: Platform;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'events starting at or after' }) @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'events starting before' }) @IsOptional() @Type(() => Date) @IsDate() to?: Date;
}

@InputType()
export class CreateEventInput {
  @Field(() => Platform) @IsEnum(Platform) platform: Platform;

  @Field() @Trim() @IsString() @IsNotEmpty({ message: 'タイトルを入力してください' }) @MaxChars(200, { message: 'タイトルは200文字までです' })
  title: string;

  @Field() @Trim() @IsString() @MaxChars(4000, { message: '説明は4000文字までです' })
  description: string;

  @Field(() => GraphQLISODateTime) @Type(() => Date) @IsDate() startsAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) @IsOptional() @Type(() => Date) @IsDate() endsAt?: Date;
  @Field(() => ParticipationMode) @IsEnum(ParticipationMode) mode: ParticipationMode;

  @Field({ nullable: true }) @Trim({ blank: 'undefined' }) @IsOptional() @IsString() @MaxChars(200, { message: '場所は200文字までです' })
  location?: string;

  @Field({ nullable: true })
  @Trim({ blank: 'undefined' })
  @IsOptional()
  @MaxChars(2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'onlineUrl は http(s) の URL にしてください' })
  onlineUrl?: string;

  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1, { message: '定員は1以上にしてください' }) @Max(100000, { message: '定員は100000以下にしてください' })
  capacity?: number;

  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'hostOrganizationId が正しくありません' })
  hostOrganizationId?: string;
}
