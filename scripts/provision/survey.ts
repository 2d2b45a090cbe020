/**
 * Compares an environment with the plan: what is missing or different, each with the call
 * that fixes it where a script can (collections, indexes, rules), or the line saying who must
 * act where only a person can (settings). `--check` prints the findings; applying runs the
 * fixes in order (a collection before its indexes and rule). Reads only; creates nothing, and
 * never drops or rewrites an index that is there.
 */
import type { Plan, PlannedIndex, SecurityRule } from '../../core/provision/plan';
import type { Manager } from './manager';
import { isSet, settingLine, type RequiredSetting } from './settings';

export type FindingKind = 'collection' | 'index' | 'rule' | 'storage' | 'setting' | 'conflict';

export interface Finding {
  kind: FindingKind;
  /** The collection, index, function or bucket concerned. */
  subject: string;
  /** One line, in Chinese, for whoever deploys. */
  message: string;
  /** What `npm run provision` does about it; absent where only a person can act. */
  fix?: () => Promise<unknown>;
}

/** A page of ListTables; more pages are read while full. */
const PAGE = 100;

/** Key order and values as JSON, so `{"write":false,"read":false}` equals `{read:false,write:false}`. */
function canonical(rule: unknown): string {
  if (rule === null || typeof rule !== 'object') return JSON.stringify(rule);
  const entries = Object.entries(rule as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : 1,
  );
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

function parseRule(text: unknown): unknown {
  try {
    return typeof text === 'string' ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

const ruleText = (rule: object) => JSON.stringify(rule);

interface LiveIndex {
  Name: string;
  Keys?: Array<{ Name?: string; Direction?: string }>;
  Unique?: boolean;
}

const keysOf = (i: LiveIndex) =>
  JSON.stringify((i.Keys ?? []).map((k) => [k.Name, Number(k.Direction)]));

const plannedKeys = (i: PlannedIndex) => JSON.stringify(Object.entries(i.keys));

const describeKeys = (i: PlannedIndex) =>
  Object.entries(i.keys)
    .map(([f, d]) => `${f} ${d}`)
    .join(', ');

async function existingCollections(m: Manager): Promise<Set<string>> {
  const names = new Set<string>();
  for (let offset = 0; ; offset += PAGE) {
    const { Collections } = await m.database.listCollections({ MgoLimit: PAGE, MgoOffset: offset });
    for (const c of Collections) names.add(c.CollectionName);
    if (Collections.length < PAGE) return names;
  }
}

function createIndex(m: Manager, i: PlannedIndex): () => Promise<unknown> {
  return () =>
    m.database.updateCollection(i.collection, {
      CreateIndexes: [
        {
          IndexName: i.name,
          MgoKeySchema: {
            MgoIndexKeys: Object.entries(i.keys).map(([Name, d]) => ({
              Name,
              Direction: String(d),
            })),
            MgoIsUnique: i.unique,
          },
        },
      ],
    });
}

function indexFindings(m: Manager, planned: PlannedIndex[], live: LiveIndex[]): Finding[] {
  return planned.flatMap((i): Finding[] => {
    const unique = i.unique;
    if (live.some((l) => keysOf(l) === plannedKeys(i) && (l.Unique === true) === unique)) return [];
    const clash = live.find((l) => l.Name === i.name);
    const subject = `${i.collection}.${i.name}`;
    if (clash)
      return [
        {
          kind: 'conflict',
          subject,
          message: `集合 ${i.collection} 已有同名索引 ${i.name}，但字段或唯一性不同：请在控制台核对后删除它，再运行 npm run provision`,
        },
      ];
    return [
      {
        kind: 'index',
        subject,
        message: `集合 ${i.collection} 缺少${unique ? '唯一' : ''}索引 ${i.name}（${describeKeys(i)}）`,
        fix: createIndex(m, i),
      },
    ];
  });
}

function ruleFinding(m: Manager, envId: string, name: string, rule: SecurityRule): Finding {
  return {
    kind: 'rule',
    subject: name,
    message: `集合 ${name} 的安全规则应为 ${ruleText(rule)}`,
    fix: () =>
      m.commonService('tcb').call({
        Action: 'ModifySafeRule',
        Param: { EnvId: envId, CollectionName: name, AclTag: 'CUSTOM', Rule: ruleText(rule) },
      }),
  };
}

async function databaseFindings(m: Manager, plan: Plan, envId: string): Promise<Finding[]> {
  const existing = await existingCollections(m);
  const out: Finding[] = [];
  for (const { name, rule } of plan.collections) {
    const planned = plan.indexes.filter((i) => i.collection === name);
    if (!existing.has(name)) {
      out.push({
        kind: 'collection',
        subject: name,
        message: `缺少集合 ${name}`,
        fix: () => m.database.createCollectionIfNotExists(name),
      });
      out.push(...indexFindings(m, planned, []), ruleFinding(m, envId, name, rule));
      continue;
    }
    const { Indexes = [] } = await m.database.describeCollection(name);
    out.push(...indexFindings(m, planned, Indexes));
    const live = await m.commonService('tcb').call({
      Action: 'DescribeSafeRule',
      Param: { EnvId: envId, CollectionName: name },
    });
    if (live?.AclTag !== 'CUSTOM' || canonical(parseRule(live.Rule)) !== canonical(rule)) {
      const now = live?.AclTag === 'CUSTOM' ? String(live.Rule) : String(live?.AclTag);
      const finding = ruleFinding(m, envId, name, rule);
      out.push({ ...finding, message: `${finding.message}，现为 ${now}` });
    }
  }
  return out;
}

async function storageFindings(m: Manager, plan: Plan): Promise<Finding[]> {
  const { acl, rule } = await m.storage.getStorageAcl({ withRule: true });
  if (acl === 'CUSTOM' && canonical(rule) === canonical(plan.storageRule)) return [];
  return [
    {
      kind: 'storage',
      subject: 'storage',
      message: `云存储安全规则应为 ${ruleText(plan.storageRule)}，现为 ${acl === 'CUSTOM' ? JSON.stringify(rule) : acl}`,
      fix: () => m.storage.setStorageAcl('CUSTOM', plan.storageRule),
    },
  ];
}

/** A function the deploy has not created yet: its settings cannot be there either. */
const notDeployed = (e: unknown) =>
  /ResourceNotFound/i.test(String((e as { code?: string })?.code ?? e));

async function settingFindings(m: Manager, settings: RequiredSetting[]): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const fn of [...new Set(settings.map((s) => s.fn))]) {
    let variables: Array<{ Key: string; Value: string }>;
    try {
      variables = (await m.functions.getFunctionDetail(fn)).Environment?.Variables ?? [];
    } catch (e) {
      if (!notDeployed(e)) throw e;
      out.push({
        kind: 'setting',
        subject: fn,
        message: `云函数 ${fn} 尚未部署：部署者请先执行 npm run build 与 tcb fn deploy ${fn}，再按下面各行设置它的环境变量`,
      });
      variables = [];
    }
    for (const s of settings.filter((x) => x.fn === fn)) {
      if (!isSet(variables.find((v) => v.Key === s.variable)?.Value))
        out.push({ kind: 'setting', subject: `${fn}.${s.variable}`, message: settingLine(s) });
    }
  }
  return out;
}

/** Everything that differs from the plan, in the order the fixes must run. */
export async function survey(
  m: Manager,
  plan: Plan,
  opts: { envId: string; settings: RequiredSetting[] },
): Promise<Finding[]> {
  return [
    ...(await databaseFindings(m, plan, opts.envId)),
    ...(await storageFindings(m, plan)),
    ...(await settingFindings(m, opts.settings)),
  ];
}

/** Runs the fixes in order; what only a person can fix is returned, untouched. */
export async function apply(findings: Finding[]): Promise<{ fixed: Finding[]; left: Finding[] }> {
  const fixed: Finding[] = [];
  for (const f of findings) {
    if (!f.fix) continue;
    await f.fix();
    fixed.push(f);
  }
  return { fixed, left: findings.filter((f) => !f.fix) };
}
