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
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- route parameters arrive as props
  component: ComponentType<any>;
}

const COMPLAINT_DESK = ["agent", "team_lead", "manager", "director", "general_manager", "admin", "hq_admin", "legal"];

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
  { path: "/aftersales", label: () => pick("售后服务", "After-sales"), roles: AFTERSALES, component: lazy(() => import("./pages/aftersales/board")) },
  { path: "/aftersales/new", roles: AFTERSALES, component: lazy(() => import("./pages/aftersales/open")) },
  { path: "/aftersales/orders/:id", roles: AFTERSALES, component: lazy(() => import("./pages/aftersales/order")) },
  { path: "/aftersales/shipping", label: () => pick("售后服务 · 发货", "After-sales · Shipping"), roles: AFTERSALES, component: lazy(() => import("./pages/aftersales/shipping")) },
  { path: "/aftersales/refunds", label: () => pick("售后服务 · 退款", "After-sales · Refunds"), roles: AFTERSALES, component: lazy(() => import("./pages/aftersales/refunds")) },
  { path: "/aftersales/visits", label: () => pick("售后服务 · 回访", "After-sales · Return visits"), roles: AFTERSALES, component: lazy(() => import("./pages/aftersales/visits")) },
];
