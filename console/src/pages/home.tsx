// The landing page: who I am and the sections my roles open.
import { messages } from "../i18n";
import { roleName } from "../login/panel";
import { SECTIONS, to } from "../sections";
import { hasAnyRole, session } from "../session";
import { Page } from "../ui/data";

const t = messages({
  zh: { title: "工作台", welcome: "您好，{sub}", roles: "您的岗位：{roles}", open: "您可以使用：" },
  en: { title: "Home", welcome: "Hello, {sub}", roles: "Your roles: {roles}", open: "Your sections:" },
});

export default function Home() {
  const claims = session.value!.claims;
  const sections = SECTIONS.filter((s) => s.label && (!s.roles || hasAnyRole(...s.roles)));
  return (
    <Page title={t("title")}>
      <p>{t("welcome", { sub: claims.sub })}</p>
      <p>{t("roles", { roles: claims.roles.map(roleName).join("、") })}</p>
      <p>{t("open")}</p>
      <ul class="cards">
        {sections.map((s) => (
          <li>
            <a href={to(s.path)}>{s.label!()}</a>
          </li>
        ))}
      </ul>
    </Page>
  );
}
