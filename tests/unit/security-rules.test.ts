import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import rules from '../../database/security-rules.json';
import { Collections } from '../../core/collections';

const ROOT = path.resolve(__dirname, '../..');

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === 'node_modules' ? [] : sources(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

describe('database security rules', () => {
  const entries = Object.entries(rules).filter(([name]) => name !== '//');

  it('cover every collection the functions use', () => {
    expect(entries.map(([name]) => name).sort()).toEqual(Object.values(Collections).sort());
  });

  it('deny every direct read and write from clients', () => {
    for (const [, rule] of entries) expect(rule).toEqual({ read: false, write: false });
  });

  it('are the only list: the code names collections through core/collections.ts, never by a literal', () => {
    const literal = /\.collection\(\s*['"`]/;
    const offenders = ['core', 'cloudfunctions', 'local']
      .flatMap((dir) => sources(path.join(ROOT, dir)))
      .filter((file) => literal.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  it('are shipped and referenced in the README, for whoever deploys', () => {
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(
      'database/security-rules.json',
    );
  });
});
