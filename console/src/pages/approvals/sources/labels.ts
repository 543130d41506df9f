// Names the sources share: roles in approval chains, leave and sanction kinds.
import { pick } from "../../../i18n";

const ROLES: Record<string, [string, string]> = {
  team_lead: ["班组长", "team lead"],
  manager: ["经理", "manager"],
  director: ["总监", "director"],
  general_manager: ["总经理", "general manager"],
  legal: ["法务", "legal"],
  admin: ["行政人事部", "administration"],
  hq_admin: ["总部行政", "head-office administration"],
};

const LEAVE: Record<string, [string, string]> = {
  annual: ["年假", "annual"],
  sick: ["病假", "sick"],
  personal: ["事假", "personal"],
  marriage: ["婚假", "marriage"],
  maternity: ["产假", "maternity"],
  paternity: ["陪产假", "paternity"],
  bereavement: ["丧假", "bereavement"],
  public: ["公假", "public"],
};

const SANCTIONS: Record<string, [string, string]> = {
  warning: ["警告", "warning"],
  minor_demerit: ["记小过", "minor demerit"],
  major_demerit: ["记大过", "major demerit"],
};

function named(table: Record<string, [string, string]>, value: string | null | undefined): string {
  if (!value) return "—";
  const names = table[value];
  return names ? pick(...names) : value;
}

export const roleName = (role: string | null | undefined) => named(ROLES, role);
export const leaveKind = (kind: string | null | undefined) => named(LEAVE, kind);
export const sanctionKind = (kind: string | null | undefined) => named(SANCTIONS, kind);
