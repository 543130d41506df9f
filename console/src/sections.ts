// The console's sections: one line each, in the order of the navigation. A section shows in
// the navigation only to the roles it names (the gateway still decides every call).
import type { ComponentType } from "preact";
import { lazy } from "preact-iso";
import { pick } from "./i18n";

export const BASE = "/console";
export const to = (path: string): string => `${BASE}${path}`;

export interface Section {
  path: string; // the route, below BASE; ":id" style parameters allowed
  label?: () => string; // in the navigation when set
  roles?: string[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- route parameters arrive as props
  component: ComponentType<any>;
}

// The key room: custodians, team leads and managers work there; directors look in.
const KEYS = ["key_custodian", "team_lead", "manager", "director", "general_manager"];
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
  { path: "/keys", label: () => pick("钥匙管理", "Keys"), roles: KEYS, component: lazy(() => import("./pages/keys/register")) },
  { path: "/keys/loans", roles: KEYS, component: lazy(() => import("./pages/keys/loans")) },
  { path: "/keys/count", roles: KEYS, component: lazy(() => import("./pages/keys/count")) },
  { path: "/keys/custody", roles: KEYS, component: lazy(() => import("./pages/keys/custody")) },
];
