// What every source of the inbox gives the page: typed items with their own approve / refuse
// calls, so the page never knows which service an item comes from.
import type { Claims } from "../../../session";

export interface InboxItem {
  /** Unique across sources: "<source>:<record id>". */
  key: string;
  /** What it is, in the user's language (one line). */
  what: string;
  /** The step this user would take (e.g. "法务确认", "第 1 级签字"), when the record has steps. */
  step?: string;
  /** Who asked (a staff id, as the services record it). */
  requester: string;
  /** When it was asked (ISO instant, or a calendar date). */
  askedAt: string | null;
  /** The record's page in the console, where one exists; otherwise the id is shown. */
  href?: string;
  recordId: string;
  /** The approve button's word when it is not "批准" (an agreement is signed, a text confirmed). */
  approveLabel?: string;
  /** The body field the approve call puts the reason in (the gateway names it in problems). */
  noteField: string;
  approve: (note: string) => Promise<unknown>;
  /** Absent when the service has no refusal for this kind (the reason is then for approving). */
  refuse?: (reason: string) => Promise<unknown>;
}

export interface Source {
  id: string;
  label: () => string;
  /** The roles that can act on this kind; others never query it (the gateway still decides). */
  roles: readonly string[];
  load: (me: Claims) => Promise<InboxItem[]>;
}

/** A note is optional on approval: sent only when typed. */
export const optional = (text: string): string | undefined => (text.trim() ? text.trim() : undefined);
