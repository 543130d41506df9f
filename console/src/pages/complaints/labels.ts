// The complaint desk's values in both languages (the API speaks in codes).
import type { Labels } from "../../ui/labels";

export const CHANNELS: Labels = {
  phone: ["电话", "Phone"],
  walk_in: ["来访", "Walk-in"],
  online: ["网上", "Online"],
  email: ["电子邮件", "E-mail"],
  letter: ["信函", "Letter"],
  social_media: ["社交媒体", "Social media"],
  store: ["门店", "Store"],
};

export const CATEGORIES: Labels = {
  service: ["服务", "Service"],
  management: ["管理", "Management"],
  charging: ["收费", "Charging"],
  maintenance: ["维修", "Maintenance"],
  product_quality: ["产品质量", "Product quality"],
  delivery: ["交付", "Delivery"],
  quantity_spec: ["数量规格", "Quantity or specification"],
  transport_damage: ["运输损坏", "Transport damage"],
  contract_breach: ["违约", "Contract breach"],
  help_seeking: ["求助", "Help seeking"],
  consulting: ["咨询", "Consulting"],
  venting: ["发泄情绪", "Venting"],
  engineering: ["工程", "Engineering"],
  design: ["设计", "Design"],
};

export const SEVERITIES: Labels = {
  ordinary: ["一般", "Ordinary"],
  urgent: ["紧急", "Urgent"],
  major: ["重大", "Major"],
};

export const GRADES: Labels = {
  general: ["一般", "General"],
  important: ["重要", "Important"],
  urgent: ["紧急", "Urgent"],
};

export const DEMANDS: Labels = {
  price_reduction: ["降价", "Price reduction"],
  return: ["退货", "Return"],
  exchange: ["换货", "Exchange"],
  compensation: ["赔偿", "Compensation"],
  criticism_or_suggestion: ["批评建议", "Criticism or suggestion"],
};

export const STATUSES: Labels = {
  received: ["已受理", "Received"],
  accepted: ["已接单", "Accepted"],
  rejected: ["已驳回", "Rejected"],
  in_progress: ["处理中", "In progress"],
  resolved: ["已解决", "Resolved"],
  visited: ["已回访", "Visited"],
  closed: ["已结案", "Closed"],
};

export const CLOCKS: Labels = {
  first_reply: ["首次答复", "First reply"],
  rejection_reply: ["驳回答复", "Rejection reply"],
  resolution: ["处理完成", "Resolution"],
  closure: ["结案", "Closure"],
  routing: ["转办", "Routing"],
  harm_visit: ["人身伤害探访", "Harm visit"],
  return_visit: ["回访", "Return visit"],
  property_first_visit: ["物业首次上门", "Property first visit"],
  property_second_visit: ["物业二次上门", "Property second visit"],
};

export const CLOCK_STATES: Labels = {
  running: ["计时中", "Running"],
  paused: ["已暂停", "Paused"],
  met: ["已达标", "Met"],
  breached: ["已超时", "Breached"],
  cancelled: ["已取消", "Cancelled"],
};

// CMP-05..07: the case workflow's codes.
export const ROUTES: Labels = {
  administration: ["行政人事部", "Administration"],
  leadership: ["公司有关领导", "Leadership"],
  sales: ["销售流程", "Sales process"],
};

export const REPORT_STATUSES: Labels = {
  in_approval: ["审批中", "In approval"],
  returned: ["已退回", "Returned"],
  approved: ["已批准", "Approved"],
};

export const ANSWER_METHODS: Labels = {
  written: ["书面答复", "In writing"],
  phone: ["电话答复", "By phone"],
};

export const APPROVAL_STEPS: Labels = {
  supervisor: ["主管", "Supervisor"],
  administration: ["行政人事部", "Administration"],
  general_manager: ["总经理", "General manager"],
};

export const ESCALATION_LEVELS: Labels = {
  store: ["门店", "Store"],
  operations_supervisor: ["营运主管", "Operations supervisor"],
  head_office_customer_service: ["总部客服", "Head-office customer service"],
  administration: ["行政人事部", "Administration"],
  general_manager: ["总经理", "General manager"],
};

export const HANDOVERS: Labels = {
  routed: ["转交", "Routed"],
  department_assigned: ["指定处理部门", "Department named"],
};
