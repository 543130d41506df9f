// The attendance section's own tabs: each shows only to the roles whose calls it makes
// (the gateway's attendance permissions; supervisors also see the overtime and out-of-office queues).
import { messages } from "../../i18n";
import { to } from "../../sections";
import { hasAnyRole } from "../../session";

export const SUPERVISORS = ["team_lead", "manager", "director", "general_manager", "admin", "hq_admin"];
// The gateway's attendance.write: the staff who file their own overtime and out-of-office.
export const STAFF = ["agent", ...SUPERVISORS];

const t = messages({
  zh: { nav: "考勤导航", month: "我的考勤", leave: "请假", overtime: "加班", outside: "外出", approvals: "待我审批", team: "团队", close: "月结" },
  en: {
    nav: "Attendance",
    month: "My month",
    leave: "Leave",
    overtime: "Overtime",
    outside: "Out of office",
    approvals: "Awaiting my approval",
    team: "Team",
    close: "Month close",
  },
});

const TABS: { path: string; key: Parameters<typeof t>[0]; roles?: string[] }[] = [
  { path: "/attendance", key: "month" },
  { path: "/attendance/leave", key: "leave" },
  { path: "/attendance/overtime", key: "overtime", roles: STAFF },
  { path: "/attendance/out-of-office", key: "outside", roles: STAFF },
  // Anyone named as a line manager may have leave to approve; the queue says so.
  { path: "/attendance/approvals", key: "approvals" },
  // attendance.roster and attendance.approve: the team's week is its supervisors'.
  { path: "/attendance/team", key: "team", roles: SUPERVISORS },
  // attendance.month_close is HR's alone.
  { path: "/attendance/close", key: "close", roles: ["hr"] },
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
