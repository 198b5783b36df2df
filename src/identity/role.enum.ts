import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  STUDENT = 'STUDENT',
  ORGANIZATION_MEMBER = 'ORGANIZATION_MEMBER',
  COORDINATOR = 'COORDINATOR',
  RESIDENT = 'RESIDENT',
}
registerEnumType(Role, {
  name: 'Role',
  valuesMap: { RESIDENT: { description: 'a resident who signed up to take part in the committee, preparedness and TV platforms' } },
});
