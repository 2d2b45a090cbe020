import iconv from 'iconv-lite';
import { Collections, memberId } from '../../core/collections';
import type { EstateDoc, MemberDoc, UnitDoc } from '../../core/community/model';
import {
  rosterCsv,
  seedEstate,
  seedEstateThroughFunctions,
  sizedEstate,
  type EstateSpec,
} from '../../local/seed/estate';
import { startStack, type Stack } from '../../local/stack';
import { ROSTER_FILE_MAX_BYTES } from '../../miniprogram/shared/limits';
import { client } from '../support/gateway';

let stack: Stack;
const STAFF = 'office-staff-1';
beforeAll(async () => {
  stack = await startStack();
  await stack.db
    .collection(Collections.staff)
    .doc(STAFF)
    .set({ name: '社区工作人员', createdAt: new Date() });
});
afterAll(() => stack.close());

const as = (openid?: string) => client(stack.cloudbase.url, openid);
const count = async (collection: string, where: object) =>
  (await stack.db.collection(collection).where(where).count()).total as number;
const ok = <T>(r: { result: { ok: boolean; data?: T; code?: string; message?: string } }): T => {
  if (!r.result.ok) throw new Error(`${r.result.code}: ${r.result.message}`);
  return r.result.data as T;
};
const doc = async <T>(collection: string, id: string): Promise<T | undefined> =>
  ((await stack.db.collection(collection).doc(id).get()).data as T[])[0];

/** Households joined, as the home page shows them. */
const joined = async (openid: string, estateId: string) =>
  ok(await as(openid).call('community', 'home', { estateId })).estate.boundUnits;

async function newEstate(name = '测试花园'): Promise<string> {
  return ok(await as(STAFF).call('community', 'createEstate', { name, district: '海南洲社区' }))
    .estateId;
}

describe('createEstate', () => {
  it('lets office staff create an estate and makes them its staff member', async () => {
    const estateId = await newEstate('糖果雅苑');
    expect(await doc<EstateDoc>(Collections.estates, estateId)).toMatchObject({
      name: '糖果雅苑',
      unitCount: 0,
    });
    expect(await doc<MemberDoc>(Collections.members, memberId(estateId, STAFF))).toMatchObject({
      roles: ['staff'],
    });
  });

  it('refuses anyone else and writes nothing', async () => {
    const before = await count(Collections.estates, {});
    const { result } = await as('a-resident').call('community', 'createEstate', {
      name: '假小区',
      district: '某处',
    });
    expect(result).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: '只有社区工作人员可以创建小区',
    });
    expect(await count(Collections.estates, {})).toBe(before);
  });
});

describe('importRoster', () => {
  const big: EstateSpec = { ...sizedEstate('roster-2000', 2000), boundPercent: 0 };

  it('imports a 2,000-unit roster, then a re-import changes nothing, and a changed area updates one unit', async () => {
    const estateId = await newEstate();
    const csv = rosterCsv(big);
    const first = ok(await as(STAFF).call('community', 'importRoster', { estateId, csv }));
    expect(first).toEqual({
      added: 2000,
      updated: 0,
      unchanged: 0,
      notInFile: 0,
      buildings: 28,
      units: 2000,
    });
    expect(await count(Collections.units, { estateId })).toBe(2000);

    const again = ok(await as(STAFF).call('community', 'importRoster', { estateId, csv }));
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 2000, units: 2000 });
    expect(await count(Collections.units, { estateId })).toBe(2000);

    const lines = csv.split('\r\n');
    lines[1] = lines[1].replace(/,[\d.]+,/, ',100.01,'); // line 2: the first unit, new area
    const edited = ok(
      await as(STAFF).call('community', 'importRoster', {
        estateId,
        csv: lines.slice(0, 11).join('\r\n'),
      }),
    );
    expect(edited).toMatchObject({
      added: 0,
      updated: 1,
      unchanged: 9,
      notInFile: 1990,
      units: 2000,
    });
    const [unit] = (
      await stack.db.collection(Collections.units).where({ estateId, label: '1栋1单元101' }).get()
    ).data as UnitDoc[];
    expect(unit.areaCenti).toBe(10001);
  });

  it.each([
    ['a missing area', '1栋,1单元102,,', 3, '面积不能为空'],
    [
      'a negative area',
      '1栋,1单元102,-89.35,',
      3,
      '面积“-89.35”无效：应为正数，最多两位小数，如 89.35',
    ],
    ['a duplicate room', '1栋,1单元101,90.00,', 3, '1栋 1单元101 与第 2 行重复'],
  ])(
    'refuses a roster with %s as a whole, naming the line, and writes nothing',
    async (_, badRow, line, message) => {
      const estateId = await newEstate();
      const csv = [
        '楼栋,房号,面积,业主编号',
        '1栋,1单元101,89.35,',
        badRow,
        '1栋,1单元103,95.10,',
      ].join('\n');
      const { result } = await as(STAFF).call('community', 'importRoster', { estateId, csv });
      expect(result).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
        field: 'csv',
        details: [{ line, message }],
      });
      expect(result.ok === false && result.message).toContain(`第 ${line} 行`);
      expect(await count(Collections.units, { estateId })).toBe(0);
      expect(await doc<EstateDoc>(Collections.estates, estateId)).toMatchObject({
        unitCount: 0,
        buildings: [],
      });
    },
  );
});

describe('importRoster from a file as people have it', () => {
  // 冼 is a surname GBK has and Latin-1 has not: a wrongly decoded file shows it garbled.
  const CSV = [
    '楼栋,房号,面积,业主编号',
    '1栋,1单元101,89.35,冼A1',
    '1栋,1单元102,95.20,冼A1',
    '2栋,2单元301,120.00,',
  ].join('\r\n');
  const importFile = (estateId: string, bytes: Uint8Array) =>
    as(STAFF).call('community', 'importRoster', {
      estateId,
      file: Buffer.from(bytes).toString('base64'),
    });
  const units = async (estateId: string) =>
    ((await stack.db.collection(Collections.units).where({ estateId }).get()).data as UnitDoc[])
      .map((u) => `${u.label} ${u.areaCenti} ${u.ownerKey}`)
      .sort();
  const IMPORTED = [
    '1栋1单元101 8935 owner:冼A1',
    '1栋1单元102 9520 owner:冼A1',
    '2栋2单元301 12000 unit:2栋|2单元301',
  ];
  /** Nothing written anywhere: the store's change counters did not move. */
  const unchanged = async (refused: () => Promise<unknown>) => {
    const before = stack.cloudbase.db.changeCounts();
    await refused();
    expect(stack.cloudbase.db.changeCounts()).toEqual(before);
  };

  it('imports a GBK file (Excel on Chinese Windows) with every name intact', async () => {
    const estateId = await newEstate();
    const answer = ok(await importFile(estateId, iconv.encode(CSV, 'gbk')));
    expect(answer).toMatchObject({ added: 3, buildings: 2, units: 3 });
    expect(await units(estateId)).toEqual(IMPORTED);
  });

  it('imports a UTF-8 file with a BOM (Excel "CSV UTF-8"), and UTF-8 without one', async () => {
    const withBom = await newEstate();
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV, 'utf8')]);
    expect(ok(await importFile(withBom, bom))).toMatchObject({ added: 3 });
    expect(await units(withBom)).toEqual(IMPORTED);
    const plain = await newEstate();
    expect(ok(await importFile(plain, Buffer.from(CSV, 'utf8')))).toMatchObject({ added: 3 });
    expect(await units(plain)).toEqual(IMPORTED);
  });

  it('refuses a file that is neither UTF-8 nor GBK, saying so, and writes nothing', async () => {
    const estateId = await newEstate();
    // Excel's "Unicode text": UTF-16 with a BOM.
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CSV, 'utf16le')]);
    await unchanged(async () => {
      const { result } = await importFile(estateId, utf16);
      expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'file' });
      expect(result.ok === false && result.message).toContain('不是 UTF-8 或 GBK 编码的文本');
    });
    expect(await units(estateId)).toEqual([]);
  });

  it('refuses both a file and pasted text, or neither, and writes nothing', async () => {
    const estateId = await newEstate();
    const file = Buffer.from(CSV, 'utf8').toString('base64');
    for (const req of [{ estateId, file, csv: CSV }, { estateId }]) {
      await unchanged(async () => {
        const { result } = await as(STAFF).call('community', 'importRoster', req as never);
        expect(result).toEqual({
          ok: false,
          code: 'INVALID_INPUT',
          field: 'file',
          message: '请选择一个名册文件，或粘贴名册内容（二者选一）',
        });
      });
    }
    expect(await units(estateId)).toEqual([]);
  });

  it('lets the largest file through the gateway to the rules, and refuses one byte more', async () => {
    const estateId = await newEstate();
    // Text, but no roster: the function reads it whole and refuses it by its rules (no 413).
    const largest = Buffer.alloc(ROSTER_FILE_MAX_BYTES, 'x');
    await unchanged(async () => {
      const { result } = await importFile(estateId, largest);
      expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'file' });
      expect(result.ok === false && result.details).toEqual([
        { line: 1, message: '第一行应为表头：楼栋,房号,面积,业主编号（业主编号可省略）' },
      ]);
    });
    const tooBig = Buffer.alloc(ROSTER_FILE_MAX_BYTES + 1, 'x');
    await unchanged(async () => {
      const { result } = await importFile(estateId, tooBig);
      expect(result).toMatchObject({
        ok: false,
        field: 'file',
        message: '名册文件不能超过 700 KB',
      });
    });
  });
});

describe('binding codes', () => {
  let estateId: string;
  let codes: Map<string, string>;
  const spec: EstateSpec = { ...sizedEstate('codes', 12), boundPercent: 0 };

  beforeAll(async () => {
    estateId = await newEstate();
    ok(await as(STAFF).call('community', 'importRoster', { estateId, csv: rosterCsv(spec) }));
    const issued = ok(await as(STAFF).call('community', 'issueBindingCodes', { estateId }));
    expect(issued.issued).toBe(12);
    expect(issued.csv.split('\r\n')[0]).toBe('楼栋,房号,绑定码');
    codes = new Map(
      issued.buildings.flatMap((b) => b.codes.map((c) => [c.label, c.code] as const)),
    );
  });

  it('binds a household once; the code cannot be used by anyone else; retrying is harmless', async () => {
    const code = codes.get('1栋1单元101')!;
    const first = ok(
      await as('alice').call('community', 'bind', {
        code: code.toLowerCase().replace(/(....)/, '$1-'),
      }),
    );
    expect(first).toMatchObject({ estateId, label: '1栋1单元101' });
    expect(ok(await as('alice').call('community', 'bind', { code }))).toEqual(first);
    const { result } = await as('mallory').call('community', 'bind', { code });
    expect(result).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await doc(Collections.members, memberId(estateId, 'mallory'))).toBeUndefined();
    expect(await joined(STAFF, estateId)).toBe(1);
  });

  it('a family member binds the same household with a new code: one household, two members', async () => {
    const reissued = ok(
      await as(STAFF).call('community', 'issueBindingCodes', { estateId, include: 'all' }),
    );
    const code = reissued.buildings[0].codes.find((c) => c.label === '1栋1单元101')!.code;
    ok(await as('alice-husband').call('community', 'bind', { code }));
    const [unit] = (
      await stack.db.collection(Collections.units).where({ estateId, label: '1栋1单元101' }).get()
    ).data as UnitDoc[];
    expect(unit.memberCount).toBe(2);
    expect(await joined(STAFF, estateId)).toBe(1);
    // The earlier printed codes of every unit were replaced by this issue.
    const stale = codes.get('1栋1单元102')!;
    expect((await as('bob').call('community', 'bind', { code: stale })).result).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    codes = new Map(
      reissued.buildings.flatMap((b) => b.codes.map((c) => [c.label, c.code] as const)),
    );
  });

  it('limits guessing to 10 tries per quarter hour, exactly, even when the guesses arrive at once', async () => {
    const guesses = Array.from({ length: 16 }, (_, i) => `ZZZZZZ${'23456789ABCDEFGH'[i]}Z`);
    const answers = await Promise.all(
      guesses.map((code) => as('guesser').call('community', 'bind', { code })),
    );
    const codesSeen = answers.map((a) => (a.result.ok ? 'ok' : a.result.code));
    expect(codesSeen.filter((c) => c === 'NOT_FOUND')).toHaveLength(10);
    expect(codesSeen.filter((c) => c === 'RATE_LIMITED')).toHaveLength(6);
    // Even the right code is refused until the window passes, and nothing is bound.
    const right = await as('guesser').call('community', 'bind', {
      code: codes.get('1栋1单元201')!,
    });
    expect(right.result).toMatchObject({
      ok: false,
      code: 'RATE_LIMITED',
      message: expect.stringContaining('15 分钟'),
    });
    expect(await doc(Collections.members, memberId(estateId, 'guesser'))).toBeUndefined();
  });

  it('refuses malformed codes without counting them as guesses', async () => {
    const { result } = await as('typo').call('community', 'bind', { code: '12' });
    expect(result).toEqual({
      ok: false,
      code: 'INVALID_INPUT',
      field: 'code',
      message: '绑定码是 8 位字母和数字',
    });
  });

  it('costs a fixed number of round trips per bind', async () => {
    const answer = await as('carol').call('community', 'bind', { code: codes.get('1栋1单元202')! });
    expect(answer.result.ok).toBe(true);
    // authorize(0: bind needs no lookup) + rate limit (2 on the first try of a window) + transaction
    // (start, 3 gets, code/member/unit writes, estate get+update, audit, commit).
    expect(answer.dbCalls).toBeLessThanOrEqual(12);
    console.log(`round trips: bind = ${answer.dbCalls}`);
  });
});

describe('me, roles, members, leaving', () => {
  const spec = sizedEstate('roles', 20);
  let estateId: string;
  let demo: Awaited<ReturnType<typeof seedEstate>>;
  beforeAll(async () => {
    demo = await seedEstate(stack.db, spec);
    estateId = demo.estateId;
  });

  it("me: a resident's estate, household, roles, what they may do and why not, and their records", async () => {
    const resident = demo.residents[0];
    const answer = await as(resident).call('community', 'me', {});
    const me = ok(answer);
    expect(me.estates).toHaveLength(1);
    const [mine] = me.estates;
    expect(mine.estate.id).toBe(estateId);
    expect(mine.roles).toEqual(['resident']);
    expect(mine.units.map((u) => u.label)).toEqual([
      demo.units.find((u) => u.openid === resident)!.label,
    ]);
    expect(mine.can['community.home']).toBe(true);
    expect(mine.can['community.importRoster']).toEqual({
      code: 'FORBIDDEN',
      message: '只有业委会成员或社区工作人员可以导入房屋名册',
    });
    expect(me.isStaff).toBe(false);
    console.log(`round trips: me = ${answer.dbCalls}`);
    expect(answer.dbCalls).toBe(5);
  });

  it('setRole: committee names leads but not committee members; staff names committee members; nobody changes themselves', async () => {
    const [chair] = demo.committee;
    const target = memberId(estateId, demo.residents[0]);
    expect(
      ok(
        await as(chair).call('community', 'setRole', {
          estateId,
          memberId: target,
          role: 'lead',
          grant: true,
        }),
      ).roles,
    ).toEqual(['resident', 'lead']);
    const refused = await as(chair).call('community', 'setRole', {
      estateId,
      memberId: target,
      role: 'committee',
      grant: true,
    });
    expect(refused.result).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: '只有社区工作人员可以任免业委会成员',
    });
    const self = await as(chair).call('community', 'setRole', {
      estateId,
      memberId: memberId(estateId, chair),
      role: 'lead',
      grant: true,
    });
    expect(self.result).toEqual({ ok: false, code: 'FORBIDDEN', message: '不能修改自己的角色' });
    const staff = demo.staff[0];
    expect(
      ok(
        await as(staff).call('community', 'setRole', {
          estateId,
          memberId: target,
          role: 'committee',
          grant: true,
        }),
      ).roles,
    ).toEqual(['resident', 'lead', 'committee']);
    const records = ok(await as(staff).call('community', 'me', {})).records;
    expect(records[0].summary).toMatch(/^任命.*为业委会成员$/);
  });

  it('listMembers shows masked names and households to the committee, never openids', async () => {
    const answer = ok(await as(demo.committee[0]).call('community', 'listMembers', { estateId }));
    expect(answer.total).toBe(21);
    expect(answer.members[0]).toMatchObject({
      name: expect.stringMatching(/住户$/),
      units: [expect.any(String)],
    });
    expect(JSON.stringify(answer)).not.toMatch(/demo-roles/);
  });

  it('leave ends the membership; the household stops counting as joined', async () => {
    const leaver = demo.residents[3];
    const before = await joined(demo.staff[0], estateId);
    expect(ok(await as(leaver).call('community', 'leave', { estateId }))).toEqual({ left: true });
    expect(await doc(Collections.members, memberId(estateId, leaver))).toBeUndefined();
    expect(await joined(demo.staff[0], estateId)).toBe(before - 1);
    expect((await as(leaver).call('community', 'leave', { estateId })).result).toMatchObject({
      ok: false,
      code: 'NOT_MEMBER',
    });
  });
});

describe('the two ways to make an estate', () => {
  it('produce the same units and members (the fixture writer mirrors the real path)', async () => {
    const spec: EstateSpec = { ...sizedEstate('twin', 30), boundPercent: 60 };
    const real = await seedEstateThroughFunctions(stack, spec);
    const fixture = await seedEstate(stack.db, { ...spec, id: 'twin' });
    const strip = <T extends object>(docs: T[], omit: string[]) =>
      docs
        .map((d) => Object.fromEntries(Object.entries(d).filter(([k]) => !omit.includes(k))))
        .sort((a, b) =>
          String(a.label ?? a.displayName).localeCompare(String(b.label ?? b.displayName)),
        );
    const unitsOf = async (estateId: string) =>
      strip(
        (await stack.db.collection(Collections.units).where({ estateId }).limit(1000).get())
          .data as UnitDoc[],
        ['_id', 'estateId', 'ownerKey'],
      );
    const membersOf = async (estateId: string) =>
      strip(
        (await stack.db.collection(Collections.members).where({ estateId }).limit(1000).get())
          .data as MemberDoc[],
        ['_id', 'estateId', 'unitIds', 'joinedAt'],
      );
    expect(await unitsOf(fixture.estateId)).toEqual(await unitsOf(real.estateId));
    expect(await membersOf(fixture.estateId)).toEqual(await membersOf(real.estateId));
    const estate = async (id: string) => {
      const { _id, createdAt, buildings, ...rest } = (await doc<EstateDoc>(
        Collections.estates,
        id,
      ))!;
      return { ...rest, buildings: buildings.map((b) => b.name) };
    };
    expect(await estate(fixture.estateId)).toEqual({
      ...(await estate(real.estateId)),
      name: expect.any(String),
    });
  });
});
