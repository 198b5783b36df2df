import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rows } from '../common/database/sql.js';
import { conflict, forbidden, notFound } from '../common/errors/domain-error.js';
import { hasRole, type Viewer } from '../common/graphql/context.js';
import { keysetPage } from '../common/graphql/keyset-page.js';
import { decodeTextIdCursor, type Page, type PageArgs } from '../common/graphql/pagination.js';
import { isUuid } from '../common/ids.js';
import type { OrganizationEntity } from '../graph/organization.entity.js';
import { AccountService } from '../identity/account.service.js';
import { AuthService } from '../identity/auth.service.js';
import type { AuthPayload } from '../identity/identity.models.js';
import { Role } from '../identity/role.enum.js';
import { OfferService } from './offer.service.js';
import type { SignUpOrganizationInput } from './organization.inputs.js';

const ORGANIZATION_COLUMNS = `g.id, g.name, g.kind, g.area, g.description, g.verified, g.created_at AS "createdAt"`;
const ORGANIZATION = '団体 (organization)';

/** Organisations: sign-up, verification by coordinators, the member's own organisation and the directory. */
@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly auth: AuthService,
    private readonly accounts: AccountService,
    private readonly offers: OfferService,
  ) {}

  /**
   * An UNVERIFIED organisation and its first member (role ORGANIZATION_MEMBER), all or nothing.
   * A taken email is a CONFLICT and leaves nothing behind. The password is hashed before the
   * transaction opens (argon2 is slow on purpose; no locks are held meanwhile).
   */
  async signUp(input: SignUpOrganizationInput): Promise<AuthPayload> {
    const passwordHash = await this.accounts.hashPassword(input.password);
    const user = await this.db.transaction(async (tx) => {
      const member = await this.accounts.create(tx, {
        email: input.email,
        passwordHash,
        displayName: input.contactName,
        role: Role.ORGANIZATION_MEMBER,
        area: input.area,
      });
      if (!member) throw conflict('このメールアドレスはすでに登録されています (email already registered)');
      const [org]: { id: string }[] = await tx.query(
        `INSERT INTO organization (name, kind, area, description, verified) VALUES ($1, $2::organization_kind, $3, $4, false) RETURNING id`,
        [input.organizationName, input.kind, input.area ?? null, input.description],
      );
      await tx.query('INSERT INTO organization_member (organization_id, user_id) VALUES ($1, $2)', [org.id, member.id]);
      return member;
    });
    return this.auth.payload(user);
  }

  /**
   * Marks the organisation verified; verifying a verified one changes nothing. When this verification
   * is the one that flipped it, its OPEN offers become eligible: an automatic matching run is asked for.
   */
  async verify(id: string): Promise<OrganizationEntity> {
    if (!isUuid(id)) throw notFound(ORGANIZATION);
    const [updated] = await rows<OrganizationEntity & { wasVerified: boolean }>(
      this.db,
      `WITH before AS (SELECT id, verified FROM organization WHERE id = $1 FOR UPDATE)
       UPDATE organization g SET verified = true FROM before WHERE g.id = before.id
       RETURNING ${ORGANIZATION_COLUMNS}, before.verified AS "wasVerified"`,
      [id],
    );
    if (!updated) throw notFound(ORGANIZATION);
    const { wasVerified, ...org } = updated;
    if (!wasVerified) await this.offers.offersChanged(org.id);
    return org;
  }

  /** The member's organisation: the one they joined first when they belong to several; null when none. */
  async myOrganization(userId: string): Promise<OrganizationEntity | null> {
    const found: OrganizationEntity[] = await this.db.query(
      `SELECT ${ORGANIZATION_COLUMNS} FROM organization_member m JOIN organization g ON g.id = m.organization_id
       WHERE m.user_id = $1 ORDER BY m.created_at, m.organization_id LIMIT 1`,
      [userId],
    );
    return found[0] ?? null;
  }

  /**
   * The directory, by name then id. Coordinators see every organisation (`verified` filters);
   * everyone else sees verified organisations only, and asking for unverified ones is FORBIDDEN.
   */
  async list(viewer: Viewer, verified: boolean | undefined, page: PageArgs): Promise<Page<OrganizationEntity>> {
    if (!hasRole(viewer, Role.COORDINATOR)) {
      if (verified === false) throw forbidden('未認証の団体を一覧できるのはコーディネーターだけです (only coordinators may list unverified organisations)');
      verified = true;
    }
    const params: unknown[] = [];
    const where: string[] = [];
    if (verified !== undefined && verified !== null) where.push(`g.verified = $${params.push(verified)}`);
    return keysetPage<OrganizationEntity>(
      this.db,
      {
        columns: ORGANIZATION_COLUMNS,
        from: 'organization g',
        where,
        params,
        // the name's parameter is not cast: it takes the column's own collation, as the index does
        keys: [{ sql: 'g.name' }, { sql: 'g.id', type: 'uuid' }],
        direction: 'ASC',
      },
      { ...page, decode: decodeTextIdCursor, cursor: (g) => [g.name, g.id] },
    );
  }
}
