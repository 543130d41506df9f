// The attendance section's own tabs: each shows only to the roles whose calls it makes
// (the gateway's attendance permissions; supervisors also see the overtime and out-of-office queues).
import { messages } from "../../i18n";
import { to } from "../../sections";
import { hasAnyRole } from "../../session";

export const SUPERVISORS = ["team_lead", "manager", "director", "general_manager", "admin", "hq_admin"];

const t = messages({
  zh: { nav: "考勤导航", month: "我的考勤", leave: "请假", approvals: "待我审批" },
  en: {
    nav: "Attendance",
    month: "My month",
    leave: "Leave",
    approvals: "Awaiting my approval",
  },
});

const TABS: { path: string; key: Parameters<typeof t>[0]; roles?: string[] }[] = [
  { path: "/attendance", key: "month" },
  { path: "/attendance/leave", key: "leave" },
  // Anyone named as a line manager may have leave to approve; the queue says so.
  { path: "/attendance/approvals", key: "approvals" },
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
