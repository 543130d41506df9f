// Production login: OpenID Connect authorization code with PKCE, as a public client, by
// oauth4webapi. The verifier and state wait in sessionStorage for the one redirect back
// (single-use, not credentials); the access token returned lives in memory only.
import * as oauth from "oauth4webapi";
import { config } from "../session";
import { messages } from "../i18n";
import { startSession } from "./start";
import { to } from "../sections";

const t = messages({
  zh: {
    failed: "公司账号登录未完成：{reason}。请重新登录。",
    used: "此登录链接已使用过",
    forged: "登录回调与本次登录不符（state 校验失败）",
    refused: "身份认证服务拒绝了登录（{error}）",
    other: "与身份认证服务的交互失败",
  },
  en: {
    failed: "The company login did not complete: {reason}. Please log in again.",
    used: "this login link has already been used",
    forged: "the login callback does not belong to this login (state check failed)",
    refused: "the identity provider refused the login ({error})",
    other: "the exchange with the identity provider failed",
  },
});

const PENDING = "cs-console.oidc-pending";
const CALLBACK = to("/callback");

interface Pending {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

// oauth4webapi refuses plain http; a provider on this machine's loopback (local runs and the
// e2e tests) is the one exception, so a deployment's provider must be https.
type HttpOptions = { [oauth.allowInsecureRequests]?: boolean };

function httpOptions(issuer: URL): HttpOptions {
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(issuer.hostname);
  return issuer.protocol === "http:" && loopback ? { [oauth.allowInsecureRequests]: true } : {};
}

interface Provider {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  options: HttpOptions;
}

async function server(): Promise<Provider> {
  const cfg = config.value?.oidc;
  if (!cfg) throw new Error("OpenID Connect is not configured");
  const issuer = new URL(cfg.issuer);
  const options = httpOptions(issuer);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, options));
  return { as, client: { client_id: cfg.client_id }, options };
}

function isStateMismatch(error: unknown): boolean {
  return (
    error instanceof oauth.OperationProcessingError &&
    error.code === oauth.INVALID_RESPONSE &&
    /"state"/.test(error.message)
  );
}

/** Why the login failed, in the user's words (oauth4webapi's messages are for developers). */
function loginFailure(error: unknown): Error {
  let reason = t("other");
  if (error instanceof oauth.AuthorizationResponseError) reason = t("refused", { error: error.error });
  else if (isStateMismatch(error)) reason = t("forged");
  else if (error instanceof oauth.ResponseBodyError) reason = t("refused", { error: error.error });
  console.warn("OpenID Connect login failed", error);
  return new Error(t("failed", { reason }), { cause: error });
}

export async function startOidcLogin(): Promise<void> {
  const { as } = await server();
  const cfg = config.value!.oidc!;
  const pending: Pending = {
    verifier: oauth.generateRandomCodeVerifier(),
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    returnTo: location.pathname + location.search,
  };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(as.authorization_endpoint!);
  url.searchParams.set("client_id", cfg.client_id);
  url.searchParams.set("redirect_uri", location.origin + CALLBACK);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", cfg.scope);
  url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(pending.verifier));
  url.searchParams.set("code_challenge_method", "S256");
  url.searchParams.set("state", pending.state);
  url.searchParams.set("nonce", pending.nonce);
  location.assign(url.href);
}

/** The redirect back (/callback): checks state, redeems the code with the PKCE verifier. A
 * failure leaves the callback URL (its code is spent) and is thrown in the user's language. */
export async function completeOidcLogin(): Promise<void> {
  const saved = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  const callback = new URL(location.href);
  const pending = saved ? (JSON.parse(saved) as Pending) : null;
  history.replaceState(null, "", pending?.returnTo.startsWith(to("/")) ? pending.returnTo : to("/"));
  if (!pending) throw new Error(t("failed", { reason: t("used") }));
  let token: string;
  try {
    const { as, client, options } = await server();
    const params = oauth.validateAuthResponse(as, client, callback, pending.state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      location.origin + CALLBACK,
      pending.verifier,
      options,
    );
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: pending.nonce,
      requireIdToken: true,
    });
    token = result.access_token;
  } catch (error) {
    throw loginFailure(error);
  }
  await startSession(token, "oidc");
}
