import dayjs from 'dayjs';
import type { CategoryView, Milestone, ProposalStatus } from '../../../typings/proposal';

/**
 * Presentation shared by the proposal pages: how the server's values look on screen (dates,
 * colours, numerals). Nothing here decides what a user may do; that comes from the server.
 */

const NUMERALS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** "第五项" for one of the nine matters of Civil Code Art. 278, '' for an ordinary community matter. */
export function matterItem(category: CategoryView): string {
  return category.article278 ? `第${NUMERALS[category.matter]}项` : '';
}

/** "民法典第二百七十八条第五项", or '' for an ordinary community matter. */
export function matterText(category: CategoryView): string {
  return category.article278 ? `民法典第二百七十八条${matterItem(category)}` : '';
}

type TagTheme = 'default' | 'primary' | 'success' | 'warning' | 'danger';

/** The colour of a status tag: under way, good news, bad news, or over. */
export const STATUS_THEME: Record<ProposalStatus, TagTheme> = {
  draft: 'default',
  cosigning: 'warning',
  qualified: 'primary',
  admitted: 'success',
  scheduled: 'primary',
  voting: 'primary',
  decided: 'success',
  rejected: 'danger',
  expired: 'default',
  withdrawn: 'default',
};

export const MILESTONE_LABEL: Record<Milestone['kind'], string> = {
  tender: '招标',
  contract: '签约',
  construction: '施工',
  acceptance: '验收',
  other: '其他',
};

export const dateTime = (iso: string | number): string => dayjs(iso).format('YYYY-MM-DD HH:mm');
export const dateOnly = (iso: string | number): string => dayjs(iso).format('YYYY-MM-DD');

/** The format the date pickers hand back (local time), parsed again by `fromPicker`. */
export const PICKER_FORMAT = 'YYYY-MM-DD HH:mm';
export const toPicker = (ms: number): string => dayjs(ms).format(PICKER_FORMAT);
export const fromPicker = (value: string): string => dayjs(value).toISOString();

/**
 * Where a date picker starts and ends, and the co-sign deadline it first suggests (two weeks, at
 * 20:00 when people are home). Only what the picker offers: the server checks the deadline and
 * its refusal is shown as is.
 */
export function deadlinePicker(now = Date.now()) {
  return {
    start: toPicker(now),
    end: toPicker(dayjs(now).add(1, 'year').valueOf()),
    value: toPicker(dayjs(now).add(14, 'day').hour(20).minute(0).second(0).valueOf()),
  };
}

/** The first segment of a validation error's field path: `options[2]` → `options`. */
export function fieldRoot(field: string | undefined): string {
  return (field ?? '').split(/[.[]/)[0];
}
