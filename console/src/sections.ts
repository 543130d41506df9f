// The console's sections: one line each, in the order of the navigation. A section shows in
// the navigation only to the roles it names (the gateway still decides every call).
import type { ComponentType } from "preact";
import { lazy } from "preact-iso";
import { pick } from "./i18n";
import { READERS as AFTERSALES } from "./pages/aftersales/roles";

export const BASE = "/console";
export const to = (path: string): string => `${BASE}${path}`;

export interface Section {
  path: string; // the route, below BASE; ":id" style parameters allowed
  label?: () => string; // in the navigation when set
  roles?: string[];
  // A lazy page: its code loads on the first visit, or earlier by preload() (the navigation
  // calls it when a link is pointed at or focused, so the click finds the code there).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- route parameters arrive as props
  component: ComponentType<any> & { preload?: () => Promise<unknown> };
}

// The gateway's statistics.read: supervisors, administration and HR.
const STATISTICS = ["team_lead", "manager", "director", "general_manager", "admin", "hq_admin", "hr"];
const ARCHIVES = ["agent", "team_lead", "manager", "director", "general_manager", "admin", "hq_admin", "archivist", "hr", "legal"];
const ARCHIVES_KEEP = ["archivist", "manager", "legal"];
// The key room: custodians, team leads and managers work there; directors look in.
const KEYS = ["key_custodian", "team_lead", "manager", "director", "general_manager"];
const COMPLAINT_DESK = ["agent", "team_lead", "manager", "director", "general_manager", "admin", "hq_admin", "legal"];

// Everyone who approves something in one of the services (pages/approvals/sources: each
// source names its own roles; the page queries only those the user holds).
const APPROVERS = ["team_lead", "manager", "director", "general_manager", "admin", "hq_admin", "legal", "hr"];

export const SECTIONS: Section[] = [
  { path: "/", component: lazy(() => import("./pages/home")) },
  {
    path: "/complaints",
    label: () => pick("投诉台", "Complaint desk"),
    roles: COMPLAINT_DESK,
    component: lazy(() => import("./pages/complaints/queue")),
  },
  { path: "/complaints/new", roles: COMPLAINT_DESK, component: lazy(() => import("./pages/complaints/intake")) },
  { path: "/complaints/:id", roles: COMPLAINT_DESK, component: lazy(() => import("./pages/complaints/case")) },
  { path: "/approvals", label: () => pick("审批待办", "Approvals inbox"), roles: APPROVERS, component: lazy(() => import("./pages/approvals/inbox")) },
  // Attendance is every staff member's: no roles, each tab and call is checked by the gateway.
  { path: "/attendance", label: () => pick("考勤", "Attendance"), component: lazy(() => import("./pages/attendance/month")) },
  { path: "/attendance/leave", component: lazy(() => import("./pages/attendance/leave")) },
  { path: "/attendance/approvals", component: lazy(() => import("./pages/attendance/approvals")) },
  { path: "/attendance/overtime", component: lazy(() => import("./pages/attendance/overtime")) },
  { path: "/attendance/out-of-office", component: lazy(() => import("./pages/attendance/out-of-office")) },
  { path: "/attendance/team", component: lazy(() => import("./pages/attendance/team")) },
  { path: "/attendance/close", roles: ["hr"], component: lazy(() => import("./pages/attendance/close")) },
  { path: "/statistics", label: () => pick("投诉统计", "Statistics"), roles: STATISTICS, component: lazy(() => import("./pages/statistics")) },
  { path: "/archives", label: () => pick("档案管理", "Archives"), roles: ARCHIVES, component: lazy(() => import("./pages/archives/catalogue")) },
  { path: "/archives/new", roles: ["archivist"], component: lazy(() => import("./pages/archives/file")) },
  { path: "/archives/records/:id", roles: ARCHIVES, component: lazy(() => import("./pages/archives/record")) },
  { path: "/archives/loans", roles: ARCHIVES, component: lazy(() => import("./pages/archives/loans")) },
  { path: "/archives/loans/:id", roles: ARCHIVES, component: lazy(() => import("./pages/archives/loan")) },
  { path: "/archives/stocktakes", roles: ARCHIVES_KEEP, component: lazy(() => import("./pages/archives/stocktakes")) },
  { path: "/archives/stocktakes/:id", roles: ARCHIVES_KEEP, component: lazy(() => import("./pages/archives/stocktake")) },
  { path: "/archives/destructions", roles: ARCHIVES, component: lazy(() => import("./pages/archives/destructions")) },
  { path: "/archives/destructions/:id", roles: ARCHIVES, component: lazy(() => import("./pages/archives/destruction")) },
  { path: "/aftersales", label: () => pick("售后服务", "After-sales"), roles: AFTERSALES, component: lazy(() => import("./pages/aftersales/board")) },
  { path: "/aftersales/new", roles: AFTERSALES, component: lazy(() => import("./pages/aftersales/open")) },
  { path: "/aftersales/orders/:id", roles: AFTERSALES, component: lazy(() => import("./pages/aftersales/order")) },
  { path: "/aftersales/shipping", label: () => pick("售后服务 · 发货", "After-sales · Shipping"), roles: AFTERSALES, component: lazy(() => import("./pages/aftersales/shipping")) },
  { path: "/aftersales/refunds", label: () => pick("售后服务 · 退款", "After-sales · Refunds"), roles: AFTERSALES, component: lazy(() => import("./pages/aftersales/refunds")) },
  { path: "/aftersales/visits", label: () => pick("售后服务 · 回访", "After-sales · Return visits"), roles: AFTERSALES, component: lazy(() => import("./pages/aftersales/visits")) },
  { path: "/keys", label: () => pick("钥匙管理", "Keys"), roles: KEYS, component: lazy(() => import("./pages/keys/register")) },
  { path: "/keys/loans", roles: KEYS, component: lazy(() => import("./pages/keys/loans")) },
  { path: "/keys/count", roles: KEYS, component: lazy(() => import("./pages/keys/count")) },
  { path: "/keys/custody", roles: KEYS, component: lazy(() => import("./pages/keys/custody")) },
];
