// Simplified Chinese first, English by a switch. Each page module declares its own messages
// with `messages({ zh, en })`, typed so a key missing in English is a compile error.
import { signal } from "@preact/signals";

export type Locale = "zh-CN" | "en";
const LOCALE_KEY = "cs-console.locale"; // a preference, not a secret: fine in localStorage

function initialLocale(): Locale {
  return localStorage.getItem(LOCALE_KEY) === "en" ? "en" : "zh-CN";
}

export const locale = signal<Locale>(initialLocale());

export function setLocale(next: Locale): void {
  locale.value = next;
  localStorage.setItem(LOCALE_KEY, next);
  document.documentElement.lang = next;
}

type Params = Record<string, string | number>;
export type Translate<K extends string> = (key: K, params?: Params) => string;

/** A module's messages: `const t = messages({ zh: {...}, en: {...} })`, then `t("key")`. */
export function messages<const Z extends Record<string, string>>(
  table: { zh: Z; en: { [K in keyof Z]: string } },
): Translate<Extract<keyof Z, string>> {
  return (key, params) => {
    const text = (locale.value === "en" ? table.en[key] : table.zh[key]) ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`)) : text;
  };
}

/** Text by locale for values that come as data (enum labels): `label(options, value)`. */
export function pick(zh: string, en: string): string {
  return locale.value === "en" ? en : zh;
}
