/**
 * Accounts: users with a role and a scope, their sessions and API tokens, and the audit log.
 *
 * - Passwords are hashed with argon2id (@node-rs/argon2, its defaults: 19 MiB, 2 passes); the
 *   password itself is never stored or logged.
 * - A session id and an API token are 32 random bytes (node:crypto); only their SHA-256 is
 *   stored, so a copy of the database opens no session.
 * - Roles: 管理员 `admin` (everything), 审核人员 `reviewer` scoped to a region (the reports and units
 *   of that region), 填报单位 `unit` scoped to one unit (its own reports).
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Kysely, Selectable } from 'kysely';
import { ownRegion, placeRegion } from '../units/divisions.js';
import type { Database, UsersTable } from './tables.js';

export type Role = 'admin' | 'reviewer' | 'unit';
export const ROLES: readonly Role[] = ['admin', 'reviewer', 'unit'];
export const ROLE_NAME: Record<Role, string> = { admin: '管理员', reviewer: '审核人员', unit: '填报单位' };

export interface User {
  id: number;
  name: string;
  role: Role;
  /** reviewer: the region path whose reports and units the user sees. */
  scopeRegion: string | null;
  /** unit: the unit whose reports the user sees. */
  scopeUnitId: number | null;
  /** The unit's name, for display. */
  scopeUnitName: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  user: string;
  role: string;
  action: string;
  target: string | null;
  detail: string | null;
  ip: string | null;
}

export const MIN_PASSWORD = 8;
export const SESSION_TTL_MS = 12 * 3600 * 1000;

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const now = (): string => new Date().toISOString();
/** A hash to verify against when the user does not exist, so both cases take the same time. */
let dummyHash: Promise<string> | null = null;

export class Accounts {
  constructor(private readonly db: Kysely<Database>) {}

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async hasAdmin(): Promise<boolean> {
    return !!(await this.db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirst());
  }

  /** Where a scope written for a role points: a region path (reviewer) or a unit id (unit). */
  private async resolveScope(role: Role, scope: string | null): Promise<{ region: string | null; unitId: number | null } | { error: string }> {
    if (role === 'admin') return scope ? { error: '管理员不设范围' } : { region: null, unitId: null };
    if (!scope?.trim())
      return { error: role === 'reviewer' ? '审核人员须用 --scope 指定地区，如 河南省/南阳市' : '填报单位须用 --scope 指定单位（名称或编号）' };
    const s = scope.trim();
    if (role === 'reviewer') {
      const p = placeRegion(s);
      if (p.kind === 'placed') return { region: p.division.path, unitId: null };
      if (ownRegion(s)) return { region: s.replace(/\/+$/, ''), unitId: null };
      return { error: p.kind === 'ambiguous' ? `地区「${s}」有多个同名行政区划，请写出上级，如 ${p.candidates[0]!.path}` : `地区「${s}」不是行政区划名称` };
    }
    const byId = /^\d+$/.test(s) ? await this.db.selectFrom('units').select('id').where('id', '=', Number(s)).executeTakeFirst() : undefined;
    if (byId) return { region: null, unitId: byId.id };
    const byName = await this.db.selectFrom('units').select(['id', 'region']).where('name', '=', s).execute();
    if (byName.length === 1) return { region: null, unitId: byName[0]!.id };
    return {
      error: byName.length
        ? `名录中有 ${byName.length} 个「${s}」（${byName.map((u) => `编号 ${u.id}${u.region ? ` ${u.region}` : ''}`).join('；')}），请用编号`
        : `单位名录中没有「${s}」：请先导入单位名录`,
    };
  }

  /** Add a user (or change an existing one's role, scope and password). Never throws on bad input. */
  async addUser(input: { name: string; role: string; scope?: string | null; password: string }): Promise<{ user: User; created: boolean } | { error: string }> {
    const name = input.name.trim();
    if (!/^[\p{L}\p{N}_.@-]{1,64}$/u.test(name)) return { error: '用户名须为 1–64 个字母、数字或 _ . @ -' };
    if (!ROLES.includes(input.role as Role)) return { error: `角色须为 ${ROLES.join('、')} 之一` };
    const role = input.role as Role;
    if (input.password.length < MIN_PASSWORD) return { error: `密码至少 ${MIN_PASSWORD} 个字符` };
    if (input.password.length > 1024) return { error: '密码过长' };
    const scope = await this.resolveScope(role, input.scope ?? null);
    if ('error' in scope) return scope;
    const password_hash = await hash(input.password);
    const at = now();
    const old = await this.db.selectFrom('users').select('id').where('name', '=', name).executeTakeFirst();
    if (old) {
      await this.db
        .updateTable('users')
        .set({ role, scope_region: scope.region, scope_unit_id: scope.unitId, password_hash, updated_at: at })
        .where('id', '=', old.id)
        .execute();
      // A changed password or role ends the user's sessions.
      await this.db.deleteFrom('sessions').where('user_id', '=', old.id).execute();
    } else
      await this.db
        .insertInto('users')
        .values({ name, role, scope_region: scope.region, scope_unit_id: scope.unitId, password_hash, created_at: at, updated_at: at })
        .execute();
    return { user: (await this.user(name))!, created: !old };
  }

  async removeUser(name: string): Promise<boolean> {
    const r = await this.db.deleteFrom('users').where('name', '=', name.trim()).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async listUsers(): Promise<User[]> {
    const rows = await this.userQuery().orderBy('users.name').execute();
    return rows.map(toUser);
  }

  async user(name: string): Promise<User | null> {
    const r = await this.userQuery().where('users.name', '=', name.trim()).executeTakeFirst();
    return r ? toUser(r) : null;
  }

  private userQuery() {
    return this.db
      .selectFrom('users')
      .leftJoin('units', 'units.id', 'users.scope_unit_id')
      .select(['users.id', 'users.name', 'users.role', 'users.scope_region', 'users.scope_unit_id', 'units.name as unit_name']);
  }

  /** The user when name and password match; null otherwise (the same work either way). */
  async verifyLogin(name: string, password: string): Promise<User | null> {
    const row = await this.db.selectFrom('users').select(['name', 'password_hash']).where('name', '=', name.trim()).executeTakeFirst();
    if (!row) {
      dummyHash ??= hash(randomBytes(16).toString('hex'));
      await verify(await dummyHash, password).catch(() => false);
      return null;
    }
    const ok = await verify(row.password_hash, password).catch(() => false);
    return ok ? this.user(row.name) : null;
  }

  /** A new session: the id for the cookie (its hash is what is stored). */
  async createSession(userId: number, ttlMs = SESSION_TTL_MS): Promise<{ id: string; expiresAt: Date }> {
    const id = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + ttlMs);
    await this.db
      .insertInto('sessions')
      .values({ id_hash: sha(id), user_id: userId, created_at: now(), expires_at: expiresAt.toISOString() })
      .execute();
    // Expired sessions of anyone are dropped now and then.
    if (Math.random() < 0.05) await this.db.deleteFrom('sessions').where('expires_at', '<', now()).execute();
    return { id, expiresAt };
  }

  async sessionUser(id: string): Promise<User | null> {
    if (!id || id.length > 100) return null;
    const s = await this.db.selectFrom('sessions').select(['user_id', 'expires_at']).where('id_hash', '=', sha(id)).executeTakeFirst();
    if (!s || s.expires_at < now()) return null;
    const r = await this.userQuery().where('users.id', '=', s.user_id).executeTakeFirst();
    return r ? toUser(r) : null;
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', sha(id)).execute();
  }

  /** A new API token for scripts (shown once: only its hash is kept). */
  async createToken(name: string, label = ''): Promise<{ token: string } | { error: string }> {
    const u = await this.user(name);
    if (!u) return { error: `没有用户「${name}」` };
    const token = `nb_${randomBytes(32).toString('base64url')}`;
    await this.db
      .insertInto('api_tokens')
      .values({ user_id: u.id, label: label.slice(0, 100), token_hash: sha(token), created_at: now(), last_used_at: null })
      .execute();
    return { token };
  }

  async tokenUser(token: string): Promise<User | null> {
    if (!token.startsWith('nb_') || token.length > 100) return null;
    const t = await this.db.selectFrom('api_tokens').select(['id', 'user_id']).where('token_hash', '=', sha(token)).executeTakeFirst();
    if (!t) return null;
    await this.db.updateTable('api_tokens').set({ last_used_at: now() }).where('id', '=', t.id).execute();
    const r = await this.userQuery().where('users.id', '=', t.user_id).executeTakeFirst();
    return r ? toUser(r) : null;
  }

  async audit(e: { user: string; role: string; action: string; target?: string | null; detail?: string | null; ip?: string | null }): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        at: now(),
        user_name: e.user.slice(0, 100),
        role: e.role,
        action: e.action,
        target: e.target?.slice(0, 500) ?? null,
        detail: e.detail?.slice(0, 2000) ?? null,
        ip: e.ip?.slice(0, 64) ?? null,
      })
      .execute();
  }

  async auditLog(q: { page?: number; pageSize?: number; action?: string | null; user?: string | null } = {}): Promise<{ total: number; items: AuditEntry[] }> {
    let base = this.db.selectFrom('audit_log');
    if (q.action) base = base.where('action', '=', q.action);
    if (q.user) base = base.where('user_name', '=', q.user);
    const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const pageSize = Math.min(500, Math.max(1, q.pageSize ?? 100));
    const rows = await base
      .selectAll()
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((Math.max(1, q.page ?? 1) - 1) * pageSize)
      .execute();
    return {
      total: Number(n),
      items: rows.map((r) => ({ id: r.id, at: r.at, user: r.user_name, role: r.role, action: r.action, target: r.target, detail: r.detail, ip: r.ip })),
    };
  }
}

function toUser(r: Pick<Selectable<UsersTable>, 'id' | 'name' | 'role' | 'scope_region' | 'scope_unit_id'> & { unit_name: string | null }): User {
  return { id: r.id, name: r.name, role: r.role as Role, scopeRegion: r.scope_region, scopeUnitId: r.scope_unit_id, scopeUnitName: r.unit_name };
}
