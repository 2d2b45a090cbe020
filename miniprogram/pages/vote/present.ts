import type { ResultsView, VoteStatus } from '../../../typings/vote';
import { dateTime } from '../proposal/present';

/**
 * Presentation shared by the vote pages: how a vote's head looks on screen. What a user may do
 * and every figure come from the server.
 */

type TagTheme = 'default' | 'primary' | 'success' | 'warning';

const STATUS: Record<VoteStatus, { label: string; theme: TagTheme }> = {
  opening: { label: '即将开始', theme: 'default' },
  open: { label: '表决中', theme: 'primary' },
  closing: { label: '正在计票', theme: 'warning' },
  closed: { label: '表决已结束', theme: 'success' },
};

export interface VoteHead {
  title: string;
  modeLabel: string;
  statusLabel: string;
  statusTheme: TagTheme;
  /** "2026-05-01 09:00 至 2026-05-08 20:00" */
  times: string;
}

export function headOf(v: ResultsView): VoteHead {
  return {
    title: v.title,
    modeLabel: v.modeLabel,
    statusLabel: STATUS[v.status].label,
    statusTheme: STATUS[v.status].theme,
    times: `${dateTime(v.opensAt)} 至 ${dateTime(v.closesAt)}`,
  };
}

export const ballotPath = (voteId: string): string => `/pages/vote/vote?id=${voteId}`;
export const resultsPath = (voteId: string): string =>
  `/pages/vote-results/vote-results?id=${voteId}`;
export const paperPath = (voteId: string): string => `/pages/vote-paper/vote-paper?id=${voteId}`;
