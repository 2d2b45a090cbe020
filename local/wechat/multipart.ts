/**
 * Reads a multipart/form-data body (what the node-sdk sends for `wx.openApi` and `wx.wxPayApi`):
 * field name → raw bytes. Binary-safe; enough for the SDK's own requests, not a general parser.
 */
export function parseMultipart(body: Buffer, contentType: string): Map<string, Buffer> | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const fields = new Map<string, Buffer>();
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // the closing delimiter
    const next = body.indexOf(delimiter, start);
    if (next < 0) return null;
    // A part: CRLF, headers, a blank line, the content, CRLF before the next delimiter.
    const part = body.subarray(start + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) return null;
    const name = /name="([^"]*)"/i.exec(part.subarray(0, headerEnd).toString('utf8'))?.[1];
    if (name !== undefined) fields.set(name, part.subarray(headerEnd + 4));
    at = next;
  }
  return fields;
}
