// The keys section's values in both languages (the API speaks in codes), and its sub-navigation.
export { label, options } from "../../ui/labels";

type Labels = Record<string, [string, string]>;

export const KINDS: Labels = {
  owner_entrusted: ["业主委托钥匙", "Owner-entrusted"],
  vacant_unit: ["空置房钥匙", "Vacant unit"],
  repair: ["维修钥匙", "Repair"],
  plant_room: ["机房钥匙", "Plant room"],
  hazardous: ["危险品柜钥匙", "Hazardous-materials cabinet"],
};

export const STATES: Labels = {
  in_cabinet: ["在柜", "In the cabinet"],
  lent: ["借出", "Out on loan"],
  sealed: ["封存", "Sealed"],
  lost: ["遗失", "Lost"],
  retired: ["已注销", "Retired"],
};

export const LOAN_STATES: Labels = {
  open: ["借出中", "Out"],
  returned: ["已归还", "Returned"],
  lost: ["遗失", "Lost"],
};

export const BORROWER_KINDS: Labels = {
  staff: ["物业员工", "Property staff"],
  owner_collector: ["业主或代领人", "Owner's collector"],
  contractor: ["维修承包商", "Contractor"],
};

export const STAFF_ROLES: Labels = {
  customer_service: ["客服", "Customer service"],
  engineer: ["工程", "Engineering"],
  security: ["保安", "Security"],
  cleaning: ["保洁", "Cleaning"],
};

export const RELATIONS: Labels = {
  owner: ["业主本人", "The owner"],
  helper: ["家政人员", "Domestic helper"],
  family: ["家属", "Family"],
  agent: ["代理人", "Agent"],
};

export const PROOFS: Labels = {
  ownership_proof: ["产权证明", "Proof of ownership"],
  access_pass: ["出入证", "Access pass"],
  id_copy: ["身份证复印件", "ID copy"],
  authorisation_letter: ["业主授权书", "Letter of authorisation"],
};

export const HAZARDS: Labels = {
  fire: ["火警", "Fire"],
  flood: ["水浸", "Flood"],
  gas: ["燃气泄漏", "Gas leak"],
};

export const OUTCOMES: Labels = {
  ok: ["相符", "OK"],
  out: ["借出在外", "Out on loan"],
  missing: ["缺失", "Missing"],
  short: ["数量不足", "Short"],
  unexpected: ["多出", "Unexpected"],
  unknown: ["未登记物品", "Unknown item"],
};

export const STATUSES: Labels = {
  open: ["进行中", "Open"],
  closed: ["已结束", "Closed"],
  resolved: ["已处理", "Resolved"],
  deposited: ["已存放", "Deposited"],
  sealed: ["已封存", "Sealed"],
  opened: ["已开封", "Opened"],
  declared: ["已报告", "Declared"],
  keys_in_use: ["钥匙使用中", "Keys in use"],
  none: ["无", "None"],
  done: ["已完成", "Done"],
};

/** The roles that work in the key room (the gateway still decides every call). */
export const KEY_ROLES = ["key_custodian", "team_lead", "manager", "director", "general_manager"];
export const LENDERS = ["key_custodian", "team_lead", "manager"]; // keys.register, keys.lend, keys.count
export const APPROVERS = ["team_lead", "manager"]; // keys.approve
