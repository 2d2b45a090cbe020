import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The WeChat platform's own records on the local CloudBase (payment orders, consents, delivered
 * messages): a map kept in memory and, with a data directory, in an append-only file of JSON
 * lines replayed at start, so `npm start` remembers them across restarts as WeChat would.
 */
export class JournalMap<T> {
  private readonly items = new Map<string, T>();

  constructor(private readonly file: string | null) {
    if (!file || !existsSync(file)) return;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        const { key, value } = JSON.parse(line) as { key: string; value: T };
        this.items.set(key, value);
      } catch {
        // A line cut short by a crash: the change it held was never acknowledged.
      }
    }
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  set(key: string, value: T): void {
    this.items.set(key, value);
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${JSON.stringify({ key, value })}\n`);
  }

  values(): T[] {
    return [...this.items.values()];
  }
}
