/**
 * The notification outbox: every message to a person is first a document here, written with
 * (or right after) the change it reports, then sent by the scheduler through a `NotifyPort`.
 * Nothing in this folder knows about volunteers, proposals or WeChat.
 */

/** What a message says, in our terms; each adapter renders it for its channel. */
export interface MessageContent {
  /** Which kind of message (an adapter maps it to a channel template), e.g. 'taskReminder'. */
  template: string;
  /** The subject, e.g. the task title. */
  subject: string;
  /** When the thing happens, if it has a time. */
  time: Date | null;
  place: string;
  /** One short line: what happened or what to do. */
  note: string;
  /** The mini-program page that opens from the message, e.g. '/pages/x/x?id=1'. */
  page: string;
}

export interface OutgoingMessage extends MessageContent {
  /** Deterministic: the same notice queued twice is one document (see outbox.ts). */
  id: string;
  estateId: string;
  toOpenid: string;
  /** Groups the messages about one thing, so they can be withdrawn together (e.g. 'task:t_1'). */
  topic: string;
  /** Not sent before this time. */
  dueAt: Date;
  /** Not sent after this time (a reminder is worthless once the task started). */
  expiresAt: Date;
}

export type OutboxStatus =
  | 'pending' // waiting for its time (or for a retry)
  | 'sending' // claimed by a scheduler run
  | 'sent'
  | 'failed' // the channel refused it for good (no consent, bad address) or retries ran out
  | 'expired' // not sent in time
  | 'withdrawn'; // the thing it was about changed (task cancelled, volunteer left)

export interface OutboxDoc extends Omit<OutgoingMessage, 'id'> {
  _id: string;
  status: OutboxStatus;
  attempts: number;
  /** Which run holds it while 'sending', and since when (a crashed run's claim lapses). */
  claim: string | null;
  claimedAt: Date | null;
  sentAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}
