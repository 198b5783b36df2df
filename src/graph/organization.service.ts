import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { byKeys, type Loaders } from '../common/graphql/loaders.js';
import type { OrganizationKind } from './graph.enums.js';
import { OrganizationEntity } from './organization.entity.js';

/** Every column of OrganizationEntity from a query that joins `organization g`, prefixed so as not to meet the other table's. */
export const JOINED_ORGANIZATION_COLUMNS = `g.id AS g_id, g.name AS g_name, g.kind AS g_kind, g.area AS g_area, g.description AS g_description, g.verified AS g_verified, g.created_at AS "g_createdAt"`;

export interface JoinedOrganization {
  g_id: string;
  g_name: string;
  g_kind: OrganizationKind;
  g_area: string | null;
  g_description: string;
  g_verified: boolean;
  g_createdAt: Date;
}

@Injectable()
export class OrganizationService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Batched per request: a page of events with hosts costs one query for all hosts. */
  byId(loaders: Loaders, id: string): Promise<OrganizationEntity | null> {
    return this.loader(loaders).load(id);
  }

  /**
   * Organisations another module's bulk read already joined (`organization g`, JOINED_ORGANIZATION_COLUMNS),
   * handed to the request's loader: a page of offers costs no statement for their organisations.
   * Organisations the request already loaded keep what it loaded. Returns them as read, in the rows' order.
   */
  share(loaders: Loaders, rows: readonly JoinedOrganization[]): OrganizationEntity[] {
    const loader = this.loader(loaders);
    return rows.map((r) => {
      const org = Object.assign(new OrganizationEntity(), { id: r.g_id, name: r.g_name, kind: r.g_kind, area: r.g_area, description: r.g_description, verified: r.g_verified, createdAt: r.g_createdAt });
      loader.prime(r.g_id, org);
      return org;
    });
  }

  private loader(loaders: Loaders) {
    return loaders.get<string, OrganizationEntity | null>('organizationById', async (ids) =>
      byKeys(ids, await this.db.getRepository(OrganizationEntity).createQueryBuilder('o').where('o.id = ANY(:ids)', { ids }).getMany(), (o) => o.id),
    );
  }
}
