import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newApiKey } from './api-keys.js';
import type { SchoolRegistration } from './identity.models.js';

@Injectable()
export class SchoolService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Registers a school and returns its API key, which is shown this once and kept only as a hash. */
  async register(name: string, coordinatorId: string): Promise<SchoolRegistration> {
    const { key, hash, prefix } = newApiKey();
    const rows: { id: string; name: string }[] = await this.db.query(
      'INSERT INTO school (name, api_key_hash, api_key_prefix, created_by) VALUES ($1, $2, $3, $4) RETURNING id, name',
      [name, hash, prefix, coordinatorId],
    );
    return { school: rows[0], apiKey: key };
  }
}
