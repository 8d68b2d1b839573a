/**
 * `nianbao backup FILE` and `nianbao restore FILE`: the whole store (original files included) to
 * one file and back. The database: --db (a SQLite file or a postgres:// URL), else DATABASE_URL,
 * else ./data/nianbao.db. The store's modules load only when a command runs.
 */
import type { Command } from 'commander';

const DB_HELP = 'SQLite 数据库文件或 postgres:// 地址（默认：环境变量 DATABASE_URL，否则 ./data/nianbao.db）';

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('备份整个数据库（报告、审核决定、单位名单和原始文件）到一个文件；服务运行时也可以备份')
    .argument('<file>', '备份文件（SQLite：数据库文件；PostgreSQL：pg_dump 归档）')
    .option('--db <file|url>', DB_HELP)
    .option('--force', '备份文件已存在时覆盖')
    .action(async (file: string, o: { db?: string; force?: boolean }) => {
      const { backupStore, describeResult, locate } = await import('../store/backup.js');
      const r = await backupStore(file, locate(o.db), { force: !!o.force });
      (r.ok ? process.stdout : process.stderr).write(describeResult(r, 'backup') + '\n');
      process.exitCode = r.ok ? 0 : 1;
    });

  program
    .command('restore')
    .description('从备份文件恢复数据库；目标数据库有数据时拒绝，除非加 --force（请先停止服务）')
    .argument('<file>', 'nianbao backup 生成的备份文件')
    .option('--db <file|url>', DB_HELP)
    .option('--force', '目标数据库已有数据时仍然用备份覆盖')
    .action(async (file: string, o: { db?: string; force?: boolean }) => {
      const { describeResult, locate, restoreStore } = await import('../store/backup.js');
      const r = await restoreStore(file, locate(o.db), { force: !!o.force });
      (r.ok ? process.stdout : process.stderr).write(describeResult(r, 'restore') + '\n');
      process.exitCode = r.ok ? 0 : 1;
    });
}
