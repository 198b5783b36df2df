import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { ParticipationMode } from '../graph/graph.enums.js';
import { StudentStage } from './student.enums.js';
import { TimeSlot } from '../lib/slots/slots.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const emptyToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);

/**
 * Lengths as PostgreSQL's char_length counts them (code points), so that what passes here also
 * passes the table's CHECK constraints (class-validator's MaxLength counts differently).
 */
export function MaxChars(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'maxChars', constraints: [max], validator: { validate: (v: unknown) => typeof v === 'string' && [...v].length <= max, defaultMessage: () => `${max}文字までです` } },
    options,
  );
}

// NUL cannot be stored in PostgreSQL text; other control characters have no place in names or texts
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CONTROL_OR_NEWLINE = /[\u0000-\u001F\u007F]/;

/** No control characters (free texts keep tabs and line breaks). */
export function PlainText(opts: { multiline?: boolean } = {}, options?: ValidationOptions): PropertyDecorator {
  const bad = opts.multiline ? CONTROL : CONTROL_OR_NEWLINE;
  return ValidateBy(
    { name: 'plainText', validator: { validate: (v: unknown) => typeof v === 'string' && !bad.test(v), defaultMessage: () => '制御文字は使えません' } },
    options,
  );
}

/**
 * The school's own identifier: ASCII letters, digits and `. _ : -`, 1 to 100 characters, taken
 * exactly as sent (no trimming, case-sensitive), so that the portal's key always finds the same
 * student. Names and email addresses do not fit it, which keeps them out of identifiers.
 */
export const EXTERNAL_REF = /^[A-Za-z0-9._:-]{1,100}$/;
const EXTERNAL_REF_MESSAGE = 'externalRef は英数字と . _ : - だけで、1〜100文字にしてください';

@InputType()
export class StudentProfileInput {
  @Field(() => [String])
  @IsArray()
  @IsString({ each: true })
  @MaxLength(40, { each: true, message: 'テーマのキーは40文字までです' })
  @ArrayMaxSize(16, { message: 'テーマは16個までです' })
  @ArrayUnique({ message: '同じテーマが重複しています' })
  themes: string[];

  @Field() @Transform(trim) @IsString() @MaxChars(2000, { message: '悩み・問題意識は2000文字までです' }) @PlainText({ multiline: true })
  concerns: string;

  @Field() @Transform(trim) @IsString() @MaxChars(2000, { message: 'やってみたいこと・得意なことは2000文字までです' }) @PlainText({ multiline: true })
  interests: string;

  @Field(() => String, { nullable: true })
  @Transform(emptyToNull)
  @IsOptional()
  @IsString()
  @MaxChars(100, { message: '地域は100文字までです' })
  @PlainText()
  area?: string | null;

  @Field(() => [TimeSlot]) @IsArray() @IsEnum(TimeSlot, { each: true }) @ArrayUnique({ message: '同じ時間帯が重複しています' })
  slots: TimeSlot[];

  @Field(() => [ParticipationMode]) @IsArray() @IsEnum(ParticipationMode, { each: true }) @ArrayUnique({ message: '同じ参加方法が重複しています' })
  modes: ParticipationMode[];
}

@InputType()
export class EnrollStudentInput {
  @Field({ description: "the school's own identifier for the student; unique within the school" })
  @IsString()
  @Matches(EXTERNAL_REF, { message: EXTERNAL_REF_MESSAGE })
  externalRef: string;

  @Field()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: '表示名を入力してください' })
  @MaxChars(100, { message: '表示名は100文字までです' })
  @PlainText()
  displayName: string;

  @Field(() => StudentStage) @IsEnum(StudentStage) stage: StudentStage;

  @Field() @IsBoolean() guardianConsent: boolean;

  @Field(() => StudentProfileInput, { nullable: true, description: 'optional questionnaire answers collected by the portal' })
  @IsOptional()
  @ValidateNested()
  @Type(() => StudentProfileInput)
  profile?: StudentProfileInput | null;
}

@ArgsType()
export class ExternalRefArgs {
  @Field() @IsString() @Matches(EXTERNAL_REF, { message: EXTERNAL_REF_MESSAGE }) externalRef: string;
}

@ArgsType()
export class GuardianConsentArgs extends ExternalRefArgs {
  @Field() @IsBoolean() consent: boolean;
}
