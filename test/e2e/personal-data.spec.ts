import { PersonalDataRegistry } from '../../src/personal-data/personal-data.registry.js';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * The registry of personal-data steps (src/personal-data/): every column that points at a person's
 * account or student row is either exported and erased by some module's step, or written only by
 * staff (coordinators, organisation members), never about or by a student. A table added later
 * with such a column fails here until a step covers it or it is listed below with its reason.
 * (students-erasure.spec.ts plants a student's data on every platform and checks that the export
 * hands over all of it and the withdrawal leaves none of it.)
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

/** Columns about staff actions: who created, decided, hid or highlighted something. Students hold no such role. */
const STAFF_ONLY: Record<string, string> = {
  'school.created_by': 'registerSchool: coordinators',
  'event.created_by': 'createEvent, scheduleEpisode, approveProposal: coordinators and members of verified organisations',
  'offer.created_by': 'createOffer: organisation members',
  'matching_run.requested_by': 'requestMatchingRun, requestSupportMatching: coordinators',
  'proposal.decided_by': 'approveProposal, rejectProposal: coordinators',
  'decision_audit.actor_id': 'the deciding coordinator',
  'agenda_item.created_by': 'addAgendaItem: coordinators and the host organisation',
  'meeting_minutes.updated_by': 'setMinutes: coordinators and the host organisation',
  'perspective.highlighted_by': 'highlightPerspective: coordinators',
  'tv_program.created_by': 'createProgram: coordinators',
  'tv_comment.hidden_by': 'hideComment: coordinators',
  'scenario.created_by': 'createScenario: coordinators and organisation members',
  'support_need.created_by': 'registerSupportNeed, importSupportNeeds: coordinators',
  'support_pairing.decided_by': 'approveSupportPairing, rejectSupportPairing: coordinators',
  'organization_member.user_id': 'signUpOrganization: organisation staff (students are enrolled by schools, never members)',
  'disaster.declared_by': 'declareDisaster: coordinators',
  'disaster.ended_by': 'endDisaster: coordinators',
  'support_contact_card.updated_by': 'setContactCard: coordinators',
};

describe('the personal-data registry', () => {
  it('covers every column that points at an account or a student, but the staff-only ones', async () => {
    const registry = t.app.get(PersonalDataRegistry);
    const pointing: { col: string }[] = await t.db.query(
      `SELECT c.conrelid::regclass::text || '.' || a.attname AS col
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
       WHERE c.contype = 'f' AND c.confrelid IN ('app_user'::regclass, 'student'::regclass)
       ORDER BY 1`,
    );
    const columns = pointing.map((p) => p.col);
    const covered = new Set(registry.covered('student'));
    expect(columns.filter((c) => !covered.has(c) && !(c in STAFF_ONLY))).toEqual([]);
    // and nothing is claimed that does not exist (a renamed column would hide behind a stale claim)
    expect([...covered, ...Object.keys(STAFF_ONLY)].filter((c) => !columns.includes(c))).toEqual([]);
    expect([...covered].filter((c) => c in STAFF_ONLY)).toEqual([]);
  });

  it('covers every column that points at a support need (removeSupportNeed erases the person whole)', async () => {
    const pointing: { col: string }[] = await t.db.query(
      `SELECT c.conrelid::regclass::text || '.' || a.attname AS col
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
       WHERE c.contype = 'f' AND c.confrelid = 'support_need'::regclass
       ORDER BY 1`,
    );
    const covered = t.app.get(PersonalDataRegistry).covered('supportNeed');
    expect(pointing.map((p) => p.col).filter((c) => !covered.includes(c))).toEqual([]);
    expect(covered).toContain('support_need.id');
  });

  it("finds every module's step, and runs the matching graph's first and the student's own row last", () => {
    const names = t.app.get(PersonalDataRegistry).names;
    expect([...names].sort()).toEqual(
      ['CommitteePersonalData', 'GraphPersonalData', 'MatchingPersonalData', 'PreparednessPersonalData', 'PrivacyPersonalData', 'StudentPersonalData', 'SupportNeedPersonalData', 'TvPersonalData'].sort(),
    );
    expect(names[0]).toBe('MatchingPersonalData');
    expect(names.at(-1)).toBe('StudentPersonalData');
  });
});
