import type { Plan } from '../../core/provision/plan';
import type { RequiredSetting } from './settings';

/** The plan as `--dry-run` prints it: every collection and rule, every index and who declared it. */
export function describePlan(plan: Plan, settings: RequiredSetting[]): string {
  const width = Math.max(...plan.collections.map((c) => c.name.length));
  const lines = [
    `Provisioning plan: ${plan.collections.length} collections, ${plan.indexes.length} indexes` +
      ` (${plan.indexes.filter((i) => i.unique).length} unique), the storage rule,` +
      ` ${settings.length} function settings.`,
    '',
    'Collections and their security rules (database/security-rules.json):',
    ...plan.collections.map((c) => `  ${c.name.padEnd(width)}  ${JSON.stringify(c.rule)}`),
    '',
    'Indexes (equality fields, then sort, then range), with the modules that declare them:',
  ];
  for (const i of plan.indexes) {
    const keys = Object.entries(i.keys)
      .map(([f, d]) => `${f} ${d}`)
      .join(', ');
    lines.push(`  ${i.collection}.${i.name}${i.unique ? '  UNIQUE' : ''}  { ${keys} }`);
    for (const d of i.declaredBy) lines.push(`      ${d.file}: ${d.why}`);
  }
  lines.push(
    '',
    'Storage rule (database/storage-rules.json):',
    `  ${JSON.stringify(plan.storageRule)}`,
    '',
    'Settings checked by --check (cloudbaserc.json envVariables "{{env.X}}"):',
    ...settings.map((s) => `  ${s.fn}: ${s.variable} from {{env.${s.source}}}`),
  );
  return lines.join('\n');
}
