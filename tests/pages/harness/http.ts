import http from 'node:http';
import https from 'node:https';
import { URL } from 'node:url';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpCall {
  response: Promise<HttpResponse>;
  abort(): void;
}

// Calls still running: a test must not end while a page still waits for one (see settleHttp).
const inFlight = new Set<HttpCall>();

/**
 * Plain node http(s): the jsdom environment has no usable fetch, and jsdom's XHR would
 * apply browser CORS rules that WeChat does not have.
 */
export function httpRequest(
  url: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    timeoutMs?: number;
  } = {},
): HttpCall {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  let abort: () => void = () => undefined;
  const response = new Promise<HttpResponse>((resolve, reject) => {
    const req = client.request(
      target,
      { method: init.method ?? 'GET', headers: init.headers, timeout: init.timeoutMs ?? 60_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    abort = () => req.destroy(new Error('abort'));
    req.end(init.body);
  });
  const call: HttpCall = { response, abort: () => abort() };
  inFlight.add(call);
  const done = () => inFlight.delete(call);
  response.then(done, done);
  return call;
}

/**
 * Waits for running calls to finish (aborting those still running after `timeoutMs`), so their
 * callbacks reach the page before it is unloaded rather than after jsdom is torn down.
 */
export async function settleHttp(timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (inFlight.size && Date.now() < deadline) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((resolve) => (timer = setTimeout(resolve, deadline - Date.now())));
    await Promise.race([
      timeout,
      ...[...inFlight].map((call) => call.response.catch(() => undefined)),
    ]);
    clearTimeout(timer);
  }
  for (const call of inFlight) call.abort();
}

/** JSON.parse that answers undefined instead of throwing (bodies may be text). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A multipart/form-data body as wx.uploadFile sends it: the form fields, then the file under
 * `name`.
 */
export function multipart(
  fields: Record<string, string>,
  file: { name: string; filename: string; body: Buffer },
): { body: Buffer; contentType: string } {
  const boundary = `----gongzhi${Date.now().toString(16)}`;
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(fields))
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`,
      ),
    );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file.body,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
