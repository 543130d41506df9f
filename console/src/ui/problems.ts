// The gateway's problem details in the user's language: titles by problem code, and the
// common field messages by pattern; anything else is shown as the gateway wrote it.
import { locale } from "../i18n";
import type { ApiProblem } from "../api/client";

const TITLES_ZH: Record<string, string> = {
  unauthenticated: "需要登录",
  invalid_token: "登录凭证无效或已过期",
  forbidden: "无权执行此操作",
  role_required: "需要相应的岗位角色",
  grade_required: "需要更高的职级",
  not_found: "未找到，或不属于您的分支机构",
  validation_failed: "填写有误，请检查标出的字段",
  invalid_input: "填写有误，请检查标出的字段",
  conflict: "与当前状态冲突",
  rule_violation: "违反业务规定",
  rate_limited: "请求过于频繁，请稍后再试",
  unavailable: "服务暂时不可用，请稍后重试",
  timeout: "服务响应超时，请稍后重试",
  internal: "系统内部错误",
};

const FIELD_ZH: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^Field required$/i, () => "此项必填"],
  [/^is required$/i, () => "此项必填"],
  [/^String should have at least (\d+) characters?$/i, (m) => `至少 ${m[1]} 个字符`],
  [/^String should have at most (\d+) characters?$/i, (m) => `最多 ${m[1]} 个字符`],
  [/^Input should be a valid (date|datetime)/i, () => "日期时间格式不正确"],
  [/^Input should be a valid (integer|number)/i, () => "请输入数字"],
  [/^Input should be (.+)$/i, (m) => `取值应为 ${m[1]}`],
  [/^Extra inputs are not permitted$/i, () => "不允许的字段"],
  [/^Value error, (.+)$/i, (m) => m[1] ?? ""],
];

// A service's own problem code (e.g. "under_retention") has no entry above: its status says
// what kind of refusal it is, and the detail (the service's words) follows the title.
const BY_STATUS_ZH: Record<number, string> = {
  400: "请求格式有误",
  403: "无权执行此操作",
  404: "未找到，或不属于您的分支机构",
  409: "与当前状态或业务规定冲突",
  413: "文件或内容过大",
  415: "不支持的文件类型",
  422: "填写有误，请检查标出的字段",
  429: "请求过于频繁，请稍后再试",
};

export function problemTitle(error: ApiProblem): string {
  const { code, title, status } = error.problem;
  if (locale.value === "en") return title;
  return TITLES_ZH[code] ?? BY_STATUS_ZH[status] ?? (status >= 500 ? "服务暂时不可用，请稍后重试" : title);
}

export function fieldMessage(message: string): string {
  if (locale.value === "en") return message;
  for (const [pattern, render] of FIELD_ZH) {
    const match = message.match(pattern);
    if (match) return render(match);
  }
  return message;
}
