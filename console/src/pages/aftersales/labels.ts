// After-sales values in both languages (the API speaks in codes). `label` and `options` are
// the complaint desk's helpers: one way to show a code everywhere.
import { label, options } from "../../ui/labels";

export { label, options };
type Labels = Record<string, [string, string]>;

export const KINDS: Labels = {
  home_repair: ["入户维修", "Home repair"],
  public_facility: ["公共设施", "Public facility"],
  installation: ["安装", "Installation"],
  return_to_factory: ["返厂", "Return to factory"],
};

export const ORIGINS: Labels = {
  resident_call: ["业主来电", "Resident's call"],
  resident_visit: ["业主来访", "Resident's visit"],
  staff_report: ["员工报修", "Staff report"],
};

// The board's columns, in the order an order moves through them.
export const ORDER_STATES: Labels = {
  opened: ["待派工", "Opened"],
  booked: ["已预约", "Booked"],
  assigned: ["已派工", "Assigned"],
  accepted: ["已接单", "Accepted"],
  departed: ["已出发", "Departed"],
  working: ["维修中", "Working"],
  completed: ["已完成", "Completed"],
  cancelled: ["已取消", "Cancelled"],
};

export const WARRANTIES: Labels = {
  in_warranty: ["保修期内", "In warranty"],
  out_of_warranty: ["已过保修期", "Out of warranty"],
  undecided: ["待判定", "Undecided"],
};

export const BASES: Labels = {
  on_duty: ["值班工程师", "Engineer on duty"],
  area: ["责任区域工程师", "Area engineer"],
  appointment: ["预约上门", "Appointment"],
};

// AFS-03: who reports a public facility, and so who signs for it.
export const REPORTING_DEPARTMENTS: Labels = {
  customer_service: ["客服部", "Customer service"],
  security: ["保安部", "Security"],
  office: ["办公室", "Office"],
  sales: ["销售部", "Sales"],
};

export const SIGNER_DEPARTMENTS: Labels = { household: ["住户", "Household"], ...REPORTING_DEPARTMENTS };

export const POSITIONS: Labels = {
  assistant: ["助理", "Assistant"],
  supervisor: ["主管", "Supervisor"],
  team_lead: ["班组长", "Team lead"],
  manager: ["经理", "Manager"],
  director: ["总监", "Director"],
  general_manager: ["总经理", "General manager"],
  shift_lead: ["领班", "Shift lead"],
  captain: ["队长", "Captain"],
  guard: ["保安员", "Guard"],
  staff: ["职员", "Staff"],
  on_site_sales: ["驻场销售", "On-site sales"],
  sales_manager: ["销售经理", "Sales manager"],
};

export const PARTIES: Labels = {
  customer_service: ["客服联", "Customer-service copy"],
  engineering: ["工程联", "Engineering copy"],
  resident: ["住户联", "Resident's copy"],
};

export const ORDER_EVENTS: Labels = {
  WorkOrderOpened: ["开单", "Opened"],
  WorkOrderAcknowledged: ["已与客户确认", "Acknowledged"],
  AcknowledgementOverdue: ["确认超时", "Acknowledgement overdue"],
  WorkOrderBooked: ["已预约", "Booked"],
  WorkOrderAssigned: ["派工", "Assigned"],
  WorkOrderAccepted: ["接单", "Accepted"],
  DepartureOverdue: ["出发超时", "Departure overdue"],
  EngineerDeparted: ["出发", "Departed"],
  WarrantyDecided: ["判定保修", "Warranty decided"],
  QuoteAccepted: ["客户接受报价", "Quote accepted"],
  WorkStarted: ["开始维修", "Work started"],
  ExtraWorkAgreed: ["客户同意增项", "Extra work agreed"],
  KeyRequested: ["申请钥匙", "Key requested"],
  KeyLent: ["钥匙已借出", "Key lent"],
  KeyLoanRefused: ["钥匙借用被拒", "Key loan refused"],
  KeyReturnRequested: ["归还钥匙", "Key return requested"],
  KeyReturned: ["钥匙已归还", "Key returned"],
  WorkOrderSignedOff: ["签字验收", "Signed off"],
  WorkOrderCancelled: ["取消", "Cancelled"],
};

export const KEY_LOANS: Labels = {
  none: ["未借用", "None"],
  requested: ["已申请", "Requested"],
  lent: ["已借出", "Lent"],
  returning: ["归还中", "Returning"],
  returned: ["已归还", "Returned"],
  refused: ["借用被拒", "Refused"],
};

export const SHIPMENT_STATES: Labels = {
  requested: ["待开发货单", "Requested"],
  note_issued: ["已开发货单", "Delivery note issued"],
  handed_over: ["已交物流", "Handed over"],
  shipped: ["已发货", "Shipped"],
  in_transit: ["运输中", "In transit"],
  exception: ["运输异常", "Exception"],
  delivered: ["已送达", "Delivered"],
  received: ["已签收", "Received"],
};

export const TRACKING: Labels = {
  in_transit: ["运输中", "In transit"],
  exception: ["运输异常", "Exception"],
  delivered: ["已送达", "Delivered"],
};

export const RETURN_STATES: Labels = {
  refused: ["拒收", "Refused"],
  resent: ["已重发", "Resent"],
  signed: ["已签收", "Signed for"],
  returning: ["退回中", "Returning"],
  received: ["已收回", "Received back"],
  exchanged: ["已换货", "Exchanged"],
  refund_requested: ["待批退款", "Refund requested"],
  refund_approved: ["退款已批准", "Refund approved"],
  refunded: ["已退款", "Refunded"],
  closed: ["已关闭", "Closed"],
};

export const SITUATIONS: Labels = {
  refused_on_delivery: ["送货时拒收", "Refused on delivery"],
  signed: ["签收后退换", "After signing"],
};

export const PAYMENT_MEANS: Labels = {
  cash: ["现金", "Cash"],
  stored_value_card: ["储值卡", "Stored-value card"],
  bank_card: ["银行卡", "Bank card"],
};

export const VISIT_STATES: Labels = {
  open: ["待回访", "Due"],
  done: ["已回访", "Done"],
};

export const SATISFACTION: Labels = {
  satisfied: ["满意", "Satisfied"],
  neutral: ["一般", "Neutral"],
  dissatisfied: ["不满意", "Dissatisfied"],
  "5": ["5 分", "5 points"],
  "4": ["4 分", "4 points"],
  "3": ["3 分", "3 points"],
  "2": ["2 分", "2 points"],
  "1": ["1 分", "1 points"],
};
