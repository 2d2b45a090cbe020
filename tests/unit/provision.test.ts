/**
 * `npm run provision` against a fake of the manager-node calls it makes (typed as the library's
 * own, so the fake cannot drift from the real signatures): what it does to an empty environment,
 * that it does nothing to a provisioned one, and what --check reports.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Collections } from '../../core/collections';
import { PLAN } from '../../core/provision/plan';
import { describePlan } from '../../scripts/provision/describe';
import { credentialsFrom, type Manager } from '../../scripts/provision/manager';
import {
  readCloudbaserc,
  requiredSettings,
  type RequiredSetting,
} from '../../scripts/provision/settings';
import { apply, survey } from '../../scripts/provision/survey';

const ROOT = path.resolve(__dirname, '../..');
const ENV_ID = 'gongzhi-prod-1a2b3c';
const SETTINGS = requiredSettings(readCloudbaserc(ROOT));

interface LiveIndex {
  Name: string;
  Keys: Array<{ Name: string; Direction: string }>;
  Unique: boolean;
}
interface LiveCollection {
  indexes: LiveIndex[];
  acl: string;
  rule?: string;
}

/** A CloudBase environment in memory, as the manager sees it; every write call is recorded. */
class FakeEnvironment {
  collections = new Map<string, LiveCollection>();
  storage: { acl: string; rule?: { read: boolean | string; write: boolean | string } } = {
    acl: 'READONLY', // the console's default: everyone reads, creators write
  };
  functions = new Map<string, Array<{ Key: string; Value: string }>>();
  writes: Array<[string, ...unknown[]]> = [];

  addCollection(name: string): LiveCollection {
    // A new collection gets the _id index and the simple "creator only" permission.
    const c = {
      indexes: [{ Name: '_id_', Keys: [{ Name: '_id', Direction: '1' }], Unique: true }],
      acl: 'PRIVATE',
    };
    this.collections.set(name, c);
    return c;
  }

  manager(): Manager {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const env = this;
    const missing = (name: string) =>
      Object.assign(new Error(`collection ${name} not found`), { code: 'ResourceNotFound' });
    const manager: Manager = {
      database: {
        async listCollections(options = {}) {
          const names = [...env.collections.keys()];
          const page = names.slice(
            options.MgoOffset ?? 0,
            (options.MgoOffset ?? 0) + (options.MgoLimit ?? 100),
          );
          return {
            RequestId: 'r',
            Collections: page.map((n) => ({
              CollectionName: n,
              TableName: n,
              Count: 0,
              Size: 0,
              IndexCount: 0,
              IndexSize: 0,
            })),
            Pager: {
              Offset: options.MgoOffset ?? 0,
              Limit: options.MgoLimit ?? 100,
              Total: names.length,
            },
          };
        },
        async createCollectionIfNotExists(name) {
          env.writes.push(['createCollectionIfNotExists', name]);
          const exists = env.collections.has(name);
          if (!exists) env.addCollection(name);
          return {
            RequestId: 'r',
            IsCreated: !exists,
            ExistsResult: { RequestId: 'r', Exists: exists },
          };
        },
        async describeCollection(name) {
          const c = env.collections.get(name);
          if (!c) throw missing(name);
          return {
            RequestId: 'r',
            Indexes: c.indexes.map((i) => ({ ...i, Size: 0, Accesses: { Ops: 0, Since: '' } })),
          };
        },
        async updateCollection(name, info) {
          env.writes.push(['updateCollection', name, info]);
          const c = env.collections.get(name);
          if (!c) throw missing(name);
          for (const i of info.CreateIndexes ?? []) {
            if (c.indexes.some((x) => x.Name === i.IndexName)) throw new Error('index name exists');
            c.indexes.push({
              Name: i.IndexName,
              Keys: i.MgoKeySchema.MgoIndexKeys,
              Unique: i.MgoKeySchema.MgoIsUnique,
            });
          }
          return { RequestId: 'r' };
        },
      },
      storage: {
        // One overload of two (the one the survey calls), hence the cast.
        getStorageAcl: (async () => ({
          ...env.storage,
        })) as unknown as Manager['storage']['getStorageAcl'],
        async setStorageAcl(acl, rule) {
          env.writes.push(['setStorageAcl', acl, rule]);
          env.storage = { acl, rule };
          return { RequestId: 'r' };
        },
      },
      functions: {
        async getFunctionDetail(name) {
          const variables = env.functions.get(name);
          if (!variables)
            throw Object.assign(new Error('function not found'), {
              code: 'ResourceNotFound.FunctionName',
            });
          return { Environment: { Variables: variables } } as Awaited<
            ReturnType<Manager['functions']['getFunctionDetail']>
          >;
        },
      },
      commonService(service = 'tcb') {
        return {
          async call({ Action, Param }) {
            expect(service).toBe('tcb');
            expect(Param.EnvId).toBe(ENV_ID);
            const c = env.collections.get(Param.CollectionName);
            if (!c) throw missing(Param.CollectionName);
            if (Action === 'DescribeSafeRule')
              return { RequestId: 'r', AclTag: c.acl, Rule: c.rule ?? null };
            if (Action === 'ModifySafeRule') {
              env.writes.push(['ModifySafeRule', Param]);
              c.acl = Param.AclTag;
              c.rule = Param.Rule;
              return { RequestId: 'r' };
            }
            throw new Error(`unexpected action ${Action}`);
          },
        };
      },
    };
    return manager;
  }
}

const check = (env: FakeEnvironment, settings: RequiredSetting[] = SETTINGS) =>
  survey(env.manager(), PLAN, { envId: ENV_ID, settings });

/** An environment provisioned by hand exactly as planned, indexes under other names. */
function provisionedByHand(): FakeEnvironment {
  const env = new FakeEnvironment();
  for (const { name, rule } of PLAN.collections) {
    const c = env.addCollection(name);
    c.acl = 'CUSTOM';
    c.rule = JSON.stringify({ write: rule.write, read: rule.read }, null, 2); // other order, other spacing
  }
  for (const [n, i] of PLAN.indexes.entries())
    env.collections.get(i.collection)!.indexes.push({
      Name: `console_${n}`,
      Keys: Object.entries(i.keys).map(([Name, d]) => ({ Name, Direction: String(d) })),
      Unique: i.unique,
    });
  env.storage = { acl: 'CUSTOM', rule: { ...PLAN.storageRule } };
  // Every function that needs settings is deployed with them set.
  for (const s of SETTINGS)
    env.functions.set(s.fn, [
      ...(env.functions.get(s.fn) ?? []),
      { Key: s.variable, Value: `value-of-${s.variable}` },
    ]);
  return env;
}

/** The functions that need settings, deployed without any. */
const deployedBare = (env: FakeEnvironment) => {
  for (const s of SETTINGS) env.functions.set(s.fn, []);
};

describe('provisioning an empty environment', () => {
  const env = new FakeEnvironment();
  deployedBare(env);

  it('creates every collection, then its indexes and its rule, then the storage rule', async () => {
    const { fixed, left } = await apply(await check(env));
    const calls = env.writes.map((w) => w[0]);
    expect(calls.filter((c) => c === 'createCollectionIfNotExists')).toHaveLength(
      PLAN.collections.length,
    );
    expect(calls.filter((c) => c === 'updateCollection')).toHaveLength(PLAN.indexes.length);
    expect(calls.filter((c) => c === 'ModifySafeRule')).toHaveLength(PLAN.collections.length);
    expect(calls.filter((c) => c === 'setStorageAcl')).toHaveLength(1);
    expect(fixed).toHaveLength(env.writes.length);
    // Each collection exists before anything is done to it.
    for (const { name } of PLAN.collections) {
      const created = env.writes.findIndex(
        (w) => w[0] === 'createCollectionIfNotExists' && w[1] === name,
      );
      const touched = env.writes.findIndex(
        (w) =>
          (w[0] === 'updateCollection' && w[1] === name) ||
          (w[0] === 'ModifySafeRule' &&
            (w[1] as { CollectionName: string }).CollectionName === name),
      );
      expect(created).toBeLessThan(touched);
    }
    // Only what a person must do is left: the settings (merchant id, template ids).
    expect(left.map((f) => f.subject)).toEqual(SETTINGS.map((s) => `${s.fn}.${s.variable}`));
  });

  it('sends each index and rule as CloudBase takes them', () => {
    expect(env.writes).toContainEqual([
      'updateCollection',
      Collections.ballots,
      {
        CreateIndexes: [
          {
            IndexName: 'voteId_asc_receipt_asc_unique',
            MgoKeySchema: {
              MgoIndexKeys: [
                { Name: 'voteId', Direction: '1' },
                { Name: 'receipt', Direction: '1' },
              ],
              MgoIsUnique: true,
            },
          },
        ],
      },
    ]);
    expect(env.writes).toContainEqual([
      'ModifySafeRule',
      {
        EnvId: ENV_ID,
        CollectionName: Collections.members,
        AclTag: 'CUSTOM',
        Rule: '{"read":false,"write":false}',
      },
    ]);
    expect(env.writes).toContainEqual(['setStorageAcl', 'CUSTOM', PLAN.storageRule]);
  });

  it('changes nothing when run again', async () => {
    const before = env.writes.length;
    const findings = await check(env);
    await apply(findings);
    expect(env.writes).toHaveLength(before);
    expect(findings.map((f) => f.kind)).toEqual(SETTINGS.map(() => 'setting'));
  });
});

describe('a provisioned environment', () => {
  it('needs nothing, even with indexes named otherwise and rules written otherwise', async () => {
    const env = provisionedByHand();
    const findings = await check(env);
    expect(findings).toEqual([]);
    await apply(findings);
    expect(env.writes).toEqual([]);
  });
});

describe('--check', () => {
  it('lists each missing collection, index and rule, and a different storage rule', async () => {
    const env = provisionedByHand();
    env.collections.delete(Collections.notifyOutbox);
    const slots = env.collections.get(Collections.voteSlots)!;
    slots.indexes = slots.indexes.filter((i) => i.Keys[1]?.Name !== 'unitIds');
    Object.assign(env.collections.get(Collections.members)!, { acl: 'ADMINONLY', rule: undefined });
    env.storage = { acl: 'CUSTOM', rule: { read: true, write: 'auth != null' } };
    const findings = await check(env);
    const outbox = PLAN.indexes.filter((i) => i.collection === Collections.notifyOutbox);
    expect(findings.map((f) => `${f.kind} ${f.subject}`)).toEqual([
      'rule members',
      'index voteSlots.voteId_asc_unitIds_asc',
      'collection notifyOutbox',
      ...outbox.map((i) => `index notifyOutbox.${i.name}`),
      'rule notifyOutbox',
      'storage storage',
    ]);
    expect(findings[0].message).toBe(
      '集合 members 的安全规则应为 {"read":false,"write":false}，现为 ADMINONLY',
    );
    expect(findings[1].message).toBe(
      '集合 voteSlots 缺少索引 voteId_asc_unitIds_asc（voteId 1, unitIds 1）',
    );
    expect(env.writes).toEqual([]); // checking changes nothing
  });

  it('reports an index of the same name but other keys, and leaves it alone', async () => {
    const env = provisionedByHand();
    const planned = PLAN.indexes.find((i) => i.collection === Collections.funds)!;
    const funds = env.collections.get(Collections.funds)!;
    funds.indexes = [
      funds.indexes[0],
      { Name: planned.name, Keys: [{ Name: 'estateId', Direction: '1' }], Unique: false },
    ];
    const findings = await check(env);
    expect(findings.map((f) => [f.kind, f.subject, Boolean(f.fix)])).toEqual([
      ['conflict', `funds.${planned.name}`, false],
    ]);
    const { fixed, left } = await apply(findings);
    expect(fixed).toEqual([]);
    expect(left).toHaveLength(1);
    expect(env.writes).toEqual([]);
  });

  it('names each unset function setting in Chinese: what it is, who sets it up and where', async () => {
    const unresolved = provisionedByHand();
    unresolved.functions.set('fund', [
      { Key: 'WXPAY_SUB_MCH_ID', Value: '{{env.WXPAY_SUB_MCH_ID}}' },
    ]);
    const [finding] = await check(unresolved);
    expect(finding.kind).toBe('setting');
    expect(finding.fix).toBeUndefined();
    expect(finding.message).toBe(
      '云函数 fund 未设置环境变量 WXPAY_SUB_MCH_ID：微信支付子商户号，未设置时在线捐款不可用；在云开发控制台 → 设置 → 微信支付 绑定商户号后，把子商户号填入 fund 云函数的环境变量。' +
        '部署者请在项目根目录的 .env.local（不要提交）中写入 WXPAY_SUB_MCH_ID=<值>，再执行 tcb fn deploy fund；或在云开发控制台 → 云函数 → fund → 函数配置 → 环境变量中填写 WXPAY_SUB_MCH_ID。',
    );
    const empty = provisionedByHand();
    empty.functions.set('fund', [{ Key: 'WXPAY_SUB_MCH_ID', Value: ' ' }]);
    expect((await check(empty)).map((f) => f.subject)).toEqual(['fund.WXPAY_SUB_MCH_ID']);
  });

  it('says a function is not deployed yet, and still names its settings', async () => {
    const env = provisionedByHand();
    env.functions.delete('fund');
    const findings = await check(env);
    expect(findings.map((f) => f.subject)).toEqual(['fund', 'fund.WXPAY_SUB_MCH_ID']);
    expect(findings[0].message).toContain('云函数 fund 尚未部署');
  });

  it('checks the settings cloudbaserc.json declares, whatever they are', async () => {
    const env = provisionedByHand();
    env.functions.set('vote', []);
    const added: RequiredSetting = {
      fn: 'vote',
      variable: 'NOTICE_TEMPLATE_ID',
      source: 'VOTE_NOTICE_TEMPLATE',
    };
    const findings = await check(env, [...SETTINGS, added]);
    expect(findings.map((f) => f.subject)).toEqual(['vote.NOTICE_TEMPLATE_ID']);
    expect(findings[0].message).toContain('{{env.VOTE_NOTICE_TEMPLATE}}');
    expect(findings[0].message).toContain('tcb fn deploy vote');
  });
});

describe('settings and credentials', () => {
  it('are read from cloudbaserc.json: the "{{env.X}}" values of each function', () => {
    const templates = [
      'WX_TEMPLATE_TASK_REMINDER',
      'WX_TEMPLATE_WAITLIST_PROMOTED',
      'WX_TEMPLATE_TASK_CHANGED',
    ];
    expect(SETTINGS).toEqual([
      { fn: 'fund', variable: 'WXPAY_SUB_MCH_ID', source: 'WXPAY_SUB_MCH_ID' },
      ...['volunteer', 'scheduler'].flatMap((fn) =>
        templates.map((t) => ({ fn, variable: t, source: t })),
      ),
    ]);
    expect(
      requiredSettings({
        envId: '{{env.ENV_ID}}',
        functions: [
          {
            name: 'a',
            envVariables: { PLAIN: 'x', KEY: '{{ env.SOURCE_1 }}', OTHER: '{{tcb.envId}}' },
          },
          { name: 'b' },
        ],
      }),
    ).toEqual([{ fn: 'a', variable: 'KEY', source: 'SOURCE_1' }]);
  });

  it('come from the environment, and each missing one is named', () => {
    expect(() => credentialsFrom({ ENV_ID: 'e' })).toThrow(
      'set TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY',
    );
    expect(
      credentialsFrom({ ENV_ID: 'e', TENCENTCLOUD_SECRETID: 'i', TENCENTCLOUD_SECRETKEY: 'k' }),
    ).toEqual({
      envId: 'e',
      secretId: 'i',
      secretKey: 'k',
    });
  });
});

describe('--dry-run', () => {
  it('prints every collection and rule, every index with the files declaring it, the storage rule', () => {
    const text = describePlan(PLAN, SETTINGS);
    for (const c of PLAN.collections) expect(text).toContain(`${c.name}`);
    for (const i of PLAN.indexes) {
      expect(text).toContain(`${i.collection}.${i.name}`);
      for (const d of i.declaredBy) expect(text).toContain(`${d.file}: ${d.why}`);
    }
    expect(text).toContain(JSON.stringify(PLAN.storageRule));
    expect(text).toContain('fund: WXPAY_SUB_MCH_ID');
  });

  it('needs no account and no network', () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME };
    const out = execFileSync(
      process.execPath,
      [require.resolve('tsx/cli'), path.join(ROOT, 'scripts/provision/main.ts'), '--dry-run'],
      { env, encoding: 'utf8' },
    );
    expect(out).toBe(`${describePlan(PLAN, SETTINGS)}\n`);
  });
});
