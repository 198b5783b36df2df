import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  Equals,
  IsArray,
  IsBoolean,
  IsDate,
  IsEnum,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  IsInt,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageArgs } from '../common/graphql/pagination.js';
import { ParticipationMode } from '../graph/graph.enums.js';
import { ProposalStatus } from '../matching/matching.enums.js';
import { TimeSlot } from '../lib/slots/slots.js';
import { DEFAULT_HELPERS_WANTED, MAX_HELPERS_WANTED, PreparednessTopic, SupportKind } from './preparedness.enums.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFKC').trim() : value);

@InputType()
export class CreateScenarioInput {
  @Field(() => PreparednessTopic) @IsEnum(PreparednessTopic) topic: PreparednessTopic;

  @Field() @Transform(trim) @IsString() @IsNotEmpty({ message: 'タイトルを入力してください' }) @MaxLength(200, { message: 'タイトルは200文字までです' })
  title: string;

  @Field() @Transform(trim) @IsString() @IsNotEmpty({ message: '問いかけを入力してください' }) @MaxLength(4000, { message: '問いかけは4000文字までです' })
  prompt: string;

  @Field(() => [ID], { nullable: true, description: 'dialogue sessions: events on platform PREPAREDNESS' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20, { message: 'セッションは20件までです' })
  @ArrayUnique({ message: '同じイベントが重複しています' })
  @IsUUID('all', { each: true, message: 'sessionEventIds が正しくありません' })
  sessionEventIds?: string[];
}


@InputType()
export class ScenarioResponseInput {
  @Field() @Transform(trim) @IsString() @IsNotEmpty({ message: '回答を入力してください' }) @MaxLength(2000, { message: '回答は2000文字までです' })
  text: string;

  @Field(() => [SupportKind]) @IsArray() @ArrayMaxSize(8) @ArrayUnique({ message: '同じ種類が重複しています' }) @IsEnum(SupportKind, { each: true })
  needs: SupportKind[];

  @Field(() => [SupportKind]) @IsArray() @ArrayMaxSize(8) @ArrayUnique({ message: '同じ種類が重複しています' }) @IsEnum(SupportKind, { each: true })
  canHelpWith: SupportKind[];

  @Field({ nullable: true }) @IsOptional() @IsBoolean() anonymous?: boolean;
}

/** What a helper offers and what a need asks for: kinds of help, an area and time slots. */
@InputType({ isAbstract: true })
abstract class SupportScopeInput {
  @Field(() => [SupportKind])
  @IsArray()
  @ArrayMinSize(1, { message: '支援の種類を1つ以上選んでください' })
  @ArrayMaxSize(8)
  @ArrayUnique({ message: '同じ種類が重複しています' })
  @IsEnum(SupportKind, { each: true })
  kinds: SupportKind[];

  @Field() @Transform(trim) @IsString() @IsNotEmpty({ message: '地区を入力してください' }) @MaxLength(100, { message: '地区は100文字までです' })
  area: string;

  @Field(() => [TimeSlot])
  @IsArray()
  @ArrayMinSize(1, { message: '時間帯を1つ以上選んでください' })
  @ArrayMaxSize(6)
  @ArrayUnique({ message: '同じ時間帯が重複しています' })
  @IsEnum(TimeSlot, { each: true })
  slots: TimeSlot[];
}

@InputType()
export class PledgeSupportInput extends SupportScopeInput {}

/** A pseudonym: letters, digits, spaces and a few marks; what looks like a name is the coordinator's duty to avoid. */
export const LABEL_PATTERN = /^[\p{L}\p{N} _\-#・ー()（）]{1,60}$/u;

@InputType()
export class RegisterSupportNeedInput extends SupportScopeInput {
  @Field({ description: "a pseudonym, never the person's name" })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'ラベル（仮名）を入力してください' })
  @MaxLength(60, { message: 'ラベルは60文字までです' })
  @Matches(LABEL_PATTERN, { message: 'ラベルに使えない文字があります' })
  label: string;

  @Field({ description: 'the person agreed to be matched with helpers' })
  @IsBoolean()
  @Equals(true, { message: '本人の同意がない方は登録できません (consent required)' })
  consent: boolean;

  @Field(() => Int, { nullable: true, description: `how many approved helpers this person should have (1 to ${MAX_HELPERS_WANTED}; ${DEFAULT_HELPERS_WANTED} unless set)` })
  @IsOptional()
  @IsInt({ message: 'helpersWanted は整数にしてください' })
  @Min(1, { message: 'helpersWanted は1以上にしてください' })
  @Max(MAX_HELPERS_WANTED, { message: `helpersWanted は${MAX_HELPERS_WANTED}以下にしてください` })
  helpersWanted?: number;
}

@ArgsType()
export class ScenariosArgs {
  @Field(() => PreparednessTopic, { nullable: true }) @IsOptional() @IsEnum(PreparednessTopic) topic?: PreparednessTopic;
}

@ArgsType()
export class ResponsesArgs extends PageArgs {}

@ArgsType()
export class SetPlanItemArgs {
  @Field() @IsString() @MaxLength(40) key: string;
  @Field() @IsBoolean() done: boolean;
}

@ArgsType()
export class PairingsArgs {
  @Field(() => ProposalStatus, { nullable: true }) @IsOptional() @IsEnum(ProposalStatus) status?: ProposalStatus;
}

@ArgsType()
export class RejectPairingArgs {
  @Field(() => ID) @IsUUID('all', { message: 'id が正しくありません' }) id: string;
  @Field() @Transform(trim) @IsString() @IsNotEmpty({ message: '理由を入力してください' }) @MaxLength(2000, { message: '理由は2000文字までです' })
  reason: string;
}

@ArgsType()
export class ImportNeedsArgs {
  @Field({ description: 'the CSV the city exports from its 避難行動要支援者名簿 (UTF-8, header line first)' })
  @IsString()
  @MaxLength(2_000_000, { message: 'CSV は 2,000,000 文字までです' })
  csv: string;
}

@InputType()
export class ScheduleDrillInput {
  @Field(() => ID) @IsUUID('all', { message: 'pairingId が正しくありません' }) pairingId: string;
  @Field(() => ID, { nullable: true, description: 'the scenario the drill rehearses: responses after it feed its aggregates' })
  @IsOptional()
  @IsUUID('all', { message: 'scenarioId が正しくありません' })
  scenarioId?: string;
  @Field() @Transform(trim) @IsString() @IsNotEmpty({ message: 'タイトルを入力してください' }) @MaxLength(200, { message: 'タイトルは200文字までです' })
  title: string;
  @Field(() => GraphQLISODateTime) @Type(() => Date) @IsDate() startsAt: Date;
  @Field(() => ParticipationMode, { nullable: true }) @IsOptional() @IsEnum(ParticipationMode) mode?: ParticipationMode;
}
