import { registerEnumType } from '@nestjs/graphql';

/** A student's school stage: students own it; offers and the matching engine refer to it. */
export enum StudentStage {
  ELEMENTARY = 'ELEMENTARY',
  JUNIOR_HIGH = 'JUNIOR_HIGH',
  HIGH_SCHOOL = 'HIGH_SCHOOL',
  UNIVERSITY = 'UNIVERSITY',
}
registerEnumType(StudentStage, { name: 'StudentStage' });
