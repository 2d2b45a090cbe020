import type { CategoryView, Milestone, ProposalStatus } from '../../../typings/proposal';
import { chinaDayStart, formatChina, parseChina, type Moment } from '../../shared/china-time';

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

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Times as residents read them: China time, whatever zone the phone is in. */
export const dateTime = (t: Moment): string => formatChina(t, 'YYYY-MM-DD HH:mm');
export const dateOnly = (t: Moment): string => formatChina(t, 'YYYY-MM-DD');

/** What the date pickers show and hand back: China time, as `dateTime` writes it. */
export const toPicker = dateTime;
/** A picker's value as the ISO moment the server takes; '' (refused there) if it is none. */
export const fromPicker = (value: string): string => parseChina(value)?.toISOString() ?? '';

/**
 * Where a date picker starts and ends, and the co-sign deadline it first suggests (two weeks, at
 * 20:00 China time when people are home). Only what the picker offers: the server checks the
 * deadline and its refusal is shown as is.
 */
export function deadlinePicker(now = Date.now()) {
  return {
    start: toPicker(now),
    end: toPicker(now + 365 * DAY),
    value: toPicker(chinaDayStart(now).getTime() + 14 * DAY + 20 * HOUR),
  };
}

/** The first segment of a validation error's field path: `options[2]` → `options`. */
export function fieldRoot(field: string | undefined): string {
  return (field ?? '').split(/[.[]/)[0];
}
