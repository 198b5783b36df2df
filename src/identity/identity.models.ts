import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from './role.enum.js';

@ObjectType()
export class User {
  @Field(() => ID) id: string;
  @Field() displayName: string;
  @Field(() => [Role]) roles: Role[];
}

@ObjectType()
export class AuthPayload {
  @Field() token: string;
  @Field(() => User) user: User;
}

@ObjectType()
export class School {
  @Field(() => ID) id: string;
  @Field() name: string;
}

@ObjectType()
export class SchoolRegistration {
  @Field(() => School) school: School;
  @Field({ description: 'shown once; sent by the school portal in the x-api-key header' }) apiKey: string;
}
