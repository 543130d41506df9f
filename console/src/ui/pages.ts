// Reading a list route to its end, bounded: every list of the gateway pages the same way
// (page_size / page_token → next_page_token), and no screen needs more than `maxPages`.
export async function allPages<P extends { next_page_token?: string | null }, T>(
  fetchPage: (page_token: string | undefined) => Promise<P>,
  rows: (page: P) => T[],
  maxPages = 10,
): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const answer = await fetchPage(token);
    all.push(...rows(answer));
    if (!answer.next_page_token) break;
    token = answer.next_page_token;
  }
  return all;
}
