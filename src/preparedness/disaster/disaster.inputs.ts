import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDate,
  IsEnum,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageArgs } from '../../common/graphql/pagination.js';
import { PreparednessTopic } from '../preparedness.enums.js';
import { SafetyStatus } from './disaster.models.js';
import { MaxChars, Trim } from '../../common/validation/index.js';

/** A disaster's areas, as needs and pledges name them (compared without spaces, NFKC, case-folded). */
export const MAX_DISASTER_AREAS = 50;
/** How far ahead a disaster may end when declared: contact cards never stay open longer. */
export const MAX_DISASTER_DAYS = 14;

@InputType()
export class DeclareDisasterInput {
  @Field(() => PreparednessTopic) @IsEnum(PreparednessTopic) topic: PreparednessTopic;

  @Field() @Trim({ nfkc: true }) @IsString() @IsNotEmpty({ message: 'タイトルを入力してください' }) @MaxChars(200, { message: 'タイトルは200文字までです' })
  title: string;

  @Field(() => [String])
  @Trim({ nfkc: true, each: true })
  @IsArray()
  @ArrayMinSize(1, { message: '地区を1つ以上入力してください' })
  @ArrayMaxSize(MAX_DISASTER_AREAS, { message: `地区は${MAX_DISASTER_AREAS}までです` })
  @ArrayUnique({ message: '同じ地区が重複しています' })
  @IsString({ each: true })
  @IsNotEmpty({ each: true, message: '空の地区があります' })
  @MaxLength(100, { each: true, message: '地区は100文字までです' })
  areas: string[];

  @Field(() => GraphQLISODateTime, { description: `at most ${MAX_DISASTER_DAYS} days after now` })
  @Type(() => Date)
  @IsDate({ message: 'endsAt が正しくありません' })
  endsAt: Date;

  @Field({ nullable: true, description: 'a disaster drill (訓練): the same flow, counted apart from real disasters' })
  @IsOptional()
  @IsBoolean()
  drill?: boolean;
}

/** A phone number as people write it: digits, +, -, spaces, parentheses (全角 is folded by NFKC). */
const PHONE = /^[0-9+\-() ]{3,30}$/;

@InputType()
export class ContactCardInput {
  @Field() @Trim({ nfkc: true }) @IsString() @IsNotEmpty({ message: '氏名を入力してください' }) @MaxLength(100, { message: '氏名は100文字までです' })
  name: string;

  @Field() @Trim({ nfkc: true }) @IsString() @IsNotEmpty({ message: '住所を入力してください' }) @MaxLength(300, { message: '住所は300文字までです' })
  address: string;

  @Field(() => String, { nullable: true })
  @Trim({ nfkc: true, blank: 'null' })
  @IsOptional()
  @IsString()
  @Matches(PHONE, { message: '電話番号は数字と + - ( ) で30文字までです' })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @Trim({ nfkc: true, blank: 'null' })
  @IsOptional()
  @IsString()
  @MaxLength(1000, { message: 'メモは1000文字までです' })
  notes?: string | null;
}

const REPORTABLE = Object.values(SafetyStatus).filter((s) => s !== SafetyStatus.UNKNOWN);

@ArgsType()
export class ReportSafetyArgs {
  @Field(() => ID) @IsUUID('all', { message: 'needId が正しくありません' }) needId: string;

  @Field(() => SafetyStatus)
  @IsIn(REPORTABLE, { message: 'UNKNOWN は報告できません（まだ誰も報告していない状態です）' })
  status: SafetyStatus;

  @Field(() => String, { nullable: true })
  @Trim({ nfkc: true, blank: 'null' })
  @IsOptional()
  @IsString()
  @MaxLength(500, { message: 'メモは500文字までです' })
  note?: string | null;

  @Field(() => ID, { nullable: true, description: 'the disaster reported under; by default the active real disaster over the area, else the active drill' })
  @IsOptional()
  @IsUUID('all', { message: 'disasterId が正しくありません' })
  disasterId?: string;
}

@ArgsType()
export class DisasterIdArgs {
  @Field(() => ID) @IsUUID('all', { message: 'id が正しくありません' }) id: string;
}

@ArgsType()
export class SafetyReportedArgs {
  @Field(() => ID) @IsUUID('all', { message: 'disasterId が正しくありません' }) disasterId: string;
}

@ArgsType()
export class NeedIdArgs {
  @Field(() => ID) @IsUUID('all', { message: 'needId が正しくありません' }) needId: string;
}

@ArgsType()
export class BoardArgs extends PageArgs {}

@ArgsType()
export class SupportGapsArgs {
  @Field(() => Int, { nullable: true, description: 'at most this many (default 100, at most 500)' })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'first は1以上にしてください' })
  @Max(500, { message: 'first は500以下にしてください' })
  first?: number;
}
