import { ArgsType, Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDate,
  IsEnum,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { Generation, Sector, Stance } from './committee.enums.js';
import { MaxChars, Trim } from '../common/validation/index.js';

export const MAX_PERSPECTIVE_THEMES = 5;

@InputType()
export class UpdateMyProfileInput {
  @Field(() => String, { nullable: true, description: 'left out: unchanged' })
  @ValidateIf((o: UpdateMyProfileInput) => o.displayName !== undefined)
  @Trim()
  @IsString({ message: '表示名は文字列にしてください (null にはできません)' })
  @IsNotEmpty({ message: '表示名を入力してください' })
  @MaxChars(100, { message: '表示名は100文字までです' })
  displayName?: string;

  @Field(() => String, { nullable: true, description: 'left out: unchanged; null: cleared' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxChars(100, { message: '地域は100文字までです' })
  area?: string | null;

  @Field(() => Generation, { nullable: true, description: 'self-declared, optional: only used in aggregate (null clears it)' })
  @IsOptional()
  @IsEnum(Generation, { message: '世代の値が正しくありません' })
  generation?: Generation | null;

  @Field(() => Sector, { nullable: true, description: 'self-declared, optional: only used in aggregate (null clears it)' })
  @IsOptional()
  @IsEnum(Sector, { message: '分野の値が正しくありません' })
  sector?: Sector | null;
}

@ArgsType()
export class AddAgendaItemArgs {
  @Field(() => ID) @IsString() @MaxLength(100) eventId: string;
  @Field() @Trim() @IsString() @IsNotEmpty({ message: '議題を入力してください' }) @MaxChars(200, { message: '議題は200文字までです' }) title: string;
}

@ArgsType()
export class SetMinutesArgs {
  @Field(() => ID) @IsString() @MaxLength(100) eventId: string;
  @Field({ description: 'the whole minutes (replaces the previous text); empty clears them' })
  @IsString()
  @MaxChars(20000, { message: '議事録は20000文字までです' })
  minutes: string;
}

@InputType()
export class AddPerspectiveInput {
  @Field(() => ID) @IsString() @MaxLength(100) eventId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(100) agendaItemId?: string | null;

  @Field({ description: 'a short statement, 1 to 500 characters' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: '視点を入力してください' })
  @MaxChars(500, { message: '視点は500文字までです' })
  text: string;

  @Field(() => [String], { description: `theme keys (Query.themes), 1 to ${MAX_PERSPECTIVE_THEMES}, no repeats` })
  @IsArray()
  @ArrayMinSize(1, { message: 'テーマを1つ以上選んでください' })
  @ArrayMaxSize(MAX_PERSPECTIVE_THEMES, { message: `テーマは${MAX_PERSPECTIVE_THEMES}個までです` })
  @ArrayUnique({ message: '同じテーマが重複しています' })
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  themes: string[];

  @Field(() => Boolean, { nullable: true, description: 'no author shown to anyone but coordinators' })
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean | null;
}

@ArgsType()
export class ReactArgs {
  @Field(() => ID) @IsString() @MaxLength(100) perspectiveId: string;
  @Field(() => Stance) @IsEnum(Stance) stance: Stance;
}

@ArgsType()
export class HighlightPerspectiveArgs {
  @Field(() => ID) @IsUUID('all', { message: '視点の ID が正しくありません (perspectiveId must be a UUID)' }) perspectiveId: string;
}

@ArgsType()
export class PerspectiveMapArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(100) eventId?: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) @IsOptional() @IsDate() from?: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) @IsOptional() @IsDate() to?: Date | null;
}

@ArgsType()
export class NextPerspectiveArgs {
  @Field(() => ID) @IsString() @MaxLength(100) eventId: string;
}
