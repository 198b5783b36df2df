import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { forbidden, unauthenticated } from '../common/errors/domain-error.js';
import { hasRole, type Viewer } from '../common/graphql/context.js';
import type { Loaders } from '../common/graphql/loaders.js';
import { Role } from '../identity/role.enum.js';

/**
 * What a viewer may see of organisations' offers:
 * - `all`: coordinators;
 * - otherwise the OPEN offers of verified organisations, plus every offer of `memberOrgIds`
 *   (the viewer's organisations; empty unless the viewer has the ORGANIZATION_MEMBER role).
 */
export type OfferScope = { all: true } | { all: false; memberOrgIds: string[] };

/** Who belongs to which organisation, batched per request; shared by offers and other modules' checks. */
@Injectable()
export class OrganizationAccess {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The user's organisations, oldest membership first (the first is the member's default organisation). */
  memberOrganizationIds(loaders: Loaders, userId: string): Promise<string[]> {
    return loaders
      .get<string, string[]>('organizationAccess.memberOrgIds', async (userIds) => {
        const found: { userId: string; orgIds: string[] }[] = await this.db.query(
          `SELECT user_id AS "userId", array_agg(organization_id ORDER BY created_at, organization_id)::text[] AS "orgIds"
           FROM organization_member WHERE user_id = ANY($1::uuid[]) GROUP BY user_id`,
          [userIds],
        );
        const byUser = new Map(found.map((r) => [r.userId, r.orgIds]));
        return userIds.map((id) => byUser.get(id) ?? []);
      })
      .load(userId);
  }

  /** True when the user belongs to the organisation (whatever their roles). */
  async isMember(loaders: Loaders, userId: string, organizationId: string): Promise<boolean> {
    return (await this.memberOrganizationIds(loaders, userId)).includes(organizationId);
  }

  /**
   * The viewer's offer scope. Membership counts only while the account holds the ORGANIZATION_MEMBER
   * role, so that taking the role away takes the rights away at once. Anonymous callers and school
   * keys are refused (offers are for signed-in users).
   */
  async offerScope(loaders: Loaders, viewer: Viewer): Promise<OfferScope> {
    if (viewer.kind === 'anonymous') throw viewer.authError ?? unauthenticated();
    if (viewer.kind !== 'user') throw forbidden('この操作にはユーザーとしてのログインが必要です');
    if (hasRole(viewer, Role.COORDINATOR)) return { all: true };
    return { all: false, memberOrgIds: hasRole(viewer, Role.ORGANIZATION_MEMBER) ? await this.memberOrganizationIds(loaders, viewer.userId) : [] };
  }
}
