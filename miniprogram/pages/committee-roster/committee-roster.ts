import type { Refusal, Role, RowError } from '../../../typings/api';
import type {
  ImportRosterData,
  IssueBindingCodesData,
  MemberRow,
} from '../../../typings/community';
import { call } from '../../services/cloud';
import { formatChina } from '../../shared/china-time';
import { ROSTER_FILE_MAX_BYTES } from '../../shared/limits';

const ROLE_LABEL: Record<Role, string> = {
  resident: '居民',
  lead: '楼长',
  committee: '业委会',
  staff: '社区工作人员',
};

type Include = 'unbound' | 'all';
const INCLUDE_OPTIONS: Array<{ value: Include; label: string }> = [
  { value: 'unbound', label: '还没有人加入的房屋' },
  { value: 'all', label: '全部房屋（已加入的也补发，供家人加入）' },
];

/** A role button: `data-id` (member), `data-role`, `data-grant` (grant or revoke). */
type RoleTap = WechatMiniprogram.BaseEvent<
  WechatMiniprogram.IAnyObject,
  { id: string; role: 'lead' | 'committee'; grant: boolean }
>;

interface MemberView {
  memberId: string;
  name: string;
  units: string;
  roleLabels: string[];
  isLead: boolean;
  isCommittee: boolean;
  joined: string;
}

interface RosterView {
  estateId: string;
  loading: boolean;
  /** Why the page cannot be used: the server's refusal. */
  error: Refusal | null;
  /** What the server lets the caller do here (`me.can`); each section shows only when allowed. */
  can: { importRoster: boolean; issueCodes: boolean; listMembers: boolean; setRole: boolean };

  csvText: string;
  fileName: string;
  importing: boolean;
  imported: ImportRosterData | null;
  /** A refused import: the server's message and, for a bad file, every offending line. */
  importError: { message: string; rows: RowError[] } | null;

  include: Include;
  includeOptions: typeof INCLUDE_OPTIONS;
  issuing: boolean;
  codes: IssueBindingCodesData | null;
  codesError: string;

  members: MemberView[];
  total: number;
  /** The next page of listMembers to ask for. */
  nextPage: number;
  membersLoading: boolean;
  membersError: string;
}

// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: {
    estateId: '',
    loading: true,
    error: null,
    can: { importRoster: false, issueCodes: false, listMembers: false, setRole: false },
    csvText: '',
    fileName: '',
    importing: false,
    imported: null,
    importError: null,
    include: 'unbound',
    includeOptions: INCLUDE_OPTIONS,
    issuing: false,
    codes: null,
    codesError: '',
    members: [],
    total: 0,
    nextPage: 0,
    membersLoading: false,
    membersError: '',
  } as RosterView,

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ estateId: query.estateId ?? '' });
      return this.load();
    },

    async load() {
      const { estateId } = this.data;
      this.setData({ loading: true, error: null });
      // `me` says what the caller may do here; the first page of members comes along, and when
      // the caller is no member of this estate its refusal is the message to show.
      const [meRes, membersRes] = await Promise.all([
        call('community', 'me', {}),
        listMembers(estateId, 0),
      ]);
      if (!meRes.ok) {
        this.setData({ loading: false, error: meRes });
        return;
      }
      const mine = meRes.data.estates.find((e) => e.estate.id === estateId);
      if (!mine) {
        // Only a member list that loaded for an estate `me` does not list (it lists the first
        // twenty) leaves the page without the server's own words.
        const refusal: Refusal = membersRes.ok
          ? { code: 'NOT_FOUND', message: '找不到这个小区' }
          : membersRes;
        this.setData({ loading: false, error: refusal });
        return;
      }
      const importAnswer = mine.can['community.importRoster'];
      const can = {
        importRoster: importAnswer === true,
        issueCodes: mine.can['community.issueBindingCodes'] === true,
        listMembers: mine.can['community.listMembers'] === true,
        setRole: mine.can['community.setRole'] === true,
      };
      if (importAnswer !== true && !can.issueCodes && !can.listMembers) {
        // Nothing here for this caller: say why, in the server's words.
        this.setData({ loading: false, error: importAnswer });
        return;
      }
      wx.setNavigationBarTitle({ title: mine.estate.name });
      this.setData({ loading: false, can });
      if (can.listMembers) this.showMembers(membersRes, true);
    },

    onRetry() {
      return this.load();
    },

    // ── Roster import ────────────────────────────────────────────────────────────────────

    async onChooseFile() {
      let file: WechatMiniprogram.ChooseFile;
      try {
        const res = await wx.chooseMessageFile({ count: 1, type: 'file', extension: ['csv'] });
        file = res.tempFiles[0];
      } catch {
        return; // closed the chooser
      }
      // Bigger than the server takes (and than a request carries): say so rather than fail to send.
      if (file.size > ROSTER_FILE_MAX_BYTES) {
        const kb = (n: number) => Math.ceil(n / 1024);
        this.setData({
          fileName: file.name,
          imported: null,
          importError: {
            message: `名册文件不能超过 ${kb(ROSTER_FILE_MAX_BYTES)} KB，这个文件有 ${kb(file.size)} KB。可以按楼栋分成几个文件依次导入（重复导入不会删除房屋）`,
            rows: [],
          },
        });
        return;
      }
      let bytes: string;
      try {
        bytes = await readBase64(file.path);
      } catch (err) {
        const reason = (err as { errMsg?: string }).errMsg ?? '';
        this.setData({
          imported: null,
          importError: { message: `读取文件失败 ${reason}`, rows: [] },
        });
        return;
      }
      this.setData({ fileName: file.name });
      await this.importRoster({ file: bytes });
    },

    onCsvChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ csvText: e.detail.value });
    },

    async onImportPasted() {
      this.setData({ fileName: '' });
      await this.importRoster({ csv: this.data.csvText });
    },

    /** A file goes as its bytes: the server tells UTF-8 from GBK (Excel on Chinese Windows). */
    async importRoster(source: { file: string } | { csv: string }) {
      if (this.data.importing) return;
      this.setData({ importing: true, imported: null, importError: null });
      const res = await call('community', 'importRoster', {
        estateId: this.data.estateId,
        ...source,
      });
      if (res.ok) {
        this.setData({ importing: false, imported: res.data });
      } else {
        // A bad file is refused whole; `details` lists every bad line so all can be fixed at once.
        this.setData({
          importing: false,
          importError: { message: res.message, rows: res.details ?? [] },
        });
      }
    },

    // ── Binding codes ────────────────────────────────────────────────────────────────────

    onIncludeChange(e: WechatMiniprogram.CustomEvent<{ value: Include }>) {
      this.setData({ include: e.detail.value });
    },

    async onIssue() {
      if (this.data.issuing) return;
      const scope = INCLUDE_OPTIONS.find((o) => o.value === this.data.include)?.label ?? '';
      // Issuing revokes the households' earlier unused codes: a printed list already handed out
      // stops working, so the committee must mean it.
      const { confirm } = await wx.showModal({
        title: '发放新的绑定码？',
        content: `将为${scope}各发一个新绑定码。这些房屋此前发出但还没用过的绑定码会同时作废，请只分发这次的新名单。`,
        confirmText: '发放',
      });
      if (!confirm) return;
      this.setData({ issuing: true, codes: null, codesError: '' });
      const res = await call('community', 'issueBindingCodes', {
        estateId: this.data.estateId,
        include: this.data.include,
      });
      if (res.ok) this.setData({ issuing: false, codes: res.data });
      else this.setData({ issuing: false, codesError: res.message });
    },

    onCopyCsv() {
      if (this.data.codes) wx.setClipboardData({ data: this.data.codes.csv });
    },

    // ── Members and roles ────────────────────────────────────────────────────────────────

    showMembers(res: Awaited<ReturnType<typeof listMembers>>, first: boolean) {
      if (!res.ok) {
        this.setData({ membersLoading: false, membersError: res.message });
        return;
      }
      const rows = res.data.members.map(memberView);
      this.setData({
        membersLoading: false,
        membersError: '',
        members: first ? rows : [...this.data.members, ...rows],
        total: res.data.total,
        nextPage: (first ? 0 : this.data.nextPage) + 1,
      });
    },

    async onMoreMembers() {
      if (this.data.membersLoading) return;
      const first = this.data.members.length === 0;
      this.setData({ membersLoading: true, membersError: '' });
      const page = first ? 0 : this.data.nextPage;
      this.showMembers(await listMembers(this.data.estateId, page), first);
    },

    async onRole(e: RoleTap) {
      const { id, role, grant } = e.currentTarget.dataset;
      const member = this.data.members.find((m) => m.memberId === id);
      if (!member) return;
      const label = ROLE_LABEL[role];
      const { confirm } = await wx.showModal({
        title: grant ? `任命为${label}？` : `撤销${label}？`,
        content: `${member.name}（${member.units}）`,
      });
      if (!confirm) return;
      const res = await call('community', 'setRole', {
        estateId: this.data.estateId,
        memberId: id,
        role,
        grant,
      });
      if (!res.ok) {
        wx.showToast({ title: res.message, icon: 'none' });
        return;
      }
      const roles = res.data.roles;
      this.setData({
        members: this.data.members.map((m) =>
          m.memberId === id ? { ...m, ...roleView(roles) } : m,
        ),
      });
      wx.showToast({ title: grant ? `已任命为${label}` : `已撤销${label}`, icon: 'none' });
    },
  },
});

function listMembers(estateId: string, page: number) {
  return call('community', 'listMembers', { estateId, page });
}

function roleView(roles: Role[]) {
  return {
    roleLabels: roles.map((r) => ROLE_LABEL[r]),
    isLead: roles.includes('lead'),
    isCommittee: roles.includes('committee'),
  };
}

function memberView(m: MemberRow): MemberView {
  return {
    memberId: m.memberId,
    name: m.name,
    units: m.units.join('、') || '未绑定房屋',
    joined: formatChina(m.joinedAt, 'YYYY-MM-DD'),
    ...roleView(m.roles),
  };
}

/**
 * The chosen file's bytes as base64, undecoded: the phone cannot know how the spreadsheet
 * encoded it. The file system manager has no promise form.
 */
function readBase64(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.getFileSystemManager().readFile({
      filePath,
      encoding: 'base64',
      success: (res) => resolve(res.data as string),
      fail: reject,
    });
  });
}
