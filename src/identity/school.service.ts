import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rows } from '../common/database/sql.js';
import { conflict, notFound } from '../common/errors/domain-error.js';
import { isUuid } from '../common/ids.js';
import { AuditKind } from '../common/audit/audit.enums.js';
import { AuditWriter } from '../common/audit/audit-writer.js';
import { hashApiKey, newApiKey } from './api-keys.js';
import type { SchoolRegistration } from './identity.models.js';

/** Who rotates a key: the school portal with its current key, or a coordinator. */
export type KeyRotator = { kind: 'school'; currentKey: string } | { kind: 'coordinator'; userId: string };

@Injectable()
export class SchoolService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditWriter,
  ) {}

  /** Registers a school and returns its API key, which is shown this once and kept only as a hash. */
  async register(name: string, coordinatorId: string): Promise<SchoolRegistration> {
    const { key, hash, prefix } = newApiKey();
    const rows: { id: string; name: string }[] = await this.db.query(
      'INSERT INTO school (name, api_key_hash, api_key_prefix, created_by) VALUES ($1, $2, $3, $4) RETURNING id, name',
      [name, hash, prefix, coordinatorId],
    );
    return { school: rows[0], apiKey: key };
  }

  /**
   * Replaces the school's API key: the new one is returned this once (kept as its sha256 only) and
   * the old one stops working with the commit, since every request looks its key up afresh. A
   * portal rotates only the key it presents: of two rotations racing with the same key, the
   * second is a CONFLICT instead of silently replacing the first one's new key. Recorded in the
   * audit log (SCHOOL_KEY_ROTATED).
   */
  async rotateKey(schoolId: string, by: KeyRotator, requestId: string | null): Promise<SchoolRegistration> {
    if (!isUuid(schoolId)) throw notFound('学校 (school)');
    const { key, hash, prefix } = newApiKey();
    return this.db.transaction(async (tx) => {
      const updated = await rows<{ id: string; name: string }>(
        tx,
        `UPDATE school SET api_key_hash = $2, api_key_prefix = $3
         WHERE id = $1 AND ($4::bytea IS NULL OR api_key_hash = $4::bytea) RETURNING id, name`,
        [schoolId, hash, prefix, by.kind === 'school' ? hashApiKey(by.currentKey) : null],
      );
      if (!updated.length) {
        if (by.kind === 'school') throw conflict('API キーはすでに更新されています。新しいキーで操作してください (the key was rotated meanwhile)');
        throw notFound('学校 (school)');
      }
      await this.audit.write(
        [
          {
            kind: AuditKind.SCHOOL_KEY_ROTATED,
            actorUserId: by.kind === 'coordinator' ? by.userId : null,
            actorSchoolId: by.kind === 'school' ? schoolId : null,
            schoolId,
            requestId,
          },
        ],
        tx,
      );
      return { school: updated[0], apiKey: key };
    });
  }
}
