// A select over a label table (code → [中文, English]), for the keys forms.
import { options } from "./labels";

export function CodeSelect({
  table,
  value,
  onChange,
  blank,
  ...rest
}: {
  table: Record<string, [string, string]>;
  value: string;
  onChange: (value: string) => void;
  blank?: string; // an empty first choice ("all") when set
  id: string;
  name: string;
}) {
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      {blank !== undefined ? <option value="">{blank}</option> : null}
      {options(table).map(([code, text]) => (
        <option value={code}>{text}</option>
      ))}
    </select>
  );
}
