/**
 * The committee's roster page through the whole path: page → services/cloud → gateway →
 * community.importRoster / issueBindingCodes / listMembers / setRole → store. Only device APIs
 * (file chooser, file system, clipboard) are stubbed.
 *
 * Importing and issuing codes change an estate (issuing revokes its unused codes), and page test
 * files share one seeded stack, so these tests set up an estate of their own through the
 * functions: the demo staff member creates it, imports a roster, and makes a committee member.
 */
import iconv from 'iconv-lite';
import { ROSTER_FILE_MAX_BYTES } from '../../miniprogram/shared/limits';
import type { Result } from '../../typings/api';
import type { BindingCodeRow } from '../../typings/community';
import { client, type GatewayAnswer } from '../support/gateway';
import { demoEstate, useBackend } from './support';
import { answerModal, loadPage, setIdentity, waitFor, wxLog } from './harness';

const demo = demoEstate();
const gateway = () => process.env.GONGZHI_GATEWAY_URL as string;
const wx = (globalThis as unknown as { wx: Record<string, (...args: never[]) => unknown> }).wx;

const ROSTER = [
  '楼栋,房号,面积,业主编号',
  '1栋,1单元101,89.35,A1',
  '1栋,1单元102,95.20,A2',
  '1栋,1单元201,89.35,A3',
  '2栋,1单元101,120.00,B1',
  '2栋,1单元102,110.50,B2',
].join('\n');

const staff = demo.staff[0];
const committee = 'page-roster-committee';
const resident = 'page-roster-resident';
let estateId = '';
let committeeUnit: BindingCodeRow;
let residentUnit: BindingCodeRow;

async function ok<T>(answer: Promise<GatewayAnswer<Result<T>>>): Promise<T> {
  const { result } = await answer;
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.data;
}

const as = (openid: string) => client(gateway(), openid);

beforeAll(async () => {
  ({ estateId } = await ok(
    as(staff).call('community', 'createEstate', { name: '名册测试花园', district: '测试社区' }),
  ));
  await ok(as(staff).call('community', 'importRoster', { estateId, csv: ROSTER }));
  const issued = await ok(as(staff).call('community', 'issueBindingCodes', { estateId }));
  [committeeUnit, residentUnit] = issued.buildings[0].codes;
  await ok(as(committee).call('community', 'bind', { code: committeeUnit.code }));
  await ok(as(resident).call('community', 'bind', { code: residentUnit.code }));
  const { members } = await ok(as(staff).call('community', 'listMembers', { estateId }));
  const chair = members.find((m) => m.units.includes(committeeUnit.label))!;
  await ok(
    as(staff).call('community', 'setRole', {
      estateId,
      memberId: chair.memberId,
      role: 'committee',
      grant: true,
    }),
  );
});

afterEach(() => jest.restoreAllMocks());

async function openRoster(openid: string, id = estateId) {
  setIdentity(openid);
  const page = loadPage('pages/committee-roster/committee-roster', { beforeLoad: useBackend() });
  await page.callOnLoad({ estateId: id });
  await waitFor(() => page.comp.data.loading === false);
  return page;
}

async function unitCount(): Promise<number> {
  return (await ok(as(staff).call('community', 'home', { estateId }))).estate.units;
}

describe('committee roster page', () => {
  it('shows the committee the import, the codes and the members with masked names and roles', async () => {
    const page = await openRoster(committee);
    expect(page.comp.data.error).toBeNull();
    expect(page.text('.import')).toContain('导入房屋名册');
    expect(page.text('.codes')).toContain('发放绑定码');
    expect(page.text('.members__total')).toBe('共 3 人');
    expect(page.text('.members')).toContain(`${residentUnit.label}住户`);
    expect(page.text('.members')).toContain('业委会');
    expect(page.text('.members')).toContain('社区工作人员');
  });

  it('rejects a pasted CSV with one bad row whole, showing that row and its line', async () => {
    const before = await unitCount();
    const page = await openRoster(committee);
    const csv = ['楼栋,房号,面积', '3栋,1单元101,70.00', '3栋,1单元102,-5', '3栋,1单元201,72.00'];
    await page.input('.import__paste', csv.join('\n'));
    await page.tap('.import__submit');

    await waitFor(() => page.comp.data.importError);
    expect(page.text('.rejected__message')).toContain('未导入任何房屋');
    expect(page.comp.data.importError).toMatchObject({ rows: [{ line: 3 }] });
    expect(page.text('.errors')).toContain('第 3 行');
    expect(page.text('.errors')).toContain('面积');
    expect(() => page.find('.result')).toThrow(/no node/);
    expect(await unitCount()).toBe(before);
  });

  it('imports a good pasted CSV and shows the counts', async () => {
    const page = await openRoster(committee);
    // One area corrected, one building added; the other four households are not in the file.
    const csv = [
      '楼栋,房号,面积',
      '1栋,1单元101,90.00',
      '3栋,1单元101,70.00',
      '3栋,1单元102,72.50',
    ];
    await page.input('.import__paste', csv.join('\n'));
    await page.tap('.import__submit');

    await waitFor(() => page.comp.data.imported);
    expect(page.text('.result__added')).toBe('2新增');
    expect(page.text('.result__updated')).toBe('1更新');
    expect(page.text('.result__unchanged')).toBe('0未变');
    expect(page.text('.result__missing')).toContain('4');
    expect(page.text('.result__total')).toBe('小区现有 3 栋楼、7 户');
    expect(await unitCount()).toBe(7);
  });

  /**
   * A file in the chat, as wx.chooseMessageFile and the file system manager hand it over: the
   * page asks for base64, so the stub answers the file's bytes as base64.
   */
  function chatFile(name: string, bytes: Uint8Array, size = bytes.length) {
    const chooser = jest.spyOn(wx, 'chooseMessageFile').mockImplementation(() =>
      Promise.resolve({
        errMsg: 'chooseMessageFile:ok',
        tempFiles: [{ name, path: 'wxfile://tmp/roster.csv', size, type: 'file' }],
      }),
    );
    const readFile = jest.fn(
      (o: { filePath: string; encoding: string; success: (r: { data: string }) => void }) =>
        o.success({ data: Buffer.from(bytes).toString(o.encoding as BufferEncoding) }),
    );
    jest.spyOn(wx, 'getFileSystemManager').mockImplementation(() => ({ readFile }));
    return { chooser, readFile };
  }

  it('imports a CSV file chosen from a chat, saved by Excel on Chinese Windows (GBK)', async () => {
    const { chooser, readFile } = chatFile('名册.csv', iconv.encode(ROSTER, 'gbk'));
    const page = await openRoster(committee);
    await page.tap('.import__file');

    await waitFor(() => page.comp.data.imported);
    expect(chooser).toHaveBeenCalledWith(
      expect.objectContaining({ count: 1, type: 'file', extension: ['csv'] }),
    );
    // The bytes, undecoded: the server tells GBK from UTF-8.
    expect(readFile).toHaveBeenCalledWith(
      expect.objectContaining({ filePath: 'wxfile://tmp/roster.csv', encoding: 'base64' }),
    );
    expect(page.text('.result__title')).toBe('导入完成：名册.csv');
    // Whatever earlier tests changed, the file's five households now exist and none is new.
    expect(page.text('.result__added')).toBe('0新增');
    const { updated, unchanged } = page.comp.data.imported as {
      updated: number;
      unchanged: number;
    };
    expect(updated + unchanged).toBe(5);
  });

  it('shows the refusal of a file that is neither UTF-8 nor GBK, and imports nothing', async () => {
    const before = await unitCount();
    // Excel's "Unicode text": UTF-16 with a BOM.
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ROSTER, 'utf16le')]);
    chatFile('名册.txt.csv', utf16);
    const page = await openRoster(committee);
    await page.tap('.import__file');

    await waitFor(() => page.comp.data.importError);
    expect(page.text('.rejected__message')).toContain('不是 UTF-8 或 GBK 编码的文本');
    expect(() => page.find('.result')).toThrow(/no node/);
    expect(await unitCount()).toBe(before);
  });

  it('tells of a file too big before reading or sending it', async () => {
    const { readFile } = chatFile('全区名册.csv', Buffer.from(ROSTER), ROSTER_FILE_MAX_BYTES + 1);
    const calls = jest.spyOn(wx, 'request');
    const page = await openRoster(committee);
    expect(calls).toHaveBeenCalled(); // the page reaches the server through wx.request
    calls.mockClear();
    await page.tap('.import__file');

    await waitFor(() => page.comp.data.importError);
    expect(page.text('.rejected__message')).toContain('名册文件不能超过 700 KB');
    expect(page.text('.rejected__message')).toContain('按楼栋');
    expect(readFile).not.toHaveBeenCalled();
    expect(calls).not.toHaveBeenCalled();
  });

  it('issues binding codes after confirming, lists them by building, and copies the CSV', async () => {
    const clipboard = jest
      .spyOn(wx, 'setClipboardData')
      .mockImplementation(() => Promise.resolve({ errMsg: 'setClipboardData:ok' }));
    const page = await openRoster(committee);

    answerModal({ confirm: false });
    await page.tap('.codes__issue');
    await waitFor(() => wxLog.modals.length === 1);
    expect(page.comp.data.codes).toBeNull();

    answerModal({ confirm: true });
    await page.tap('.codes__issue');
    await waitFor(() => page.comp.data.codes);
    const codes = page.comp.data.codes as { issued: number; csv: string };
    expect(wxLog.modals[1].content).toContain('作废');
    expect(page.text('.codes__summary')).toContain(`已发放 ${codes.issued} 个绑定码`);
    expect(page.text('.building__name')).toMatch(/^1栋 · \d+ 户$/);
    expect(page.text('.codes__list')).not.toContain(committeeUnit.label); // joined: no new code
    const rows = page.comp.querySelectorAll('.code');
    expect(rows).toHaveLength(codes.issued);
    const label = page.text(page.comp.querySelectorAll('.code__label')[0]);
    const code = page.text(page.comp.querySelectorAll('.code__value')[0]);
    expect(code).toMatch(/^[A-Z2-9]{8}$/);

    await page.tap('.codes__copy');
    expect(clipboard).toHaveBeenCalledWith(expect.objectContaining({ data: codes.csv }));
    expect(codes.csv.startsWith('楼栋,房号,绑定码')).toBe(true);

    // The printed code works for the household it names.
    const bound = await ok(as('page-roster-newcomer').call('community', 'bind', { code }));
    expect(bound.label).toBe(label);
  });

  it('lets staff appoint a building lead, and shows the refusal when the committee names a committee member', async () => {
    const forStaff = await openRoster(staff);
    const index = (forStaff.comp.data.members as Array<{ units: string }>).findIndex((m) =>
      m.units.includes(residentUnit.label),
    );
    await forStaff.tap(forStaff.comp.querySelectorAll('.member__lead')[index]);
    await waitFor(() => wxLog.toasts.length > 0);
    expect(wxLog.toasts[0].title).toBe('已任命为楼长');
    expect(wxLog.modals[0].title).toBe('任命为楼长？');
    expect(forStaff.text(forStaff.comp.querySelectorAll('.member')[index])).toContain('楼长');
    expect(forStaff.text(forStaff.comp.querySelectorAll('.member__lead')[index])).toBe('撤销楼长');
    forStaff.unload();
    wxLog.toasts.length = 0;

    const forCommittee = await openRoster(committee);
    await forCommittee.tap(forCommittee.comp.querySelectorAll('.member__committee')[index]);
    await waitFor(() => wxLog.toasts.length > 0);
    expect(wxLog.toasts[0].title).toBe('只有社区工作人员可以任免业委会成员');
    const { members } = await ok(as(staff).call('community', 'listMembers', { estateId }));
    const after = members.find((m) => m.units.includes(residentUnit.label))!;
    expect(after.roles).toEqual(['resident', 'lead']);
  });

  it('shows a resident the refusal and none of the tools', async () => {
    const page = await openRoster(resident);
    expect(page.text('.roster__error')).toContain('只有业委会成员或社区工作人员可以导入房屋名册');
    expect(() => page.find('.import')).toThrow(/no node/);
    expect(() => page.find('.members')).toThrow(/no node/);
  });

  it("shows a member of another estate the server's refusal", async () => {
    const page = await openRoster(demo.committee[0]);
    expect(page.comp.data.error).toMatchObject({ code: 'NOT_MEMBER' });
    expect(page.text('.roster__error')).toContain('绑定');
  });

  it('pages through a larger estate’s members', async () => {
    const page = await openRoster(demo.committee[0], demo.estateId);
    expect(page.comp.data.members).toHaveLength(50);
    expect(page.text('.members__more')).toBe('加载更多');
    await page.tap('.members__more');
    await waitFor(() => (page.comp.data.members as unknown[]).length > 50);
    expect(() => page.find('.members__more')).toThrow(/no node/);
  });
});
