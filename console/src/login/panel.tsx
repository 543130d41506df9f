// The login form: OpenID Connect when configured; the dev login (pick role, grade and
// branch) when the gateway offers it. The dev choices are remembered, never the token.
import { api, ok } from "../api/client";
import { messages, pick } from "../i18n";
import { config } from "../session";
import { startSession } from "./start";
import { Field, Form, ProblemBanner, useAction } from "../ui/form";
import { useDraft } from "../ui/draft";

const t = messages({
  zh: {
    devLogin: "开发登录",
    devHint: "仅限本地开发：选择岗位角色、职级和分支机构，生成开发令牌。",
    user: "用户编号",
    roles: "岗位角色",
    grade: "职级",
    branch: "分支机构",
    login: "登录",
    oidc: "使用公司账号登录",
  },
  en: {
    devLogin: "Dev login",
    devHint: "Local development only: pick roles, grade and branch to mint a dev token.",
    user: "User id",
    roles: "Roles",
    grade: "Grade",
    branch: "Branch",
    login: "Log in",
    oidc: "Log in with the company account",
  },
});

export const ROLE_NAMES: Record<string, [string, string]> = {
  agent: ["客服专员", "Agent"],
  team_lead: ["班组长", "Team lead"],
  manager: ["经理", "Manager"],
  director: ["总监", "Director"],
  general_manager: ["总经理", "General manager"],
  hr: ["人力资源", "HR"],
  archivist: ["档案管理员", "Archivist"],
  key_custodian: ["钥匙管理员", "Key custodian"],
  engineer: ["维修工程师", "Engineer"],
  finance: ["财务", "Finance"],
  legal: ["法务", "Legal"],
  sre: ["运维", "SRE"],
  admin: ["行政人事部", "Administration"],
  hq_admin: ["总部行政", "Head-office administration"],
};

function DevLogin() {
  const [form, update] = useDraft("dev-login", { sub: "agent-b1", roles: ["agent"], grade: 1, branch_id: "b1" });
  const login = useAction(async () => {
    const body = { ...form, grade: Number(form.grade) };
    const answer = await ok(api.POST("/console/dev-login", { body }));
    await startSession(answer.access_token, "dev");
  });
  const toggle = (role: string, on: boolean) =>
    update({ roles: on ? [...form.roles, role] : form.roles.filter((r) => r !== role) });
  return (
    <Form label={t("devLogin")} onSubmit={() => void login.run()}>
      <h2>{t("devLogin")}</h2>
      <p class="hint">{t("devHint")}</p>
      <ProblemBanner error={login.error} />
      <Field label={t("user")} name="sub" error={login.error} required>
        {(p) => <input {...p} value={form.sub} onInput={(e) => update({ sub: e.currentTarget.value })} />}
      </Field>
      <fieldset class="roles">
        <legend>{t("roles")}</legend>
        {(config.value?.roles ?? []).map((role) => (
          <label class="check" key={role}>
            <input
              type="checkbox"
              name="roles"
              value={role}
              checked={form.roles.includes(role)}
              onChange={(e) => toggle(role, e.currentTarget.checked)}
            />
            {roleName(role)}
          </label>
        ))}
      </fieldset>
      <div class="row">
        <Field label={t("grade")} name="grade" error={login.error}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={0}
              max={100}
              value={form.grade}
              onInput={(e) => update({ grade: Number(e.currentTarget.value) })}
            />
          )}
        </Field>
        <Field label={t("branch")} name="branch_id" error={login.error} required>
          {(p) => <input {...p} value={form.branch_id} onInput={(e) => update({ branch_id: e.currentTarget.value })} />}
        </Field>
      </div>
      <button type="submit" disabled={login.busy}>
        {t("login")}
      </button>
    </Form>
  );
}

export function LoginPanel() {
  const cfg = config.value;
  const oidc = useAction(async () => (await import("./oidc")).startOidcLogin());
  return (
    <div class="login-panel">
      {cfg?.oidc ? (
        <>
          <ProblemBanner error={oidc.error} />
          <button type="button" onClick={() => void oidc.run()} disabled={oidc.busy}>
            {t("oidc")}
          </button>
        </>
      ) : null}
      {cfg?.dev_login ? <DevLogin /> : null}
    </div>
  );
}

export function roleName(role: string): string {
  const names = ROLE_NAMES[role];
  return names ? pick(...names) : role;
}
