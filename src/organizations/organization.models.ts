import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../common/graphql/pagination.js';
import { Organization } from '../graph/graph.models.js';

export { Organization };

@ObjectType()
export class OrganizationEdge {
  @Field() cursor: string;
  @Field(() => Organization) node: Organization;
}

@ObjectType()
export class OrganizationConnection {
  @Field(() => [OrganizationEdge]) edges: OrganizationEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}
