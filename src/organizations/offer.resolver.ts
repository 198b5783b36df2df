import { Args, Context, ID, Info, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { selectsOnly } from '../common/graphql/selection.js';
import { userIdOf, type GqlContext, type Viewer } from '../common/graphql/context.js';
import { PageArgs, type Page } from '../common/graphql/pagination.js';
import { notFound } from '../common/errors/domain-error.js';
import { OrganizationService } from '../graph/organization.service.js';
import { CurrentViewer, Roles } from '../identity/auth.decorators.js';
import { Role } from '../identity/role.enum.js';
import { CreateOfferInput, OfferFilter } from './offer.inputs.js';
import { Offer, OfferConnection } from './offer.models.js';
import { OFFER_CARD_FIELDS, OfferService, ORGANIZATION_NAME_FIELDS } from './offer.service.js';
import { Organization } from './organization.models.js';

@Resolver(() => Offer)
export class OfferResolver {
  constructor(
    private readonly offers: OfferService,
    private readonly organizations: OrganizationService,
  ) {}

  @Roles()
  @Query(() => OfferConnection, {
    name: 'offers',
    description: 'signed-in users, newest first: coordinators every offer; organisation members their own in any status; everyone OPEN offers of verified organisations',
  })
  listOffers(
    // typed without `| undefined` so that the validation pipe sees the class (a union is emitted as Object)
    @Args('filter', { type: () => OfferFilter, nullable: true }) filter: OfferFilter,
    @Args() page: PageArgs,
    @Context() ctx: GqlContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<Offer>> {
    // a page that shows no more of its offers than cards (and of their organisations than names) reads just that
    const read = {
      cards: selectsOnly(info, ['edges', 'node'], OFFER_CARD_FIELDS),
      organizationNames: selectsOnly(info, ['edges', 'node', 'organization'], ORGANIZATION_NAME_FIELDS),
    };
    return this.offers.list(ctx.loaders, ctx.viewer, filter ?? undefined, page, read);
  }

  @Roles()
  @Query(() => Offer, { nullable: true, description: 'null when there is no such offer or the caller may not see it' })
  offer(@Args('id', { type: () => ID }) id: string, @Context() ctx: GqlContext): Promise<Offer | null> {
    return this.offers.visibleById(ctx.loaders, ctx.viewer, id);
  }

  @Roles(Role.ORGANIZATION_MEMBER)
  @Mutation(() => Offer, { description: "organisation member: creates a DRAFT offer of the member's organisation" })
  createOffer(@Args('input') input: CreateOfferInput, @CurrentViewer() viewer: Viewer, @Context() ctx: GqlContext): Promise<Offer> {
    return this.offers.create(ctx.loaders, userIdOf(viewer), input);
  }

  @Roles(Role.ORGANIZATION_MEMBER, Role.COORDINATOR)
  @Mutation(() => Offer, { description: 'a member of the owning organisation or a coordinator: DRAFT to OPEN (idempotent; a CLOSED offer is a CONFLICT)' })
  publishOffer(@Args('id', { type: () => ID }) id: string, @CurrentViewer() viewer: Viewer): Promise<Offer> {
    return this.offers.publish(viewer, id);
  }

  @Roles(Role.ORGANIZATION_MEMBER, Role.COORDINATOR)
  @Mutation(() => Offer, { description: 'a member of the owning organisation or a coordinator: DRAFT or OPEN to CLOSED (idempotent)' })
  closeOffer(@Args('id', { type: () => ID }) id: string, @CurrentViewer() viewer: Viewer): Promise<Offer> {
    return this.offers.close(viewer, id);
  }

  /**
   * graphql-js's own (parent, args, context) and no parameter decorators: Nest hands graphql-js the
   * bound method itself (its fast field resolver), not a wrapper running the global pipes per offer.
   */
  @ResolveField(() => Organization)
  organization(offer: Offer, _args: unknown, ctx: GqlContext): Organization | Promise<Organization> {
    // read with the page of offers when it can be: a plain value is completed by graphql-js without a promise
    if (offer.read?.organization) return offer.read.organization;
    return this.organizations.byId(ctx.loaders, offer.organizationId).then((org) => {
      if (!org) throw notFound('団体 (organization)');
      return org;
    });
  }
}
