// The branch's open complaints, for the two kinds the complaints service lists only per case
// (agreements and investigation reports: there is no "waiting for me" list route for them).
import { api, ok, type Schemas } from "../../../api/client";
import { allPages } from "../../../ui/pages";

type Complaint = Schemas["Complaint"];
type Status = NonNullable<Complaint["status"]>;
const PARALLEL = 6; // per-case reads at a time: the gateway's rate limit, not the browser's

export function openComplaints(status: Status[]): Promise<Complaint[]> {
  return allPages(
    (page_token) => ok(api.GET("/v1/complaints", { params: { query: { status, page_size: 100, page_token } } })),
    (page) => page.items,
  );
}

/** Runs `load` for each input, a few at a time; the results in input order. */
export async function eachLimited<I, O>(inputs: I[], load: (input: I) => Promise<O>): Promise<O[]> {
  const results: O[] = new Array<O>(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const index = next++;
      results[index] = await load(inputs[index] as I);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, inputs.length) }, worker));
  return results;
}
