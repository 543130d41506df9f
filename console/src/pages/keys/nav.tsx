// The keys section's own tabs: register, loans, today's count, custody and emergencies.
import { messages } from "../../i18n";
import { to } from "../../sections";

const t = messages({
  zh: { nav: "钥匙管理", register: "钥匙登记册", loans: "借出与归还", count: "今日盘点", custody: "封存与紧急使用" },
  en: { nav: "Keys", register: "Register", loans: "Loans and returns", count: "Today's count", custody: "Custody and emergencies" },
});

const TABS = [
  ["/keys", "register"],
  ["/keys/loans", "loans"],
  ["/keys/count", "count"],
  ["/keys/custody", "custody"],
] as const;

export function KeysNav({ current }: { current: (typeof TABS)[number][1] }) {
  return (
    <nav class="keys-tabs" aria-label={t("nav")}>
      {TABS.map(([path, key]) => (
        <a href={to(path)} aria-current={key === current ? "page" : undefined}>
          {t(key)}
        </a>
      ))}
    </nav>
  );
}
