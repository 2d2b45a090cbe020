import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import securityRules from '../../database/security-rules.json';
import { Collections } from '../../core/collections';
import { DECLARED, gatherIndexes, PLAN } from '../../core/provision/plan';

const ROOT = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

describe('the provisioning plan', () => {
  it('holds every collection of core/collections.ts, once, with its rule from security-rules.json', () => {
    const names = PLAN.collections.map((c) => c.name);
    expect([...names].sort()).toEqual(Object.values(Collections).sort());
    expect(new Set(names).size).toBe(names.length);
    for (const c of PLAN.collections)
      expect(c.rule).toEqual((securityRules as Record<string, unknown>)[c.name]);
  });

  it('denies clients every collection: the functions are the only way in', () => {
    for (const c of PLAN.collections) expect(c.rule).toEqual({ read: false, write: false });
  });

  it('gathers the index declarations of every module that has one, under its real path', () => {
    const declaring = sources(path.join(ROOT, 'core'))
      .filter((f) => /^export const INDEXES\b/m.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(ROOT, f).split(path.sep).join('/'));
    expect(Object.keys(DECLARED).sort()).toEqual(declaring.sort());
    for (const [file, decls] of Object.entries(DECLARED))
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect(require(path.join(ROOT, file)).INDEXES).toBe(decls);
  });

  it('has indexes only on collections of the plan, with plain names, none twice', () => {
    const names = PLAN.collections.map((c) => c.name);
    for (const i of PLAN.indexes) {
      expect(names).toContain(i.collection);
      expect(Object.keys(i.keys).length).toBeGreaterThan(0);
      expect(i.name).toMatch(/^[A-Za-z0-9_]+$/);
    }
    const ids = PLAN.indexes.map((i) => `${i.collection}.${i.name}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('merges one index declared by two modules, and refuses one declared unique by only one', () => {
    const decl = { collection: Collections.units, keys: { estateId: 1 as const }, why: 'a' };
    const merged = gatherIndexes({ 'a.ts': [decl], 'b.ts': [{ ...decl, why: 'b' }] });
    expect(merged).toHaveLength(1);
    expect(merged[0].declaredBy).toEqual([
      { file: 'a.ts', why: 'a' },
      { file: 'b.ts', why: 'b' },
    ]);
    expect(() => gatherIndexes({ 'a.ts': [decl], 'b.ts': [{ ...decl, unique: true }] })).toThrow(
      /unique/,
    );
  });

  it('denies direct reads of stored files to everyone and lets only a signed-in user write their own', () => {
    expect(PLAN.storageRule.read).toBe(false);
    expect(PLAN.storageRule.write).toBe('auth != null && resource.openid == auth.openid');
    expect(Object.keys(PLAN.storageRule).sort()).toEqual(['read', 'write']);
  });
});
