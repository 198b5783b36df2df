import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { OrganizationKind } from '../graph/graph.enums.js';
import { MaxChars, Trim } from '../common/validation/index.js';

@InputType()
export class SignUpOrganizationInput {
  @Field() @Trim() @IsString() @IsNotEmpty({ message: '団体名を入力してください' }) @MaxChars(200, { message: '団体名は200文字までです' })
  organizationName: string;

  @Field(() => OrganizationKind) @IsEnum(OrganizationKind) kind: OrganizationKind;

  @Field({ nullable: true }) @Trim({ blank: 'undefined' }) @IsOptional() @IsString() @MaxChars(100, { message: '地域は100文字までです' })
  area?: string;

  @Field() @Trim() @IsString() @MaxChars(4000, { message: '団体の紹介は4000文字までです' })
  description: string;

  @Field({ description: "the first member's name, shown as their display name" })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: '担当者名を入力してください' })
  @MaxChars(100, { message: '担当者名は100文字までです' })
  contactName: string;

  @Field() @Trim({ lowerCase: true }) @IsEmail({}, { message: 'メールアドレスの形式ではありません' }) @MaxLength(254) email: string;

  @Field() @IsString() @MinLength(10, { message: 'パスワードは10文字以上にしてください' }) @MaxLength(200, { message: 'パスワードは200文字までです' })
  password: string;
}
