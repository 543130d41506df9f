// After any login: the session, then what the gateway lets this user do (GET /v1/me).
import { api, ok } from "../api/client";
import { begin, permissions, type Session } from "../session";

export async function startSession(token: string, via: Session["via"]): Promise<void> {
  begin(token, via);
  const me = await ok(api.GET("/v1/me"));
  permissions.value = new Set(me.permissions);
}
