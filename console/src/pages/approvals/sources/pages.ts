// Reading a list route to its end (bounded): every list of the gateway pages the same way.
const MAX_PAGES = 10; // 1,000 rows: more than any branch has waiting at once

export async function allPages<P extends { next_page_token: string | null }, T>(
  fetchPage: (page_token: string | undefined) => Promise<P>,
  rows: (page: P) => T[],
): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await fetchPage(token);
    all.push(...rows(answer));
    if (!answer.next_page_token) break;
    token = answer.next_page_token;
  }
  return all;
}
