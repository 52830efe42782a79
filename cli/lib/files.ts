import { readFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { CliUsageError } from '../context.js';

function describeFsError(error: unknown, path: string, verb: '读取' | '写入'): CliUsageError {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  switch (code) {
    case 'ENOENT':
      return new CliUsageError(verb === '读取' ? `找不到文件：${path}` : `无法写入 ${path}：所在文件夹不存在`);
    case 'EISDIR':
      return new CliUsageError(`${path} 是一个文件夹，不是文件`);
    case 'EACCES':
    case 'EPERM':
      return new CliUsageError(`没有权限${verb}：${path}`);
    case 'EEXIST':
      return new CliUsageError(`文件已存在：${path}（如要覆盖，请加 --force）`);
    default:
      return new CliUsageError(`无法${verb} ${path}：${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function readInputFile(path: string, cwd: string): Promise<{ bytes: Uint8Array; filename: string; path: string }> {
  const full = resolve(cwd, path);
  try {
    const bytes = new Uint8Array(await readFile(full));
    return { bytes, filename: basename(full), path: full };
  } catch (error) {
    throw describeFsError(error, path, '读取');
  }
}

export async function writeOutputFile(path: string, cwd: string, bytes: Uint8Array, overwrite: boolean): Promise<string> {
  const full = resolve(cwd, path);
  try {
    await writeFile(full, bytes, { flag: overwrite ? 'w' : 'wx' });
    return full;
  } catch (error) {
    throw describeFsError(error, path, '写入');
  }
}
