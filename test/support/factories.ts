import { randomUUID } from 'node:crypto';
import { ParticipationMode, Platform } from '../../src/graph/graph.enums.js';
import { Role } from '../../src/identity/role.enum.js';
import { hashPassword } from '../../src/identity/passwords.js';
import { TokensService } from '../../src/identity/tokens.service.js';
import type { TestApp } from './app.js';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
  roles: Role[];
}

let seq = 0;
const next = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;
let cachedHash: Promise<string> | undefined;
export const DEFAULT_PASSWORD = 'correct-horse-battery';

/** A user with roles, a password (shared hash: argon2 is slow on purpose) and a signed token. */
export async function createUser(t: TestApp, opts: { roles?: Role[]; displayName?: string; email?: string } = {}): Promise<TestUser> {
  const roles = opts.roles ?? [Role.RESIDENT];
  const email = opts.email ?? `user-${next()}@example.jp`;
  cachedHash ??= hashPassword(DEFAULT_PASSWORD);
  const [row]: { id: string }[] = await t.db.query(
    'INSERT INTO app_user (email, password_hash, display_name, roles) VALUES ($1, $2, $3, $4::role[]) RETURNING id',
    [email, await cachedHash, opts.displayName ?? '久留米 太郎', roles],
  );
  const token = await t.app.get(TokensService).sign({ sub: row.id, typ: 'user' });
  return { id: row.id, email, password: DEFAULT_PASSWORD, token, roles };
}

export const createCoordinator = (t: TestApp) => createUser(t, { roles: [Role.COORDINATOR], displayName: '福祉 花子' });

export async function createOrganization(
  t: TestApp,
  opts: { name?: string; verified?: boolean; members?: TestUser[] } = {},
): Promise<{ id: string; name: string }> {
  const name = opts.name ?? `NPO法人 くるめ支え合い ${next()}`;
  const [org]: { id: string }[] = await t.db.query(
    `INSERT INTO organization (name, kind, area, description, verified) VALUES ($1, 'NPO', '中央', '地域の見守り活動をしています。', $2) RETURNING id`,
    [name, opts.verified ?? true],
  );
  for (const m of opts.members ?? []) {
    await t.db.query('INSERT INTO organization_member (organization_id, user_id) VALUES ($1, $2)', [org.id, m.id]);
  }
  return { id: org.id, name };
}

export async function createOrgMember(t: TestApp, orgOpts: { verified?: boolean } = {}) {
  const user = await createUser(t, { roles: [Role.ORGANIZATION_MEMBER], displayName: '団体 職員' });
  const org = await createOrganization(t, { ...orgOpts, members: [user] });
  return { user, org };
}

export async function createEvent(
  t: TestApp,
  opts: { platform?: Platform; capacity?: number | null; startsAt?: Date; title?: string; hostOrganizationId?: string } = {},
): Promise<{ id: string }> {
  const [row]: { id: string }[] = await t.db.query(
    `INSERT INTO event (id, platform, title, description, starts_at, mode, location, capacity, host_organization_id)
     VALUES ($1, $2, $3, '地域のみんなで話し合います。', $4, $5, '久留米市役所 2階', $6, $7) RETURNING id`,
    [randomUUID(), opts.platform ?? Platform.COMMITTEE, opts.title ?? `新地福委員会 第${next()}回`, opts.startsAt ?? new Date(Date.now() + 7 * 86400_000),
      ParticipationMode.ONSITE, opts.capacity ?? null, opts.hostOrganizationId ?? null],
  );
  return row;
}

/**
 * Offers of an organisation, straight in the database (one statement): `count` of them, or one per
 * `createdAt` when given (ISO strings, microseconds allowed). Titles are numbered from 1.
 */
export async function createOffers(
  t: TestApp,
  organizationId: string,
  opts: { count?: number; status?: 'DRAFT' | 'OPEN' | 'CLOSED'; createdAt?: string[]; title?: string; themes?: string[]; capacity?: number } = {},
): Promise<string[]> {
  const count = opts.createdAt?.length ?? opts.count ?? 1;
  const createdAt = opts.createdAt ?? Array.from({ length: count }, () => null);
  const status = opts.status ?? 'OPEN';
  const found: { id: string }[] = await t.db.query(
    `INSERT INTO offer (organization_id, title, description, themes, capacity, stages, area, mode, slots, status, created_at, published_at, closed_at)
     SELECT $1, $2 || ' ' || n, '地域の防災マップを一緒につくります。', $3::text[], $4, '{HIGH_SCHOOL,UNIVERSITY}', '中央', 'ONSITE', '{WEEKEND_AFTERNOON}',
            $5::offer_status, coalesce(at, now()), CASE WHEN $5 <> 'DRAFT' THEN now() END, CASE WHEN $5 = 'CLOSED' THEN now() END
     FROM unnest($6::timestamptz[]) WITH ORDINALITY AS c(at, n) ORDER BY n RETURNING id`,
    [organizationId, opts.title ?? '防災マップづくり', opts.themes ?? ['disaster', 'community'], opts.capacity ?? 5, status, createdAt],
  );
  return found.map((r) => r.id);
}
