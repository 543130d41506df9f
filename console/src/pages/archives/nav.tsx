// The archives section's own links (catalogue, loans, stock-take, destruction), by role.
import { messages } from "../../i18n";
import { to } from "../../sections";
import { hasAnyRole } from "../../session";
import { ARCHIVES_KEEP, ARCHIVES_READ } from "./labels";

const t = messages({
  zh: { label: "档案管理分区", catalogue: "目录检索", loans: "借阅登记", stocktakes: "盘点", destructions: "销毁" },
  en: { label: "Archives sections", catalogue: "Catalogue", loans: "Loans", stocktakes: "Stock-take", destructions: "Destruction" },
});

export function ArchivesNav() {
  const links: [string, string, string[]][] = [
    ["/archives", t("catalogue"), ARCHIVES_READ],
    ["/archives/loans", t("loans"), ARCHIVES_READ],
    ["/archives/stocktakes", t("stocktakes"), ARCHIVES_KEEP],
    ["/archives/destructions", t("destructions"), ARCHIVES_READ],
  ];
  const here = location.pathname;
  return (
    <nav class="archives-nav" aria-label={t("label")}>
      {links
        .filter(([, , roles]) => hasAnyRole(...roles))
        .map(([path, text]) => (
          <a href={to(path)} aria-current={here === to(path) ? "page" : undefined}>
            {text}
          </a>
        ))}
    </nav>
  );
}
