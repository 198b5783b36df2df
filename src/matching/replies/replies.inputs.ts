import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsString } from 'class-validator';
import { ExternalRefArgs } from '../../students/student.inputs.js';
import { OfferInterest } from '../matching.enums.js';

@ArgsType()
export class RespondArgs {
  @Field(() => ID) @IsString() jointActionId: string;
  @Field() @IsBoolean() accept: boolean;
}

@ArgsType()
export class RespondForStudentArgs extends ExternalRefArgs {
  @Field(() => ID) @IsString() jointActionId: string;
  @Field() @IsBoolean() accept: boolean;
}

@ArgsType()
export class OfferInterestArgs {
  @Field(() => ID) @IsString() offerId: string;
  @Field(() => OfferInterest, { nullable: true, description: 'null clears it' }) @IsOptional() @IsEnum(OfferInterest) interest?: OfferInterest | null;
}
