/**
 * nianbao users add|list|remove|token: the accounts of a shared server. The password is read
 * from standard input (never from the command line, where `ps` and the shell history see it).
 */
import { join } from 'node:path';
import type { Command } from 'commander';

interface DbOptions {
  db: string;
}

async function openFor(o: DbOptions) {
  const { openStore } = await import('../store/index.js');
  const url = process.env['DATABASE_URL'];
  return openStore(url ? { url } : { file: o.db });
}

/** All of standard input, without the line end a pipe or a typed Enter adds. */
async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerUsers(program: Command): void {
  const users = program.command('users').description('管理用户：管理员、审核人员（限一个地区）、填报单位（限一个单位）');
  const dbOption = (c: Command): Command => c.option('--db <file>', 'SQLite 数据库文件（设置 DATABASE_URL 则使用 PostgreSQL）', join('data', 'nianbao.db'));

  dbOption(
    users
      .command('add <name>')
      .description('添加用户或修改已有用户（密码从标准输入读取，如 echo 密码 | nianbao users add 张三 --role reviewer --scope 河南省/南阳市）')
      .requiredOption('--role <role>', 'admin（管理员）、reviewer（审核人员）或 unit（填报单位）')
      .option('--scope <scope>', '审核人员：地区，如 河南省/南阳市；填报单位：单位名称或编号'),
  ).action(async (name: string, o: DbOptions & { role: string; scope?: string }) => {
    const password = await readPassword();
    const store = await openFor(o);
    try {
      const r = await store.accounts.addUser({ name, role: o.role, scope: o.scope ?? null, password });
      if ('error' in r) {
        process.stderr.write(`nianbao: ${r.error}\n`);
        process.exitCode = 2;
        return;
      }
      const { ROLE_NAME } = await import('../store/index.js');
      const scope = r.user.scopeRegion ?? r.user.scopeUnitName ?? '全部';
      process.stdout.write(`${r.created ? '已添加' : '已修改'}用户 ${r.user.name}：${ROLE_NAME[r.user.role]}，范围 ${scope}\n`);
      await store.accounts.audit({
        user: '命令行',
        role: 'admin',
        action: r.created ? 'user.add' : 'user.edit',
        target: r.user.name,
        detail: `${r.user.role} ${scope}`,
      });
    } finally {
      await store.close();
    }
  });

  dbOption(users.command('list').description('列出用户')).action(async (o: DbOptions) => {
    const store = await openFor(o);
    try {
      const { ROLE_NAME } = await import('../store/index.js');
      const list = await store.accounts.listUsers();
      if (!list.length) process.stdout.write('还没有用户（在本机运行时以本机管理员身份使用）\n');
      for (const u of list) process.stdout.write(`${u.name}\t${ROLE_NAME[u.role]}\t${u.scopeRegion ?? u.scopeUnitName ?? '全部'}\n`);
    } finally {
      await store.close();
    }
  });

  dbOption(users.command('remove <name>').description('删除用户（其会话和令牌随之失效）')).action(async (name: string, o: DbOptions) => {
    const store = await openFor(o);
    try {
      if (await store.accounts.removeUser(name)) {
        process.stdout.write(`已删除用户 ${name}\n`);
        await store.accounts.audit({ user: '命令行', role: 'admin', action: 'user.remove', target: name });
      } else {
        process.stderr.write(`nianbao: 没有用户「${name}」\n`);
        process.exitCode = 2;
      }
    } finally {
      await store.close();
    }
  });

  dbOption(
    users
      .command('token <name>')
      .description('为用户生成接口令牌（供脚本使用：Authorization: Bearer 令牌；只显示这一次）')
      .option('--label <text>', '令牌用途说明', ''),
  ).action(async (name: string, o: DbOptions & { label: string }) => {
    const store = await openFor(o);
    try {
      const r = await store.accounts.createToken(name, o.label);
      if ('error' in r) {
        process.stderr.write(`nianbao: ${r.error}\n`);
        process.exitCode = 2;
        return;
      }
      process.stdout.write(`${r.token}\n`);
      await store.accounts.audit({ user: '命令行', role: 'admin', action: 'token.create', target: name, detail: o.label || null });
    } finally {
      await store.close();
    }
  });
}
