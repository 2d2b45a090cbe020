import rules from '../../database/security-rules.json';
import { Collections } from '../../core/collections';

describe('database security rules', () => {
  const entries = Object.entries(rules).filter(([name]) => name !== '//');

  it('cover every collection the functions use', () => {
    expect(entries.map(([name]) => name).sort()).toEqual(Object.values(Collections).sort());
  });

  it('deny every direct read and write from clients', () => {
    for (const [, rule] of entries) expect(rule).toEqual({ read: false, write: false });
  });
});
