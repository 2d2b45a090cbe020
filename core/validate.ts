import { invalid } from './errors';

/**
 * A small schema validator for action payloads. Every message is Chinese and names the
 * field by its label, because it is shown to residents as is. Objects are strict: an
 * unknown key is refused, which also keeps `__proto__` and friends out of the store.
 */
export interface Schema<T> {
  parse(value: unknown, path: string, scope?: ParseScope): T;
  /** What `parse` accepts, described for tools that generate payloads (the fuzz suite). */
  readonly shape?: Shape;
}

/** Facts about the running function that some values are checked against. */
export interface ParseScope {
  /** The CloudBase environment: a file id must be of its storage. */
  envId?: string;
}

/**
 * A schema's description. Only a summary: `parse` is the rule, and a value built from the shape
 * may still be refused (e.g. a pattern the generator cannot meet).
 */
export type Shape =
  | { kind: 'string'; min: number; max: number; pattern?: RegExp }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'boolean' }
  | { kind: 'oneOf'; values: readonly string[] }
  | { kind: 'date' }
  | { kind: 'array'; item?: Shape; min: number; max: number }
  | { kind: 'object'; fields: Record<string, Shape | undefined> }
  | { kind: 'optional'; inner?: Shape };
export type Infer<S> = S extends Schema<infer T> ? T : never;

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Direction overrides and isolates: they make a text read otherwise than it is written. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;
/** Half of a surrogate pair (an emoji cut in two): not text, and no UTF-8 page or message carries it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** What shows nothing: spaces and format characters (zero-width space, joiners, marks). */
const INVISIBLE = /[\s\p{Cf}]/gu;

function where(path: string): string {
  return path || '参数';
}

export function string(
  label: string,
  opts: { min?: number; max: number; pattern?: RegExp },
): Schema<string> {
  const min = opts.min ?? 1;
  return {
    shape: { kind: 'string', min, max: opts.max, pattern: opts.pattern },
    parse(value, path) {
      if (typeof value !== 'string') throw invalid(where(path), `${label}必须是文字`);
      const text = value.trim();
      // Length in code points, so one emoji or one CJK character counts as one.
      const length = [...text].length;
      // Ten zero-width spaces are no title: what is required must be visible.
      if (length < min || (min > 0 && text.replace(INVISIBLE, '') === ''))
        throw invalid(where(path), min === 1 ? `请填写${label}` : `${label}至少 ${min} 个字`);
      if (length > opts.max) throw invalid(where(path), `${label}不能超过 ${opts.max} 个字`);
      if (LONE_SURROGATE.test(text)) throw invalid(where(path), `${label}含有无法识别的字符`);
      if (CONTROL_CHARS.test(text) || BIDI_CONTROLS.test(text))
        throw invalid(where(path), `${label}含有不可见的控制字符`);
      if (opts.pattern && !opts.pattern.test(text))
        throw invalid(where(path), `${label}格式不正确`);
      return text;
    },
  };
}

export function int(label: string, opts: { min: number; max: number }): Schema<number> {
  return {
    shape: { kind: 'int', min: opts.min, max: opts.max },
    parse(value, path) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        throw invalid(where(path), `${label}必须是整数`);
      if (value < opts.min || value > opts.max)
        throw invalid(where(path), `${label}应在 ${opts.min} 到 ${opts.max} 之间`);
      return value;
    },
  };
}

export function boolean(label: string): Schema<boolean> {
  return {
    shape: { kind: 'boolean' },
    parse(value, path) {
      if (typeof value !== 'boolean') throw invalid(where(path), `${label}必须是是或否`);
      return value;
    },
  };
}

export function oneOf<const T extends string>(label: string, values: readonly T[]): Schema<T> {
  return {
    shape: { kind: 'oneOf', values },
    parse(value, path) {
      if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
        throw invalid(where(path), `${label}不在可选范围内`);
      }
      return value as T;
    },
  };
}

/** An id made by us: letters, digits, `_`, `-`, `:`; never an operator or a path. */
export function id(label: string): Schema<string> {
  return string(label, { max: 128, pattern: /^[A-Za-z0-9_:-]+$/ });
}

export function optional<T>(schema: Schema<T>): Schema<T | undefined> {
  return {
    shape: { kind: 'optional', inner: schema.shape },
    parse(value, path, scope) {
      return value === undefined ? undefined : schema.parse(value, path, scope);
    },
  };
}

export function array<T>(
  label: string,
  item: Schema<T>,
  opts: { min?: number; max: number },
): Schema<T[]> {
  const min = opts.min ?? 0;
  return {
    shape: { kind: 'array', item: item.shape, min, max: opts.max },
    parse(value, path, scope) {
      if (!Array.isArray(value)) throw invalid(where(path), `${label}必须是列表`);
      if (value.length < min) throw invalid(where(path), `${label}至少 ${min} 项`);
      if (value.length > opts.max) throw invalid(where(path), `${label}最多 ${opts.max} 项`);
      return value.map((entry, i) => item.parse(entry, `${path}[${i}]`, scope));
    },
  };
}

/**
 * Someone else's key, fit to quote in a message: at most 40 characters (never half an emoji),
 * nothing invisible or direction-changing.
 */
function quoted(key: string): string {
  const dangerous = new RegExp(
    `${CONTROL_CHARS.source}|${BIDI_CONTROLS.source}|${LONE_SURROGATE.source}`,
    'g',
  );
  return [...key].slice(0, 40).join('').replace(dangerous, '?');
}

type Fields = Record<string, Schema<unknown>>;
type ObjectOf<S extends Fields> = { [K in keyof S]: Infer<S[K]> };

export function object<S extends Fields>(shape: S): Schema<ObjectOf<S>> {
  const fields = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.shape]));
  return {
    shape: { kind: 'object', fields },
    parse(value, path, scope) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw invalid(where(path), '参数格式不正确');
      }
      const input = value as Record<string, unknown>;
      for (const key of Object.keys(input)) {
        if (!Object.prototype.hasOwnProperty.call(shape, key)) {
          const name = quoted(key);
          throw invalid(path ? `${path}.${name}` : name, `不认识的参数：${name}`);
        }
      }
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(shape)) {
        const parsed = shape[key].parse(input[key], path ? `${path}.${key}` : key, scope);
        if (parsed !== undefined) out[key] = parsed;
      }
      return out as ObjectOf<S>;
    },
  };
}

/**
 * A moment as an ISO 8601 string (what the pages send), within this century: dates far in the
 * past or future are typos or attacks, never plans.
 */
export function isoDate(label: string): Schema<Date> {
  return {
    shape: { kind: 'date' },
    parse(value, path) {
      if (typeof value !== 'string' || value.length > 40)
        throw invalid(where(path), `${label}必须是日期时间`);
      const date = new Date(value);
      const year = date.getUTCFullYear();
      if (
        Number.isNaN(date.getTime()) ||
        !/^\d{4}-\d{2}-\d{2}/.test(value) ||
        year < 2000 ||
        year > 2099
      ) {
        throw invalid(where(path), `${label}不是有效的日期时间`);
      }
      return date;
    },
  };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The text in a file's bytes, the way a spreadsheet saved it: UTF-8 (a BOM is dropped), else
 * GB18030 (GBK's superset, what Excel on Chinese Windows writes). Valid UTF-8 is taken as such:
 * GBK text with Chinese in it is practically never valid UTF-8. Undefined for anything else.
 */
function decodeText(bytes: Uint8Array): string | undefined {
  // A NUL is in no text file, but in UTF-16 and binary files, which GB18030 might still "read".
  if (bytes.includes(0)) return undefined;
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      // not this encoding
    }
  }
  return undefined;
}

/**
 * A text file as the pages send it: its bytes in base64, so that the server, not the phone,
 * decides the encoding (see decodeText). The text then gets every check of `string`.
 */
export function textFile(label: string, opts: { maxBytes: number }): Schema<string> {
  const maxLength = 4 * Math.ceil(opts.maxBytes / 3);
  const tooBig = `${label}不能超过 ${Math.floor(opts.maxBytes / 1024)} KB`;
  const text = string(label, { max: opts.maxBytes });
  return {
    shape: { kind: 'string', min: 4, max: maxLength, pattern: BASE64 },
    parse(value, path) {
      if (typeof value !== 'string') throw invalid(where(path), `${label}格式不正确`);
      if (value.length > maxLength) throw invalid(where(path), tooBig);
      if (!BASE64.test(value)) throw invalid(where(path), `${label}格式不正确`);
      const bytes = Buffer.from(value, 'base64');
      if (bytes.length > opts.maxBytes) throw invalid(where(path), tooBig);
      const decoded = decodeText(bytes);
      if (decoded === undefined)
        throw invalid(
          where(path),
          `${label}不是 UTF-8 或 GBK 编码的文本，无法读取。请在 Excel 中“另存为”CSV 文件后重新导入`,
        );
      if (decoded.trim() === '') throw invalid(where(path), `${label}是空的`);
      return text.parse(decoded, path);
    },
  };
}

/** `cloud://<env>.<bucket>/<path>`, each path segment a plain name (never `.` or `..`). */
const FILE_ID = /^cloud:\/\/([a-z0-9-]+)\.[A-Za-z0-9-]+(?:\/(?!\.{1,2}(?:\/|$))[\w.-]+)+$/;

/**
 * A cloud file id (`cloud://<env>.<bucket>/<path>`) as wx.cloud.uploadFile returns it, of this
 * function's own environment: a file of another environment is not ours to show.
 */
export function fileId(label: string): Schema<string> {
  const text = string(label, { max: 300, pattern: FILE_ID });
  return {
    shape: text.shape,
    parse(value, path, scope) {
      const id = text.parse(value, path);
      if (scope?.envId && FILE_ID.exec(id)?.[1] !== scope.envId)
        throw invalid(where(path), `${label}不是在本小程序上传的，请重新上传`);
      return id;
    },
  };
}
