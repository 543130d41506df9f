// Who is logged in. The access token lives in memory only (never localStorage): a reload or
// a closed tab ends the session. Drafts of forms survive it (ui/draft.ts), tokens do not.
import { computed, signal } from "@preact/signals";

export interface ConsoleConfig {
  dev_login: boolean;
  oidc: { issuer: string; client_id: string; scope: string } | null;
  session_minutes: number;
  time_zone: string;
  branch_time_zones: Record<string, string>;
  roles: string[];
}

export interface Claims {
  sub: string;
  branch_id: string;
  roles: string[];
  grade: number;
  exp: number;
}

export interface Session {
  token: string;
  claims: Claims;
  via: "dev" | "oidc";
}

export const config = signal<ConsoleConfig | null>(null);
export const session = signal<Session | null>(null);
/** Set when the gateway answers 401 or the token's time is up; the page stays as it is. */
export const sessionExpired = signal(false);

/** The gateway permissions held (GET /v1/me): which actions to offer. */
export const permissions = signal<ReadonlySet<string>>(new Set());

export function can(permission: string): boolean {
  return permissions.value.has(permission);
}

export const roles = computed(() => new Set(session.value?.claims.roles ?? []));

export function hasAnyRole(...wanted: string[]): boolean {
  const held = roles.value;
  return wanted.some((role) => held.has(role));
}

export function branchTimeZone(): string {
  const cfg = config.value;
  const branch = session.value?.claims.branch_id ?? "";
  return cfg?.branch_time_zones[branch] ?? cfg?.time_zone ?? "Asia/Shanghai";
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch("/console/config.json", { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`config: HTTP ${response.status}`);
  const loaded = (await response.json()) as ConsoleConfig;
  config.value = loaded;
  return loaded;
}

function decodeClaims(token: string): Claims {
  const payload = token.split(".")[1] ?? "";
  const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Claims;
}

let expiryTimer: ReturnType<typeof setTimeout> | undefined;

/** Starts (or renews, after a re-login) the session; the page underneath is kept. */
export function begin(token: string, via: Session["via"]): Session {
  const claims = decodeClaims(token);
  const started: Session = { token, claims, via };
  session.value = started;
  sessionExpired.value = false;
  clearTimeout(expiryTimer);
  expiryTimer = setTimeout(() => (sessionExpired.value = true), Math.max(0, claims.exp * 1000 - Date.now()));
  return started;
}

export function logout(): void {
  clearTimeout(expiryTimer);
  session.value = null;
  permissions.value = new Set();
  sessionExpired.value = false;
}
