/**
 * The demo accounts the start-up banner offers a newcomer, one to try each platform, with what
 * each shows (README's "Demo logins" says the same at more length). Pure data: the accounts are
 * those of core/, with the shared demo password.
 */
import { DEMO_ORGANIZATIONS, DEMO_RESIDENTS } from './core/index.js';
import { DEMO_NEEDS } from './preparedness-demo.js';

export interface DemoLogin {
  /** account key in core/ (organisations' members, residents) (an organisation member or a resident) */
  key: string;
  /** where it is the account to try: a platform, or what kind of caller */
  platform: string;
  /** what it shows, in a line */
  shows: string;
}

/** The need the demo's support matching pairs SUPPORT_HELPER with (written so in preparedness-demo.ts). */
export const SUPPORT_HELPER_NEED = DEMO_NEEDS[0].label;
/** The helper a coordinator's requestSupportMatching pairs with SUPPORT_HELPER_NEED. */
export const SUPPORT_HELPER = 'staff.tanushimaru';

export const DEMO_LOGINS: DemoLogin[] = [
  { key: 'sakamoto', platform: 'resident', shows: 'her もしもプラン (myPreparednessPlan, GET /preparedness/plan.pdf), もしも responses, 地福TV comments' },
  { key: 'staff.musubi', platform: '未来会議', shows: 'its offers; once a coordinator approves a proposal for one, the joint action (myJointActions)' },
  { key: 'staff.kominkan', platform: '新地福委員会', shows: 'the secretariat: agendas and minutes of the meetings (addAgendaItem, setMinutes)' },
  {
    key: SUPPORT_HELPER,
    platform: 'もしも helper',
    shows: `pledged help in 田主丸: requestSupportMatching pairs it with ${SUPPORT_HELPER_NEED}; approved, and during a declared drill, myHelpAssignments`,
  },
  { key: 'staff.koranosalon', platform: 'unverified org', shows: 'its OPEN offer is never proposed into until a coordinator verifies it' },
];

/** The email of a demo account key. */
export function demoEmail(key: string): string {
  const account = [...DEMO_ORGANIZATIONS.map((o) => o.member), ...DEMO_RESIDENTS].find((a) => a.key === key);
  if (!account) throw new Error(`demo logins: unknown account ${key}`);
  return account.email;
}
