/**
 * What the preview records of the app's calls that have no visible effect in a browser
 * (subscription requests, shares, payments…). Shown in the side panel and read by the e2e tests
 * as `window.__gongzhiPreview.log`.
 */
export interface LogEntry {
  at: number;
  kind: 'subscribe' | 'share' | 'payment' | 'scan' | 'upload' | 'unsupported' | 'error' | 'info';
  summary: string;
  detail?: unknown;
}

const entries: LogEntry[] = [];
const listeners = new Set<(entry: LogEntry) => void>();

export function record(kind: LogEntry['kind'], summary: string, detail?: unknown): void {
  const entry = { at: Date.now(), kind, summary, detail };
  entries.push(entry);
  if (entries.length > 500) entries.shift();
  for (const listener of listeners) listener(entry);
}

export function logEntries(): readonly LogEntry[] {
  return entries;
}

export function onRecord(listener: (entry: LogEntry) => void): void {
  listeners.add(listener);
}
