import type { ActionSpec, Photo, Refusal } from './api';

export type ProposalStatus =
  | 'draft' // 草稿: only the author sees it
  | 'cosigning' // 联署中
  | 'qualified' // 已达联署门槛，待业委会审核 (when the estate does not admit automatically)
  | 'admitted' // 已准入，待排期表决
  | 'rejected' // 业委会不予准入 (with a public reason)
  | 'expired' // 联署期满未达门槛
  | 'withdrawn' // 发起人撤回
  | 'scheduled' // 已排期表决
  | 'voting' // 表决中
  | 'decided'; // 表决结束

export type CategoryCode =
  | 'rules'
  | 'statute'
  | 'committee'
  | 'manager'
  | 'useFund'
  | 'raiseFund'
  | 'rebuild'
  | 'commonUse'
  | 'majorOther'
  | 'community';

export interface CategoryView {
  code: CategoryCode;
  label: string;
  /** Help text: what belongs here and the majority it needs. */
  hint: string;
  /** One of the nine matters of Civil Code Art. 278 (0 = an ordinary community matter). */
  matter: number;
  article278: boolean;
  /** Matters 6–8: the vote needs ≥ 3/4 of area and heads. */
  specialMajority: boolean;
}

/** Whole estate, or only some buildings (only their households count and may co-sign). */
export type ScopeInput = { kind: 'estate' } | { kind: 'buildings'; buildingIds: string[] };

export interface ProposalDraft {
  title: string;
  body: string;
  category: CategoryCode;
  scope: ScopeInput;
  /** Ballot options; default 赞成 / 反对 / 弃权. 2–10 options. */
  options?: string[];
  /** Cloud file ids of photos or documents (at most 9). */
  attachments?: string[];
}

export interface CosignProgress {
  cosigned: number;
  /** ceil(share × households in scope). */
  needed: number;
  remaining: number;
  households: number;
  sharePercent: number;
  /** Also at 20% of area and 20% of heads: enough to call a temporary owners' meeting. */
  temporaryMeeting: {
    reached: boolean;
    areaPercentText: string;
    headsPercentText: string;
  };
  /** The line the page shows, e.g. "还需 3 户联署" or "已达到联署门槛". */
  summary: string;
}

export interface Hearing {
  date: string;
  summary: string;
  attachments: string[];
}

export interface Milestone {
  kind: 'tender' | 'contract' | 'construction' | 'acceptance' | 'other';
  date: string;
  summary: string;
}

export interface ProposalView {
  id: string;
  estateId: string;
  title: string;
  body: string;
  category: CategoryView;
  scope: { kind: 'estate' | 'buildings'; label: string; buildingIds: string[] };
  options: string[];
  attachments: string[];
  status: ProposalStatus;
  statusLabel: string;
  /** "1栋1单元302住户": the author's household, never a name. */
  authorLabel: string;
  isMine: boolean;
  createdAt: string;
  publishedAt: string | null;
  cosignDeadline: string | null;
  /** Present from publication on. */
  progress: CosignProgress | null;
  /** The caller's household's co-sign, if any (whoever in the family signed). */
  myCosign: { unitId: string; label: string } | null;
  hearings: Hearing[];
  milestones: Milestone[];
  rejection: { reason: string; at: string } | null;
  /** The scheduled vote; `voteId` once it is open (voting) or over (decided), for the ballot and results pages. */
  vote: { opensAt: string; closesAt: string; voteId: string | null } | null;
  /** What the caller may do now; a refusal says why not. */
  can: Record<
    | 'update'
    | 'publish'
    | 'cosign'
    | 'withdrawCosign'
    | 'withdraw'
    | 'admit'
    | 'reject'
    | 'addHearing'
    | 'schedule'
    | 'addMilestone',
    true | Refusal
  >;
}

export interface ProposalListItem {
  id: string;
  title: string;
  category: CategoryView;
  status: ProposalStatus;
  statusLabel: string;
  /** e.g. "联署中 · 还需 3 户" */
  summary: string;
  updatedAt: string;
}

export interface ProposalMeta {
  categories: CategoryView[];
  defaultOptions: string[];
  buildings: Array<{ id: string; name: string }>;
  sharePercent: number;
}

export interface ProposalApi {
  /** What the create form needs: categories with help texts, default options, the estate's buildings. */
  meta: ActionSpec<{ estateId: string }, ProposalMeta>;
  create: ActionSpec<{ estateId: string } & ProposalDraft, { id: string }>;
  update: ActionSpec<{ proposalId: string } & Partial<ProposalDraft>, ProposalView>;
  /** Starts co-signing until `cosignDeadline` (ISO time, 1 hour to 60 days ahead). */
  publish: ActionSpec<{ proposalId: string; cosignDeadline: string }, ProposalView>;
  /** One co-sign per household in scope; `unitId` picks the household when the caller has several. */
  cosign: ActionSpec<{ proposalId: string; unitId?: string }, ProposalView>;
  withdrawCosign: ActionSpec<{ proposalId: string }, ProposalView>;
  withdraw: ActionSpec<{ proposalId: string }, ProposalView>;
  get: ActionSpec<{ proposalId: string }, ProposalView>;
  /** Members: the photos of a proposal and its hearings (temporary URLs, by file id). */
  photos: ActionSpec<{ proposalId: string }, { photos: Photo[] }>;
  /** Newest first, 20 per page. Drafts are listed only to their authors (status 'draft'). */
  list: ActionSpec<
    { estateId: string; status?: ProposalStatus | 'open'; page?: number },
    { items: ProposalListItem[]; hasMore: boolean }
  >;
  admit: ActionSpec<{ proposalId: string }, ProposalView>;
  /** A public reason is required (10–500 characters). */
  reject: ActionSpec<{ proposalId: string; reason: string }, ProposalView>;
  addHearing: ActionSpec<
    { proposalId: string; date: string; summary: string; attachments?: string[] },
    ProposalView
  >;
  /** Opens and closes the vote at these times (the scheduler opens it; DESIGN §1 Voting). */
  schedule: ActionSpec<
    {
      proposalId: string;
      opensAt: string;
      closesAt: string;
      /** Default: Civil Code mode (area + heads) for Art. 278 matters, majority mode otherwise. */
      mode?: 'majority' | 'civilCode';
    },
    ProposalView
  >;
  addMilestone: ActionSpec<{ proposalId: string } & Milestone, ProposalView>;
}
