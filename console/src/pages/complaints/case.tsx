import { Page } from "../../ui/data";
export default function Case({ id }: { id: string }) {
  return <Page title={id}>…</Page>;
}
