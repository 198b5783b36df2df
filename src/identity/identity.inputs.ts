import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { MaxChars, Trim } from '../common/validation/index.js';

@ArgsType()
export class LoginArgs {
  @Field() @Trim({ lowerCase: true }) @IsEmail({}, { message: 'メールアドレスの形式ではありません' }) @MaxLength(254) email: string;
  @Field() @IsString() @IsNotEmpty({ message: 'パスワードを入力してください' }) @MaxLength(200) password: string;
}

@InputType()
export class SignUpInput {
  @Field() @Trim() @IsNotEmpty({ message: '表示名を入力してください' }) @MaxChars(100, { message: '表示名は100文字までです' }) displayName: string;
  @Field() @Trim({ lowerCase: true }) @IsEmail({}, { message: 'メールアドレスの形式ではありません' }) @MaxLength(254) email: string;
  @Field() @IsString() @MinLength(10, { message: 'パスワードは10文字以上にしてください' }) @MaxLength(200, { message: 'パスワードは200文字までです' }) password: string;
  @Field({ nullable: true }) @IsOptional() @Trim() @IsString() @MaxChars(100, { message: '地域は100文字までです' }) area?: string;
}

@InputType()
export class RegisterSchoolInput {
  @Field() @Trim() @IsNotEmpty({ message: '学校名を入力してください' }) @MaxChars(200, { message: '学校名は200文字までです' }) name: string;
}

@ArgsType()
export class RotateSchoolKeyArgs {
  @Field(() => ID, { nullable: true, description: "coordinator: the school whose key to replace; a school portal may leave it out (its own school)" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  schoolId?: string;
}
