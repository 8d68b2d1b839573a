/**
 * Who is asking, and what they may see and do.
 *
 * - With no user configured and the server on loopback, everyone is the local administrator
 *   (the two-command start); the page says so. Once a user exists, every API route but
 *   /healthz and the login answers 401 to an anonymous request.
 * - A session is a random id in an HttpOnly, SameSite=Strict cookie (its hash in the database);
 *   scripts send `Authorization: Bearer nb_…` (an API token) instead.
 * - CSRF: hono's csrf middleware refuses a form-type request (multipart upload, urlencoded,
 *   text/plain) whose Origin or Sec-Fetch-Site is not this site; JSON requests cannot be sent
 *   cross-site without a CORS preflight, which is never granted; the cookie is SameSite=Strict.
 * - Login is throttled per address and per user name.
 * - Scope: a reviewer sees the reports and units of one region, a unit only its own reports;
 *   another's report answers 404 as if it did not exist.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { ROLE_NAME, type Role, type Store, type User } from '../store/index.js';

export const SESSION_COOKIE = 'nianbao_session';

/** The user of a request: a stored user, or the local administrator of a loopback server with no users. */
export type Actor = User & { local: boolean };

export type AuthEnv = { Variables: { user: Actor } };

export const LOCAL_ADMIN: Actor = {
  id: 0,
  name: '本机管理员',
  role: 'admin',
  scopeRegion: null,
  scopeUnitId: null,
  scopeUnitName: null,
  local: true,
};

/** What a user may see: null for everything, else a region or one unit. */
export interface Scope {
  region?: string | null;
  unitId?: number | null;
}

export function scopeOf(u: Actor): Scope | null {
  if (u.role === 'admin') return null;
  if (u.role === 'reviewer') return { region: u.scopeRegion ?? '\u0000' };
  return { unitId: u.scopeUnitId ?? -1 };
}

/** A region path inside another (or the same). */
export const within = (region: string | null | undefined, scope: string): boolean => !!region && (region === scope || region.startsWith(`${scope}/`));

/** Whether a user may see a report (by its place and unit). */
export function canSee(u: Actor, r: { region: string | null; unitId: number | null }): boolean {
  if (u.role === 'admin') return true;
  if (u.role === 'reviewer') return within(r.region, u.scopeRegion ?? '\u0000');
  return r.unitId !== null && r.unitId === u.scopeUnitId;
}

/** Whether a user may see (and, as reviewer, act on) a unit. */
export function canSeeUnit(u: Actor, unit: { id: number; region: string | null }): boolean {
  if (u.role === 'admin') return true;
  if (u.role === 'reviewer') return within(unit.region, u.scopeRegion ?? '\u0000');
  return unit.id === u.scopeUnitId;
}

/** The narrower of a user's region and a region asked for; `null` when they do not overlap. */
export function narrowRegion(scope: string | null, asked: string | null): string | null | undefined {
  if (!scope) return asked;
  if (!asked) return scope;
  const a = asked.replace(/\/+$/, '');
  if (within(a, scope)) return a;
  if (within(scope, a)) return scope;
  return null;
}

export const mayReview = (u: Actor): boolean => u.role === 'admin' || u.role === 'reviewer';

/** Failed logins per key within the window; a key over the limit waits. */
export class Throttle {
  private fails = new Map<string, number[]>();
  constructor(
    readonly limit = 5,
    readonly windowMs = 15 * 60_000,
  ) {}
  /** Seconds to wait before another try (0: go ahead). */
  wait(key: string, at = Date.now()): number {
    const xs = (this.fails.get(key) ?? []).filter((t) => at - t < this.windowMs);
    this.fails.set(key, xs);
    return xs.length >= this.limit ? Math.ceil((xs[0]! + this.windowMs - at) / 1000) : 0;
  }
  fail(key: string, at = Date.now()): void {
    this.fails.set(key, [...(this.fails.get(key) ?? []), at]);
    if (this.fails.size > 10_000) this.fails.delete(this.fails.keys().next().value!);
  }
  clear(key: string): void {
    this.fails.delete(key);
  }
}

export const clientIp = (c: Context): string => {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
};

/** Paths anyone may ask for. */
const OPEN = new Set(['/healthz', '/api/login', '/api/me']);

export interface AuthOptions {
  store: Store;
  /** A server on loopback with no user runs as the local administrator; elsewhere it refuses. */
  allowLocalAdmin: boolean;
}

/**
 * CSRF refusal (hono's csrf middleware) for what a browser sends: a form-type request whose
 * Origin / Sec-Fetch-Site is not this site answers 403. A request with neither header does not
 * come from a browser (curl, a script with its token) and cannot carry a victim's cookie.
 */
export const csrfGuard = (): MiddlewareHandler => {
  const inner = csrf();
  return async (c, next) => {
    if (!c.req.header('origin') && !c.req.header('sec-fetch-site')) return next();
    try {
      return await inner(c, next);
    } catch (e) {
      if (e instanceof HTTPException && e.status === 403) return c.json({ error: '跨站请求被拒绝（CSRF）' }, 403);
      throw e;
    }
  };
};

/** Sets the request's user, or answers 401. */
export function authenticate(opts: AuthOptions): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const path = c.req.path;
    if (!path.startsWith('/api/') && path !== '/healthz') return next();
    const accounts = opts.store.accounts;
    let user: Actor | null = null;
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer) {
      const u = await accounts.tokenUser(bearer);
      if (!u) return c.json({ error: '令牌无效或已撤销' }, 401);
      user = { ...u, local: false };
    } else {
      const sid = getCookie(c, SESSION_COOKIE);
      const u = sid ? await accounts.sessionUser(sid) : null;
      if (u) user = { ...u, local: false };
    }
    if (!user && (await accounts.count()) === 0) {
      if (!opts.allowLocalAdmin && !OPEN.has(path))
        return c.json({ error: '服务器未设置管理员：请先运行 nianbao users add 名称 --role admin 创建管理员' }, 401);
      if (opts.allowLocalAdmin) user = LOCAL_ADMIN;
    }
    if (!user) {
      if (OPEN.has(path)) return next();
      return c.json({ error: '请先登录' }, 401);
    }
    c.set('user', user);
    return next();
  };
}

/** Answers 403 unless the user may review (admin or reviewer). */
export const reviewerOnly: MiddlewareHandler<AuthEnv> = async (c, next) => {
  if (!mayReview(c.get('user'))) return c.json({ error: '填报单位不能进行审核操作' }, 403);
  return next();
};

export const adminOnly: MiddlewareHandler<AuthEnv> = async (c, next) => {
  if (c.get('user').role !== 'admin') return c.json({ error: '只有管理员可以进行此操作' }, 403);
  return next();
};

/** The user as the web app shows it. */
export function publicUser(u: Actor): {
  name: string;
  role: Role;
  roleName: string;
  scopeRegion: string | null;
  scopeUnitId: number | null;
  scopeUnitName: string | null;
  local: boolean;
} {
  return {
    name: u.name,
    role: u.role,
    roleName: ROLE_NAME[u.role],
    scopeRegion: u.scopeRegion,
    scopeUnitId: u.scopeUnitId,
    scopeUnitName: u.scopeUnitName,
    local: u.local,
  };
}

export function setSessionCookie(c: Context, id: string, expires: Date): void {
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: new URL(c.req.url).protocol === 'https:',
    expires,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}
