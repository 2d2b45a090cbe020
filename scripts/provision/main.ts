/**
 * `npm run provision`: makes a CloudBase environment hold what core/provision/plan.ts says —
 * collections, their security rules, indexes, the storage rule — creating only what is missing.
 *   (no flag)   apply; running it again changes nothing
 *   --check     list what is missing or different, and the unset settings; exit 1 if any
 *   --dry-run   print the plan; no account, no network
 * Credentials: ENV_ID, TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY (docs/cloud.md).
 */
import { PLAN } from '../../core/provision/plan';
import { ROOT } from '../functions';
import { describePlan } from './describe';
import { connect, credentialsFrom } from './manager';
import { readCloudbaserc, requiredSettings } from './settings';
import { apply, survey, type Finding } from './survey';

const print = (findings: Finding[]) => {
  for (const f of findings) console.log(`  - ${f.message}`);
};

async function main(): Promise<number> {
  const settings = requiredSettings(readCloudbaserc(ROOT));
  if (process.argv.includes('--dry-run')) {
    console.log(describePlan(PLAN, settings));
    return 0;
  }
  const credentials = credentialsFrom(process.env);
  const manager = connect(credentials);
  const findings = await survey(manager, PLAN, { envId: credentials.envId, settings });
  if (process.argv.includes('--check')) {
    if (findings.length === 0) {
      console.log(`环境 ${credentials.envId} 与计划一致，设置齐全。`);
      return 0;
    }
    console.log(`环境 ${credentials.envId} 与计划不一致（${findings.length} 项）：`);
    print(findings);
    return 1;
  }
  const { fixed, left } = await apply(findings);
  console.log(`环境 ${credentials.envId}：已补齐 ${fixed.length} 项。`);
  print(fixed);
  if (left.length > 0) {
    console.log(`还需人工处理 ${left.length} 项：`);
    print(left);
  }
  return left.some((f) => f.kind === 'conflict') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
