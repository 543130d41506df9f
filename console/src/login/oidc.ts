// Production login: OpenID Connect authorization code with PKCE, as a public client, by
// oauth4webapi. The verifier and state wait in sessionStorage for the one redirect back
// (single-use, not credentials); the access token returned lives in memory only.
import * as oauth from "oauth4webapi";
import { config } from "../session";
import { startSession } from "./start";
import { to } from "../sections";

const PENDING = "cs-console.oidc-pending";
const CALLBACK = to("/callback");

interface Pending {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

async function server(): Promise<{ as: oauth.AuthorizationServer; client: oauth.Client }> {
  const cfg = config.value?.oidc;
  if (!cfg) throw new Error("OpenID Connect is not configured");
  const issuer = new URL(cfg.issuer);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer));
  return { as, client: { client_id: cfg.client_id } };
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

export async function completeOidcLogin(): Promise<void> {
  const saved = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (!saved) throw new Error("This login link has already been used; log in again.");
  const pending = JSON.parse(saved) as Pending;
  const { as, client } = await server();
  const params = oauth.validateAuthResponse(as, client, new URL(location.href), pending.state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    location.origin + CALLBACK,
    pending.verifier,
  );
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
    expectedNonce: pending.nonce,
    requireIdToken: true,
  });
  await startSession(result.access_token, "oidc");
  history.replaceState(null, "", pending.returnTo.startsWith(to("/")) ? pending.returnTo : to("/"));
}
