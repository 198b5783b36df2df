import { Module } from '@nestjs/common';
import { GraphModule } from '../graph/graph.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { OfferResolver } from './offer.resolver.js';
import { OfferService } from './offer.service.js';
import { OrganizationAccess } from './organization-access.service.js';
import { OrganizationsResolver } from './organizations.resolver.js';
import { OrganizationsService } from './organizations.service.js';

/**
 * Organisations (sign-up, verification, the directory) and their offers (募集): the DRAFT → OPEN →
 * CLOSED life cycle and who sees what. Exports OfferService (byId for other modules' fields) and
 * OrganizationAccess (memberships, offer scope).
 */
@Module({
  imports: [IdentityModule, GraphModule],
  providers: [OrganizationAccess, OfferService, OrganizationsService, OrganizationsResolver, OfferResolver],
  exports: [OfferService, OrganizationAccess],
})
export class OrganizationsModule {}
