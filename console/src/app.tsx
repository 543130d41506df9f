// The frame: login (dev or OpenID Connect), the navigation by role, the sections, and the
// re-login dialog that keeps the page (and what was typed) when a session expires.
import { useEffect, useState } from "preact/hooks";
import { ErrorBoundary, LocationProvider, Route, Router } from "preact-iso";
import { locale, setLocale } from "./i18n";
import { tc } from "./i18n/common";
import { LoginPanel } from "./login/panel";
import { BASE, SECTIONS, to, type Section } from "./sections";
import { config, hasAnyRole, loadConfig, logout, session, sessionExpired } from "./session";
import { ProblemBanner } from "./ui/form";

/** A section's code fetched ahead of the click; a failure shows when the page is opened. */
function preload(section: Section): void {
  section.component.preload?.().catch(() => undefined);
}

function Navigation() {
  const visible = SECTIONS.filter((s) => s.label && (!s.roles || hasAnyRole(...s.roles)));
  return (
    <nav aria-label={locale.value === "en" ? "Sections" : "功能导航"}>
      <ul>
        {visible.map((section) => (
          <li key={section.path}>
            <a
              href={to(section.path)}
              onPointerEnter={() => preload(section)}
              onFocus={() => preload(section)}
            >
              {section.label!()}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Header() {
  const claims = session.value?.claims;
  return (
    <header class="top">
      <a class="brand" href={to("/")}>
        {tc("appName")}
      </a>
      {claims ? (
        <span class="who" data-testid="who">
          {claims.sub} · {claims.roles.join(", ")} · {tc("branch")} {claims.branch_id}
        </span>
      ) : null}
      <button
        type="button"
        class="link"
        lang={locale.value === "en" ? "zh-CN" : "en"}
        title={tc("languageLabel")}
        onClick={() => setLocale(locale.value === "en" ? "zh-CN" : "en")}
      >
        {tc("language")}
      </button>
      {claims ? (
        <button type="button" class="link" onClick={() => logout()}>
          {tc("logout")}
        </button>
      ) : null}
    </header>
  );
}

function ExpiredDialog() {
  if (!sessionExpired.value) return null;
  return (
    <div class="modal-backdrop">
      <div class="modal" role="dialog" aria-modal="true" aria-labelledby="expired-title">
        <h2 id="expired-title">{tc("loginAgain")}</h2>
        <p>{tc("sessionExpired")}</p>
        <LoginPanel />
      </div>
    </div>
  );
}

export function App() {
  const [error, setError] = useState<unknown>(null);
  const [loginError, setLoginError] = useState<unknown>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    loadConfig()
      .then(async () => {
        // The OpenID Connect code is loaded only by those who use it. The router starts
        // after the callback is done, at the address it leaves (the page the login began on).
        if (location.pathname === to("/callback"))
          await (await import("./login/oidc")).completeOidcLogin().catch(setLoginError);
        setReady(true);
      })
      .catch(setError);
  }, []);
  // Read here so a language switch re-renders every page's words.
  void locale.value;
  if (error) return <ProblemBanner error={error} />;
  if (!config.value || !ready) return <p role="status">{tc("loading")}</p>;
  return (
    <LocationProvider scope={BASE}>
      <a class="skip" href="#main">
        {tc("skipToContent")}
      </a>
      <Header />
      {session.value ? (
        <div class="layout">
          <Navigation />
          <main id="main">
            <ErrorBoundary>
              <Router>
                {SECTIONS.map((section) => (
                  <Route path={to(section.path)} component={section.component} />
                ))}
                <Route default component={() => <p>{tc("notFound")}</p>} />
              </Router>
            </ErrorBoundary>
          </main>
        </div>
      ) : (
        <main id="main" class="login">
          <h1>{tc("appName")}</h1>
          <ProblemBanner error={loginError} />
          <LoginPanel />
        </main>
      )}
      <ExpiredDialog />
    </LocationProvider>
  );
}
