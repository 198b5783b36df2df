import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, Max, Min } from 'class-validator';
import { MAX_PAGE, PageArgs } from '../common/graphql/pagination.js';
import { Platform } from '../graph/graph.enums.js';
import { MaxChars, Trim } from '../common/validation/index.js';

@InputType()
export class CreateProgramInput {
  @Field() @Trim() @IsString() @IsNotEmpty({ message: 'タイトルを入力してください' }) @MaxChars(200, { message: 'タイトルは200文字までです' })
  title: string;

  @Field() @Trim() @IsString() @MaxChars(4000, { message: '説明は4000文字までです' })
  description: string;
}

@ArgsType()
export class ProgramsArgs {
  @Field(() => Int, { nullable: true, description: `at most ${MAX_PAGE} (default ${MAX_PAGE}), newest first` })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'first は1以上にしてください' })
  @Max(MAX_PAGE, { message: `first は${MAX_PAGE}以下にしてください` })
  first?: number;
}

@ArgsType()
export class SetReplayArgs {
  @Field(() => ID) @IsUUID('all', { message: 'eventId が正しくありません' }) eventId: string;

  @Field()
  @Trim()
  @IsString()
  @MaxChars(2000, { message: 'replayUrl は2000文字までです' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'replayUrl は http(s) の URL にしてください' })
  replayUrl: string;
}

@ArgsType()
export class FeatureArgs {
  @Field(() => ID) @IsUUID('all', { message: 'episodeId が正しくありません' }) episodeId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'eventId が正しくありません' }) eventId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'jointActionId が正しくありません' }) jointActionId?: string;
}

@ArgsType()
export class PostCommentArgs {
  @Field(() => ID) @IsUUID('all', { message: 'eventId が正しくありません' }) eventId: string;

  @Field() @Trim() @IsString() @IsNotEmpty({ message: 'コメントを入力してください' }) @MaxChars(1000, { message: 'コメントは1000文字までです' })
  text: string;

  @Field(() => Int, { nullable: true, description: 'seconds into the replay' })
  @IsOptional()
  @IsInt({ message: 'atSecond は整数にしてください' })
  @Min(0, { message: 'atSecond は0以上にしてください' })
  @Max(86400, { message: 'atSecond は86400 (24時間) 以下にしてください' })
  atSecond?: number;
}

@ArgsType()
export class ActivityFeedArgs extends PageArgs {
  @Field(() => Platform, { nullable: true }) @IsOptional() @IsEnum(Platform) platform?: Platform;
}

@ArgsType()
export class ParticipationArgs {
  @Field(() => Platform, { nullable: true, description: 'all four when absent' }) @IsOptional() @IsEnum(Platform) platform?: Platform;
  @Field(() => GraphQLISODateTime, { description: 'events starting at or after' }) @Type(() => Date) @IsDate() from: Date;
  @Field(() => GraphQLISODateTime, { description: 'events starting before; at most 5 years after from' }) @Type(() => Date) @IsDate() to: Date;
}
