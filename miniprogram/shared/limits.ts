/**
 * Limits that a page checks before it sends and the functions enforce (core/): one value for
 * both, so a page never sends what the server will refuse for size, nor refuses what it takes.
 */

/**
 * The largest roster file, in bytes: 700 KB. A typical roster is ~31 bytes a unit (measured:
 * 2,500 units ≈ 78 KB in UTF-8, 71 KB in GBK), so this holds ~20,000 units, the parser's own
 * limit. Sent as base64 (4/3 larger, 933 KB) it still fits, with the rest of the request, in
 * the 1 MB the gateway accepts.
 */
export const ROSTER_FILE_MAX_BYTES = 700 * 1024;
