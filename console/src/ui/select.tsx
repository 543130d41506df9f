// A <select> over a label table's codes; `blank` adds an empty first choice (a filter's "all").
import { type Labels, options } from "./labels";

export interface ControlProps {
  id: string;
  name: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
}

export function CodeSelect({
  table,
  value,
  onChange,
  blank,
  ...control
}: ControlProps & { table: Labels; value: string; onChange: (value: string) => void; blank?: string }) {
  return (
    <select {...control} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      {blank !== undefined ? <option value="">{blank}</option> : null}
      {options(table).map(([code, text]) => (
        <option value={code}>{text}</option>
      ))}
    </select>
  );
}
