// The statistics' codes in both languages; the complaint desk's tables are reused as they are.
import { pick } from "../../i18n";
import { label } from "../../ui/labels";
import { CATEGORIES, CHANNELS, CLOCKS } from "../complaints/labels";
import type { SectionKey } from "./data";

export const NATURES: Record<string, [string, string]> = {
  valid: ["有效投诉", "Valid"],
  communicative: ["沟通类投诉", "Communicative"],
  unspecified: ["未定性", "Not yet classified"],
};

/** How a key of each section reads: branches and departments are names already. */
export function keyLabel(section: SectionKey, key: string): string {
  if (section === "by_nature") return label(NATURES, key);
  if (section === "by_channel") return label(CHANNELS, key);
  if (section === "by_category") return label(CATEGORIES, key);
  return key || pick("（未指定）", "(none)");
}

export function clockLabel(clock: string): string {
  return label(CLOCKS, clock);
}
