// Who may take which after-sales action, as the service decides it (aftersales/domain/roles.py,
// shipping/domain/rules.py, returns/domain/model.py). The console only hides what a role could
// not do; the gateway and the service still decide every call.
import type { Schemas } from "../../api/client";
import { hasAnyRole, session } from "../../session";

export const FRONT_DESK = ["agent", "team_lead", "manager", "director", "general_manager"];
export const LEADS = ["team_lead", "manager"]; // engineering leads act for the engineer
export const READERS = [...FRONT_DESK, "admin", "hq_admin", "engineer", "finance"];
export const COPY_READERS = [...FRONT_DESK, "admin", "hq_admin", "engineer"];
export const FINANCE = ["finance", "finance_manager"];
export const LOGISTICS = ["logistics", "warehouse", ...FRONT_DESK];
export const REFUND_APPROVERS = ["finance", "manager", "director", "general_manager"];

type Order = Schemas["WorkOrder"];

const me = (): string => session.value?.claims.sub ?? "";

/** The engineer the order is with (accept, depart, start are theirs alone). */
export const isTheEngineer = (order: Order): boolean => !!order.engineer && order.engineer === me();

/** The engineer, or a lead for them (the warranty, extra work). */
export const mayDoTheJob = (order: Order): boolean => isTheEngineer(order) || hasAnyRole(...LEADS);

/** The engineer, or the front desk with the signed form (AFS-03). */
export const mayRecordSignOff = (order: Order): boolean => isTheEngineer(order) || hasAnyRole(...FRONT_DESK);

export const whoAmI = me;
