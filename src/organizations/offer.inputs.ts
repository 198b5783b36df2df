import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ParticipationMode } from '../graph/graph.enums.js';
import { OfferStatus } from './offer.enums.js';
import { StudentStage } from '../students/student.enums.js';
import { TimeSlot } from '../lib/slots/slots.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const emptyToUndefined = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || undefined : value);

export const MAX_OFFER_THEMES = 16;

/** A DRAFT offer; theme keys are checked against the vocabulary by OfferService. */
@InputType()
export class CreateOfferInput {
  @Field() @Transform(trim) @IsString() @IsNotEmpty({ message: 'タイトルを入力してください' }) @MaxLength(200, { message: 'タイトルは200文字までです' })
  title: string;

  @Field() @Transform(trim) @IsString() @MaxLength(4000, { message: '説明は4000文字までです' })
  description: string;

  @Field(() => [String], { description: 'theme keys (Query.themes), 1 to 16, no repeats' })
  @IsArray()
  @ArrayMinSize(1, { message: 'テーマを1つ以上選んでください' })
  @ArrayMaxSize(MAX_OFFER_THEMES, { message: `テーマは${MAX_OFFER_THEMES}個までです` })
  @ArrayUnique({ message: '同じテーマが重複しています' })
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  themes: string[];

  @Field(() => Int) @IsInt() @Min(1, { message: '定員は1以上にしてください' }) @Max(1000, { message: '定員は1000以下にしてください' })
  capacity: number;

  @Field(() => Int, { nullable: true, description: 'the fewest students a joint action of this offer starts with (1 to capacity); 1 when not given' })
  @IsOptional()
  @IsInt()
  @Min(1, { message: '最少人数は1以上にしてください' })
  @Max(1000, { message: '最少人数は1000以下にしてください' })
  minParticipants?: number;

  @Field(() => [StudentStage])
  @IsArray()
  @ArrayMinSize(1, { message: '対象の学年段階を1つ以上選んでください' })
  @ArrayUnique({ message: '同じ学年段階が重複しています' })
  @IsEnum(StudentStage, { each: true })
  stages: StudentStage[];

  @Field({ nullable: true }) @Transform(emptyToUndefined) @IsOptional() @IsString() @MaxLength(100, { message: '地域は100文字までです' })
  area?: string;

  @Field(() => ParticipationMode) @IsEnum(ParticipationMode) mode: ParticipationMode;

  @Field(() => [TimeSlot], { description: 'empty: fits any time' })
  @IsArray()
  @ArrayUnique({ message: '同じ時間帯が重複しています' })
  @IsEnum(TimeSlot, { each: true })
  slots: TimeSlot[];

  @Field(() => ID, {
    nullable: true,
    description: "the member's organisation to create it for; default: the organisation the member joined first",
  })
  @IsOptional()
  @IsUUID('all', { message: 'organizationId が正しくありません' })
  organizationId?: string;
}

@InputType()
export class OfferFilter {
  @Field(() => OfferStatus, { nullable: true }) @IsOptional() @IsEnum(OfferStatus) status?: OfferStatus;

  @Field({ nullable: true, description: 'a theme key (Query.themes)' }) @IsOptional() @IsString() @MaxLength(50) theme?: string;

  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'organizationId が正しくありません' }) organizationId?: string;
}
