/**
 * The accounts from the command line: users add (password on standard input), list, token,
 * remove; and `serve --host` refusing an address other machines reach when no administrator exists.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLoopback } from '../../src/cli/serve.js';
import { openStore } from '../../src/store/index.js';

const ROOT = join(__dirname, '..', '..');
const cli = (args: string[], input = '') =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', input, timeout: 60_000 });

describe('nianbao users', () => {
  it('adds, lists, gives a token to and removes users; the password comes from standard input and is never stored', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'nianbao-users-')), 'n.db');
    const short = cli(['users', 'add', 'admin', '--role', 'admin', '--db', db], 'short\n');
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('密码至少 8 个字符');
    const add = cli(['users', 'add', 'admin', '--role', 'admin', '--db', db], 'a-good-password\n');
    expect(add.status, add.stderr).toBe(0);
    expect(add.stdout).toContain('已添加用户 admin：管理员');
    const rev = cli(['users', 'add', 'nanyang', '--role', 'reviewer', '--scope', '河南省/南阳市', '--db', db], 'another-password\n');
    expect(rev.stdout).toContain('审核人员，范围 河南省/南阳市');
    const bad = cli(['users', 'add', 'x', '--role', 'reviewer', '--scope', 'bar', '--db', db], 'another-password\n');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('不是行政区划名称');
    const list = cli(['users', 'list', '--db', db]);
    expect(list.stdout.trim().split('\n')).toEqual(['admin\t管理员\t全部', 'nanyang\t审核人员\t河南省/南阳市']);
    const token = cli(['users', 'token', 'nanyang', '--db', db]);
    expect(token.stdout.trim()).toMatch(/^nb_[A-Za-z0-9_-]{40,}$/);
    const store = await openStore({ file: db });
    try {
      expect(await store.accounts.verifyLogin('admin', 'a-good-password')).toMatchObject({ name: 'admin' });
      expect(await store.accounts.tokenUser(token.stdout.trim())).toMatchObject({ name: 'nanyang' });
    } finally {
      await store.close();
    }
    expect(cli(['users', 'remove', 'nanyang', '--db', db]).stdout).toContain('已删除用户 nanyang');
    expect(cli(['users', 'remove', 'nanyang', '--db', db]).status).toBe(2);
    expect(cli(['users', 'list', '--db', db]).stdout.trim()).toBe('admin\t管理员\t全部');
  }, 180_000);

  it('serve on an address other machines reach refuses to start without an administrator, with the command to make one', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'nianbao-serve-')), 'n.db');
    const r = cli(['serve', '--host', '0.0.0.0', '--port', '0', '--db', db]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('必须先创建管理员');
    expect(r.stderr).toContain('nianbao users add admin --role admin');
  }, 60_000);

  it('loopback addresses', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.5', 'example.org']) expect(isLoopback(h), h).toBe(false);
  });
});
