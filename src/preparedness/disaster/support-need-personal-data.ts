import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PersonalData, type PersonalDataStep } from '../../personal-data/personal-data.js';
import { eraseSupportNeed } from './erase-need.js';

/**
 * A person in need of help, registered under a pseudonym: `removeSupportNeed` runs this through the
 * registry (erase-need.ts says what goes and what stays), so that a table added later about the
 * person cannot be forgotten (test/e2e/personal-data.spec).
 */
@Injectable()
@PersonalData()
export class SupportNeedPersonalData implements PersonalDataStep {
  readonly subject = 'supportNeed' as const;
  readonly covers = ['support_need.id', 'support_contact_card.need_id', 'safety_report.need_id', 'safety_state.need_id', 'support_pairing.need_id'];

  async erase(tx: EntityManager, needId: string): Promise<void> {
    await eraseSupportNeed(tx, needId);
  }
}
