import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { userIdOf, type GqlContext, type Viewer } from '../common/graphql/context.js';
import { PageArgs, type Page } from '../common/graphql/pagination.js';
import { CurrentViewer, Roles } from '../identity/auth.decorators.js';
import { AuthPayload } from '../identity/identity.models.js';
import { Role } from '../identity/role.enum.js';
import { OfferConnection, type Offer } from './offer.models.js';
import { OfferService } from './offer.service.js';
import { SignUpOrganizationInput } from './organization.inputs.js';
import { Organization, OrganizationConnection } from './organization.models.js';
import { OrganizationsService } from './organizations.service.js';

@Resolver(() => Organization)
export class OrganizationsResolver {
  constructor(
    private readonly organizationsService: OrganizationsService,
    private readonly offerService: OfferService,
  ) {}

  @Mutation(() => AuthPayload, { description: 'anyone: creates an unverified organisation and its first member' })
  signUpOrganization(@Args('input') input: SignUpOrganizationInput): Promise<AuthPayload> {
    return this.organizationsService.signUp(input);
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Organization, { description: 'coordinator; verifying a verified organisation changes nothing' })
  verifyOrganization(@Args('id', { type: () => ID }) id: string): Promise<Organization> {
    return this.organizationsService.verify(id);
  }

  @Roles(Role.ORGANIZATION_MEMBER)
  @Query(() => Organization, {
    nullable: true,
    description: "organisation member: the caller's organisation (the one joined first when they belong to several)",
  })
  myOrganization(@CurrentViewer() viewer: Viewer): Promise<Organization | null> {
    return this.organizationsService.myOrganization(userIdOf(viewer));
  }

  @Roles()
  @Query(() => OrganizationConnection, {
    description: 'signed-in users, by name: coordinators every organisation (verified filters); others verified ones only (verified: false is FORBIDDEN)',
  })
  organizations(
    @Args('verified', { type: () => Boolean, nullable: true }) verified: boolean | undefined,
    @Args() page: PageArgs,
    @CurrentViewer() viewer: Viewer,
  ): Promise<Page<Organization>> {
    return this.organizationsService.list(viewer, verified ?? undefined, page);
  }

  @ResolveField(() => OfferConnection, {
    description: 'newest first; what the viewer may see: OPEN offers of a verified organisation, any status for its members and coordinators',
  })
  offers(@Parent() org: Organization, @Args() page: PageArgs, @Context() ctx: GqlContext): Promise<Page<Offer>> {
    return this.offerService.ofOrganization(ctx.loaders, ctx.viewer, org.id, page);
  }
}
