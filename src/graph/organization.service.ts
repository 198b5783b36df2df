import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { byKeys, type Loaders } from '../common/graphql/loaders.js';
import { OrganizationEntity } from './organization.entity.js';

@Injectable()
export class OrganizationService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Batched per request: a page of events with hosts costs one query for all hosts. */
  byId(loaders: Loaders, id: string): Promise<OrganizationEntity | null> {
    return loaders
      .get<string, OrganizationEntity | null>('organizationById', async (ids) =>
        byKeys(ids, await this.db.getRepository(OrganizationEntity).createQueryBuilder('o').where('o.id = ANY(:ids)', { ids }).getMany(), (o) => o.id),
      )
      .load(id);
  }
}
