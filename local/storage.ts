import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { LOCAL_SETTINGS } from './settings';
import { JournalMap } from './wechat/journal';

/**
 * CloudBase storage (云存储) as the local CloudBase plays it, under the rules the project deploys
 * (database/storage-rules.json): a signed-in user may upload (wx.cloud.uploadFile), nobody may
 * read a file directly, and a cloud function hands out temporary URLs (getTempFileURL) to
 * whoever may see it. File ids have the cloud's shape, `cloud://<env>.<bucket>/<path>`.
 */
interface FileMeta {
  path: string;
  owner: string;
  type: string;
  size: number;
  at: string;
}

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
};

/** A file id of an environment's storage, shaped as the cloud's: `cloud://<env>.<bucket>/<path>`. */
export function storageFileId(envId: string, path: string): string {
  const bucket = `${Buffer.from(envId.slice(0, 2)).toString('hex')}-${envId}-1250000000`;
  return `cloud://${envId}.${bucket}/${path}`;
}

/** The cloud's limit on one getTempFileURL request. */
export const TEMP_URL_BATCH = 50;
/** The longest a temporary URL may live, in seconds (the cloud's default is a day). */
const MAX_AGE_LIMIT = 86_400;
/** What the mini-program may upload at most here (wx.cloud.uploadFile itself allows more). */
const MAX_FILE_BYTES = 10 << 20;

/** A file id of the local CloudBase's storage (for files tests record without uploading). */
export const localFileId = (path: string): string => storageFileId(LOCAL_SETTINGS.ENV_ID, path);

export class LocalStorage {
  private readonly secret = randomBytes(32);
  private readonly memory = new Map<string, Buffer>();
  private readonly meta: JournalMap<FileMeta>;
  /** Where the server listens: temporary URLs point at it. */
  baseUrl = '';

  constructor(
    private readonly envId: string,
    private readonly dir: string | null,
  ) {
    this.meta = new JournalMap<FileMeta>(dir ? join(dir, 'meta.jsonl') : null);
  }

  fileId(path: string): string {
    return storageFileId(this.envId, path);
  }

  /** The path of one of this environment's file ids, or undefined. */
  pathOf(fileId: string): string | undefined {
    const prefix = this.fileId('');
    return fileId.startsWith(prefix) ? clean(fileId.slice(prefix.length)) : undefined;
  }

  /** wx.cloud.uploadFile by a signed-in user; an existing file only its owner may replace. */
  upload(
    cloudPath: string,
    body: Buffer,
    owner: string,
  ): { fileID: string } | { status: number; message: string } {
    const path = clean(cloudPath);
    if (!path) return { status: 400, message: 'cloudPath 不合法' };
    if (body.length === 0 || body.length > MAX_FILE_BYTES)
      return { status: 400, message: '文件为空或过大' };
    const existing = this.meta.get(path);
    if (existing && existing.owner !== owner) return { status: 403, message: '无权覆盖他人的文件' };
    if (this.dir) {
      const file = join(this.dir, 'files', path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(`${file}.tmp`, body);
      renameSync(`${file}.tmp`, file);
    } else this.memory.set(path, body);
    const type = TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    this.meta.set(path, { path, owner, type, size: body.length, at: new Date().toISOString() });
    return { fileID: this.fileId(path) };
  }

  /** The SDK's `storage.batchGetDownloadUrl`: a signed, expiring URL per existing file. */
  downloadList(files: Array<{ fileid?: unknown; max_age?: unknown }>): object[] {
    return files.map((f) => {
      const fileID = String(f.fileid ?? '');
      const path = this.pathOf(fileID);
      if (!path || !this.meta.get(path))
        return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST' };
      const age = typeof f.max_age === 'number' && f.max_age > 0 ? f.max_age : MAX_AGE_LIMIT;
      const expires = Math.floor(Date.now() / 1000) + Math.min(age, MAX_AGE_LIMIT);
      const query = `t=${expires}&sign=${this.sign(path, expires)}`;
      return {
        fileID,
        tempFileURL: `${this.baseUrl}/storage/files/${path}?${query}`,
        code: 'SUCCESS',
      };
    });
  }

  /** A read through a temporary URL; anything else is refused, as the storage rules say. */
  read(
    path: string,
    t: string | null,
    sign: string | null,
  ): { body: Buffer; type: string } | number {
    const file = clean(path);
    const meta = file ? this.meta.get(file) : undefined;
    const expires = Number(t);
    if (!file || !sign || !Number.isInteger(expires)) return 403;
    const expected = Buffer.from(this.sign(file, expires));
    const given = Buffer.from(sign);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 403;
    if (expires < Date.now() / 1000) return 403;
    if (!meta) return 404;
    const body = this.dir
      ? existsSync(join(this.dir, 'files', file))
        ? readFileSync(join(this.dir, 'files', file))
        : undefined
      : this.memory.get(file);
    return body ? { body, type: meta.type } : 404;
  }

  private sign(path: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${path}\n${expires}`).digest('hex');
  }
}

/** A cloud path as the cloud accepts it: relative, no `..`, no empty or odd segments. */
function clean(cloudPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(cloudPath).replace(/^\/+/, '');
  } catch {
    return undefined;
  }
  if (!path || path.length > 850 || !/^[\w\-./]+$/.test(path)) return undefined;
  const parts = path.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return undefined;
  // Belt and braces: the joined path must stay inside the storage folder.
  return resolve('/', path).slice(1).split(sep).join('/') === path ? path : undefined;
}
