import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { rows } from '../common/database/sql.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { Role } from './role.enum.js';

/** The caller's transaction (an EntityManager) or, for a lone statement, the data source. */
export type AccountDb = DataSource | EntityManager;

/** A sign-up: the email must be new; the password is already hashed (argon2 is slow, hash before any transaction). */
export interface NewLogin {
  email: string;
  passwordHash: string;
  displayName: string;
  role: Role;
  area?: string | null;
}

/** One account of a bulk creation, its id chosen by the caller (so that its other rows can be written in bulk too). */
export interface NewAccount {
  id: string;
  displayName: string;
  role: Role;
  email?: string | null;
  passwordHash?: string | null;
  area?: string | null;
}

export interface CreatedAccount {
  id: string;
  displayName: string;
  roles: Role[];
}

/**
 * The one place that creates, renames and drops accounts (`app_user` belongs to identity). Every
 * method takes the caller's EntityManager, so that an account and the rows of another module that
 * hang on it are committed together. Holds no state: the demo seed, outside Nest, may `new` it.
 */
@Injectable()
export class AccountService {
  /** The hash a login keeps (argon2id): slow on purpose, so take it before any transaction opens. */
  hashPassword(password: string): Promise<string> {
    return hashPassword(password);
  }

  /** A login account; null when the email is taken (nothing is written then). */
  async create(db: AccountDb, login: NewLogin): Promise<CreatedAccount | null> {
    const [created] = await rows<CreatedAccount>(
      db,
      `INSERT INTO app_user (email, password_hash, display_name, roles, area)
       VALUES ($1, $2, $3, ARRAY[$4::role], $5)
       ON CONFLICT (email) DO NOTHING
       RETURNING id, display_name AS "displayName", roles::text[] AS roles`,
      [login.email, login.passwordHash, login.displayName, login.role, login.area ?? null],
    );
    return created ?? null;
  }

  /** Many accounts in one statement whatever their number (a roster keeps a fixed statement count). */
  async createMany(db: AccountDb, accounts: readonly NewAccount[]): Promise<void> {
    if (!accounts.length) return;
    await db.query(
      `INSERT INTO app_user (id, email, password_hash, display_name, roles, area)
       SELECT u.id, u.email, u.password_hash, u.display_name, ARRAY[u.role::role], u.area
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(id, email, password_hash, display_name, role, area)`,
      [
        accounts.map((a) => a.id),
        accounts.map((a) => a.email ?? null),
        accounts.map((a) => a.passwordHash ?? null),
        accounts.map((a) => a.displayName),
        accounts.map((a) => a.role),
        accounts.map((a) => a.area ?? null),
      ],
    );
  }

  /** Sets the display names in one statement; an account whose name is already that is not touched. */
  async rename(db: AccountDb, names: readonly { id: string; displayName: string }[]): Promise<void> {
    if (!names.length) return;
    await db.query(
      `UPDATE app_user u SET display_name = i.name FROM unnest($1::uuid[], $2::text[]) AS i(id, name)
       WHERE u.id = i.id AND u.display_name IS DISTINCT FROM i.name`,
      [names.map((n) => n.id), names.map((n) => n.displayName)],
    );
  }

  /** Drops accounts created in this transaction that turned out not to be needed (nothing refers to them yet). */
  async dropUnused(db: AccountDb, ids: readonly string[]): Promise<void> {
    if (ids.length) await db.query('DELETE FROM app_user WHERE id = ANY($1::uuid[])', [ids]);
  }

  /**
   * Leaves the account as a name only (erasure): no email, password or area, and every token issued
   * before stops working (token_version moves on). The row stays, for what refers to it.
   */
  async anonymise(db: AccountDb, id: string, displayName: string): Promise<void> {
    await db.query('UPDATE app_user SET display_name = $2, email = NULL, password_hash = NULL, area = NULL, token_version = token_version + 1 WHERE id = $1', [
      id,
      displayName,
    ]);
  }

  /** The emails among these that already have an account. */
  async takenEmails(db: AccountDb, emails: readonly string[]): Promise<Set<string>> {
    const found = await rows<{ email: string }>(db, 'SELECT email FROM app_user WHERE email = ANY($1::text[])', [emails]);
    return new Set(found.map((r) => r.email));
  }

  /**
   * Creates the coordinator, or gives an existing account of that email the password and the role.
   * Idempotent, and safe when several replicas run it at once (one statement, ON CONFLICT). When it
   * changes an existing account's password or roles it raises the account's token_version: every
   * token issued before (a resident's, say, who signed up with this address) stops working, so no
   * token issued before this start ever carries the coordinator role.
   */
  async ensureCoordinator(db: AccountDb, email: string, password: string, displayName: string): Promise<string> {
    const existing = await rows<{ password_hash: string | null }>(db, 'SELECT password_hash FROM app_user WHERE email = $1', [email]);
    const keepHash = existing[0]?.password_hash && (await verifyPassword(existing[0].password_hash, password));
    const hash = keepHash ? existing[0].password_hash : await hashPassword(password);
    const [row] = await rows<{ id: string }>(
      db,
      `INSERT INTO app_user (email, password_hash, display_name, roles) VALUES ($1, $2, $3, ARRAY['${Role.COORDINATOR}']::role[])
       ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash,
         roles = CASE WHEN '${Role.COORDINATOR}' = ANY(app_user.roles) THEN app_user.roles ELSE app_user.roles || '${Role.COORDINATOR}'::role END,
         token_version = CASE WHEN app_user.password_hash IS DISTINCT FROM EXCLUDED.password_hash OR NOT ('${Role.COORDINATOR}' = ANY(app_user.roles))
                              THEN app_user.token_version + 1 ELSE app_user.token_version END
       RETURNING id`,
      [email, hash, displayName],
    );
    return row.id;
  }
}
