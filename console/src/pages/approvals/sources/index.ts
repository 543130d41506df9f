// Every source of the inbox, in the order its kinds are shown when they tie on time.
import { agreements } from "./agreements";
import { archiveLoans } from "./archive-loans";
import { destructions } from "./destructions";
import { emergencies } from "./emergencies";
import { leave } from "./leave";
import { outOfOffice } from "./out-of-office";
import { overtime } from "./overtime";
import { reports } from "./reports";
import { sanctions } from "./sanctions";
import type { Source } from "./types";

export const SOURCES: readonly Source[] = [
  reports,
  agreements,
  sanctions,
  leave,
  overtime,
  outOfOffice,
  emergencies,
  archiveLoans,
  destructions,
];
