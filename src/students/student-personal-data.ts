import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isoSql, themesSql } from '../common/database/json-sql.js';
import { AccountService } from '../identity/account.service.js';
import { PersonalData, type PersonalDataStep } from '../personal-data/personal-data.js';
import { WITHDRAWN_DISPLAY_NAME } from './student.policy.js';

/**
 * The student's own row and account: stage, consent, profile and texts, name, email, password,
 * area. Erased last: the row stays, anonymous and never matchable, so that counts and the
 * approved proposals that record decisions keep their participant; the account's tokens die
 * (ViewerService refuses withdrawn students, and token_version moves on).
 */
@Injectable()
@PersonalData({ order: 1000 })
export class StudentPersonalData implements PersonalDataStep {
  constructor(private readonly accounts: AccountService) {}

  readonly covers = ['student.id'];

  async export(tx: EntityManager, studentId: string): Promise<Record<string, unknown>> {
    const [row]: { student: unknown; account: unknown; school: unknown }[] = await tx.query(
      `SELECT json_build_object('id', s.id, 'externalRef', s.external_ref, 'stage', s.stage, 'guardianConsent', s.guardian_consent,
           'profile', json_build_object('themes', ${themesSql('s.themes')}, 'concerns', s.concerns, 'interests', s.interests, 'area', s.area,
             'slots', s.slots::text[], 'modes', s.modes::text[]),
           'enrolledAt', ${isoSql('s.created_at')}, 'updatedAt', ${isoSql('s.updated_at')}) AS student,
         json_build_object('id', u.id, 'displayName', u.display_name, 'roles', u.roles::text[], 'email', u.email, 'area', u.area,
           'hasPassword', u.password_hash IS NOT NULL, 'createdAt', ${isoSql('u.created_at')}) AS account,
         json_build_object('id', sc.id, 'name', sc.name) AS school
       FROM student s JOIN app_user u ON u.id = s.id JOIN school sc ON sc.id = s.school_id WHERE s.id = $1`,
      [studentId],
    );
    return row ? { student: row.student, account: row.account, school: row.school } : {};
  }

  async erase(tx: EntityManager, studentId: string): Promise<void> {
    await tx.query(
      `UPDATE student SET external_ref = NULL, guardian_consent = false, themes = '{}', concerns = '', interests = '', area = NULL,
         slots = '{}', modes = '{}', withdrawn_at = now(), updated_at = now()
       WHERE id = $1`,
      [studentId],
    );
    await this.accounts.anonymise(tx, studentId, WITHDRAWN_DISPLAY_NAME);
  }
}
