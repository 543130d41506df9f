// The attendance section's own tabs: each shows only to the roles whose calls it makes
// (the gateway's attendance permissions: supervisors approve and read the team, HR closes).
import { messages } from "../../i18n";
import { to } from "../../sections";
import { hasAnyRole } from "../../session";

export const SUPERVISORS = ["team_lead", "manager", "director", "general_manager", "admin", "hq_admin"];
export const HR = ["hr"];

const t = messages({
  zh: { nav: "考勤导航", month: "我的考勤", leave: "请假", requests: "加班与外出", approvals: "待我审批", team: "团队考勤", close: "月度结账" },
  en: {
    nav: "Attendance",
    month: "My month",
    leave: "Leave",
    requests: "Overtime and out of office",
    approvals: "Awaiting my approval",
    team: "My team",
    close: "Month close",
  },
});

const TABS: { path: string; key: Parameters<typeof t>[0]; roles?: string[] }[] = [
  { path: "/attendance", key: "month" },
  { path: "/attendance/leave", key: "leave" },
  { path: "/attendance/requests", key: "requests" },
  // Anyone named as a line manager may have leave to approve; the queue says so.
  { path: "/attendance/approvals", key: "approvals" },
  { path: "/attendance/team", key: "team", roles: SUPERVISORS },
  { path: "/attendance/close", key: "close", roles: HR },
];

export function Tabs({ current }: { current: string }) {
  return (
    <nav class="att-tabs" aria-label={t("nav")}>
      {TABS.filter((tab) => !tab.roles || hasAnyRole(...tab.roles)).map((tab) => (
        <a href={to(tab.path)} aria-current={tab.path === current ? "page" : undefined}>
          {t(tab.key)}
        </a>
      ))}
    </nav>
  );
}
