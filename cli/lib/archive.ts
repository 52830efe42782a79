// The archive both `lianshen backup` and `lianshen campaign export` write: a tar.gz of parts plus
// manifest.json (what the archive is, and every part's size and SHA-256) and manifest.sha256 (the
// manifest's own SHA-256, in sha256sum's format, so `sha256sum -c` checks it by hand too).
// Reading one checks everything before anything is used: a damaged, partial or foreign archive is
// refused with a Chinese message naming what is wrong.
import { createHash } from 'node:crypto';
import { chmodSync, createReadStream, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as tar from 'tar';
import { z } from 'zod';

export const MANIFEST = 'manifest.json';
export const MANIFEST_SUM = 'manifest.sha256';

const Hash = z.string().regex(/^[0-9a-f]{64}$/);
export const ArchivePart = z.object({ path: z.string(), bytes: z.number().int().nonnegative(), sha256: Hash });
export type ArchivePart = z.infer<typeof ArchivePart>;

/** A damaged, partial or foreign archive: nothing was written. */
export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

export function sha256File(path: string): Promise<string> {
  return new Promise((ok, fail) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('end', () => ok(h.digest('hex')))
      .on('error', fail);
  });
}

/** Size and SHA-256 of each part (paths relative to `dir`, with `/`). */
export function describeParts(dir: string, parts: readonly string[]): Promise<ArchivePart[]> {
  return Promise.all(
    parts.map(async (path) => {
      const full = join(dir, ...path.split('/'));
      return { path, bytes: statSync(full).size, sha256: await sha256File(full) };
    }),
  );
}

/** Writes the manifest and its checksum into `dir`, then packs them and the parts into `out` (mode 0600). */
export async function packArchive(dir: string, manifest: { parts: readonly ArchivePart[] }, out: string): Promise<void> {
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  writeFileSync(join(dir, MANIFEST), text, { mode: 0o600 });
  writeFileSync(join(dir, MANIFEST_SUM), `${createHash('sha256').update(text).digest('hex')}  ${MANIFEST}\n`, { mode: 0o600 });
  const partial = `${out}.partial`;
  try {
    await tar.c({ gzip: true, file: partial, cwd: dir, portable: true }, [MANIFEST, MANIFEST_SUM, ...manifest.parts.map((p) => p.path)]);
    chmodSync(partial, 0o600);
    renameSync(partial, out);
  } finally {
    rmSync(partial, { force: true });
  }
}

/** Every regular file under `dir`, as archive paths. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

export interface ArchiveKind {
  format: string;
  formatVersion: number;
  /** How people call it in messages, e.g. 备份文件. */
  what: string;
}

/**
 * Unpacks `file` into `into` and checks it: the manifest against its checksum and `schema`, its
 * format, and every part (present, its size, its SHA-256; nothing unlisted). Throws ArchiveError.
 */
export async function unpackChecked<T extends { parts: ArchivePart[] }>(
  file: string | Uint8Array,
  into: string,
  schema: z.ZodType<T>,
  kind: ArchiveKind,
): Promise<T> {
  const { what } = kind;
  try {
    const options = {
      cwd: into,
      strict: true,
      // Regular files and folders only: no links, devices or absolute paths.
      filter: (_path: string, entry: tar.ReadEntry | import('node:fs').Stats) =>
        'type' in entry && (entry.type === 'File' || entry.type === 'Directory'),
    };
    if (typeof file === 'string') {
      await tar.x({ ...options, file });
    } else {
      await new Promise<void>((ok, fail) => {
        const stream = tar.x(options);
        stream.on('error', fail);
        stream.on('close', () => ok());
        stream.end(Buffer.from(file));
      });
    }
  } catch (err) {
    throw new ArchiveError(`${what}已损坏或不完整，无法解开（${err instanceof Error ? err.message : String(err)}）`);
  }
  if (!existsSync(join(into, MANIFEST))) throw new ArchiveError(`${what}不完整：缺少清单 ${MANIFEST}`);
  if (!existsSync(join(into, MANIFEST_SUM))) throw new ArchiveError(`${what}不完整：缺少清单校验值 ${MANIFEST_SUM}`);
  const text = readFileSync(join(into, MANIFEST), 'utf8');
  const sum = readFileSync(join(into, MANIFEST_SUM), 'utf8').trim().split(/\s+/)[0];
  if (createHash('sha256').update(text).digest('hex') !== sum) throw new ArchiveError(`${what}已损坏：清单 ${MANIFEST} 与其校验值不符`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ArchiveError(`${what}已损坏：清单 ${MANIFEST} 不是有效的 JSON`);
  }
  const format = z.object({ format: z.string(), formatVersion: z.number() }).safeParse(json);
  if (!format.success || format.data.format !== kind.format) throw new ArchiveError(`这不是 lianshen 的${what}（清单格式不符）`);
  if (format.data.formatVersion !== kind.formatVersion) {
    throw new ArchiveError(`${what}的格式版本 ${format.data.formatVersion} 不受此版本支持（支持 ${kind.formatVersion}）`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ArchiveError(`${what}的清单格式不正确（${parsed.error.issues[0]?.path.join('.') ?? ''}）`);
  const manifest = parsed.data;
  const listed = new Set([MANIFEST, MANIFEST_SUM, ...manifest.parts.map((p) => p.path)]);
  for (const path of listFiles(into)) {
    if (!listed.has(path)) throw new ArchiveError(`${what}含有清单之外的文件：${path}`);
  }
  for (const part of manifest.parts) {
    const full = join(into, ...part.path.split('/'));
    if (!existsSync(full)) throw new ArchiveError(`${what}不完整：缺少 ${part.path}`);
    if (statSync(full).size !== part.bytes) throw new ArchiveError(`${what}已损坏：${part.path} 的大小与清单不符`);
    if ((await sha256File(full)) !== part.sha256) throw new ArchiveError(`${what}已损坏：${part.path} 的 SHA-256 校验值与清单不符`);
  }
  return manifest;
}
