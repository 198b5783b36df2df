import { ArgsType, Field, GraphQLISODateTime, ID } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageArgs } from '../common/graphql/pagination.js';
import { ProposalStatus } from './matching.enums.js';
import { MaxChars, Trim } from '../common/validation/index.js';

@ArgsType()
export class ProposalsArgs extends PageArgs {
  @Field(() => ProposalStatus, { nullable: true }) @IsOptional() @IsEnum(ProposalStatus) status?: ProposalStatus;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(100) offerId?: string;
}

/** `proposal(id)`: the query reads one proposal and takes nothing else (the mutations' note and startsAt are theirs). */
@ArgsType()
export class ProposalArgs {
  @Field(() => ID) @IsString() @MaxLength(100) id: string;
}

@ArgsType()
export class ApproveProposalArgs {
  @Field(() => ID) @IsString() @MaxLength(100) id: string;
  @Field({ nullable: true }) @IsOptional() @Trim() @IsString() @MaxChars(2000, { message: 'メモは2000文字までです' }) note?: string;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'when the joint action first meets; two weeks on at 16:00 JST if not given' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  startsAt?: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'when the invitations expire: any instant ahead, within 366 days; 7 days on if not given' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  respondBy?: Date;
}

@ArgsType()
export class RejectProposalArgs {
  @Field(() => ID) @IsString() @MaxLength(100) id: string;
  @Field() @Trim() @IsString() @IsNotEmpty({ message: '見送りの理由を入力してください' }) @MaxChars(2000, { message: '理由は2000文字までです' }) reason: string;
}
