import type { Fail } from '../../../typings/api';
import type { MyHoursData, TeamHoursRow } from '../../../typings/volunteer';
import { call } from '../../services/cloud';
import { formatChina } from '../../shared/china-time';

interface RecordRow {
  taskId: string;
  title: string;
  detail: string;
  hoursText: string;
  confirmed: boolean;
}

interface HoursView {
  loading: boolean;
  error: Fail | null;
  hours: MyHoursData | null;
  records: RecordRow[];
  teams: TeamHoursRow[];
  realName: string;
  idNumber: string;
  exportError: { field: string; message: string } | null;
  exporting: boolean;
}

type Field = WechatMiniprogram.CustomEvent<{ value: string }>;

/**
 * Hands the CSV over: as a file sent to a chat (the volunteer forwards it to whoever asked for
 * the record), else copied. A UTF-8 BOM lets Excel read the Chinese.
 */
async function handOver(filename: string, csv: string): Promise<'shared' | 'copied'> {
  try {
    const path = `${wx.env.USER_DATA_PATH}/${filename}`;
    wx.getFileSystemManager().writeFileSync(path, `\ufeff${csv}`, 'utf8');
    await wx.shareFileMessage({ filePath: path, fileName: filename });
    return 'shared';
  } catch {
    await wx.setClipboardData({ data: csv });
    return 'copied';
  }
}

// Written as Component() so the same code runs in WeChat, in miniprogram-simulate and in the preview.
Component({
  data: {
    loading: true,
    error: null,
    hours: null,
    records: [],
    teams: [],
    realName: '',
    idNumber: '',
    exportError: null,
    exporting: false,
  } as HoursView,

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      return this.load(query.estateId || undefined);
    },

    async load(estateId?: string) {
      this.setData({ loading: true, error: null });
      const scope = estateId ? { estateId } : {};
      const [mine, teams] = await Promise.all([
        call('volunteer', 'myHours', scope),
        call('volunteer', 'teamHours', scope),
      ]);
      if (!mine.ok) {
        this.setData({ loading: false, error: mine });
        return;
      }
      this.setData({
        loading: false,
        hours: mine.data,
        records: mine.data.records.map((r) => ({
          taskId: r.taskId,
          title: r.title,
          detail: `${formatChina(r.startAt, 'YYYY-MM-DD')} · ${r.teamName}`,
          hoursText: r.hoursText,
          confirmed: r.hoursConfirmed,
        })),
        teams: teams.ok ? teams.data.teams : [],
      });
    },

    onRealName(e: Field) {
      this.setData({ realName: e.detail.value, exportError: null });
    },

    onIdNumber(e: Field) {
      this.setData({ idNumber: e.detail.value.toUpperCase(), exportError: null });
    },

    async onExport() {
      const hours = this.data.hours;
      if (!hours || this.data.exporting) return;
      const realName = this.data.realName.trim();
      const idNumber = this.data.idNumber.trim();
      this.setData({ exporting: true, exportError: null });
      const res = await call('volunteer', 'exportRecord', {
        estateId: hours.estateId,
        ...(realName ? { realName } : {}),
        ...(idNumber ? { idNumber } : {}),
      });
      if (!res.ok) {
        this.setData({
          exporting: false,
          exportError: { field: res.field ?? '', message: res.message },
        });
        return;
      }
      const how = await handOver(res.data.filename, res.data.csv);
      this.setData({ exporting: false });
      wx.showToast({
        title: how === 'shared' ? '已生成服务记录' : '服务记录已复制，可粘贴到表格',
        icon: 'none',
      });
    },

    onOpen(e: WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, { id: string }>) {
      wx.navigateTo({
        url: `/pages/volunteer-task/volunteer-task?id=${e.currentTarget.dataset.id}`,
      });
    },

    onRetry() {
      return this.load(this.data.hours?.estateId);
    },
  },
});
