import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PersonalData, type PersonalDataStep } from '../personal-data/personal-data.js';

/**
 * The student in みんなのもしも: their responses to scenarios, their もしもプラン, and the help they
 * pledged (a helper's area and times are theirs too). Erased whole; a pledge's pairings go with it
 * (ON DELETE CASCADE), and the need they served shows in supportGaps again.
 */
@Injectable()
@PersonalData()
export class PreparednessPersonalData implements PersonalDataStep {
  readonly covers = ['scenario_response.author_id', 'preparedness_plan_item.user_id', 'support_pledge.helper_id', 'safety_report.reported_by'];

  async export(tx: EntityManager, studentId: string): Promise<Record<string, unknown>> {
    const scenarioResponses = await tx.query(
      `SELECT r.id, r.scenario_id AS "scenarioId", sc.title AS scenario, r.text, r.needs::text[] AS needs, r.can_help_with::text[] AS "canHelpWith",
         r.anonymous, r.created_at AS "createdAt"
       FROM scenario_response r JOIN scenario sc ON sc.id = r.scenario_id WHERE r.author_id = $1 ORDER BY r.created_at, r.id`,
      [studentId],
    );
    const preparednessPlan = await tx.query(
      `SELECT key, done, updated_at AS "updatedAt" FROM preparedness_plan_item WHERE user_id = $1 ORDER BY key`,
      [studentId],
    );
    const supportPledges = await tx.query(
      `SELECT id, kinds::text[] AS kinds, area, slots::text[] AS slots, active, created_at AS "createdAt"
       FROM support_pledge WHERE helper_id = $1 ORDER BY created_at, id`,
      [studentId],
    );
    // safety reports they gave as a helper on the day of a disaster (the note stays sealed: only
    // coordinators read notes, and the export is no way around that)
    const safetyReports = await tx.query(
      `SELECT r.id, r.disaster_id AS "disasterId", n.label AS "needLabel", r.status::text AS status, r.reported_at AS "reportedAt",
         r.note_cipher IS NOT NULL AS "hadNote"
       FROM safety_report r JOIN support_need n ON n.id = r.need_id WHERE r.reported_by = $1 ORDER BY r.reported_at, r.id`,
      [studentId],
    );
    return { scenarioResponses, preparednessPlan, supportPledges, safetyReports };
  }

  async erase(tx: EntityManager, studentId: string): Promise<void> {
    await tx.query('DELETE FROM scenario_response WHERE author_id = $1', [studentId]);
    await tx.query('DELETE FROM preparedness_plan_item WHERE user_id = $1', [studentId]);
    await tx.query('DELETE FROM support_pledge WHERE helper_id = $1', [studentId]);
    // the reports stay, the city's record of who was found how; their reporter and note do not
    await tx.query('UPDATE safety_report SET reported_by = NULL, note_cipher = NULL, note_key_id = NULL WHERE reported_by = $1', [studentId]);
  }
}
