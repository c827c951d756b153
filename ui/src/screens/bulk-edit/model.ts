// The bulk edit form's state: which fields, with which operator and value, and the `fields` sent to Rust.
import type { JsonValue } from "../../bindings";
import type { PatchFieldInput } from "../../api";
import { initialValue, operatorsFor, SCHEDULE_FIELDS, SCHEDULE_FOR_FREQUENCY } from "../../components/plan-preview/fields";

export interface FieldRow {
  field_type: string;
  operator: string;
  value: JsonValue | null;
  /** A schedule field added because a billing frequency needs it (removed with the frequency). */
  requiredBy?: string;
}

export function newRow(fieldType: string): FieldRow {
  return { field_type: fieldType, operator: operatorsFor(fieldType)[0], value: initialValue(fieldType) };
}

/** The fields the picker offers: every patchable field not added yet; schedules come with a frequency. */
export function pickable(all: string[], rows: FieldRow[]): string[] {
  const taken = new Set(rows.map((r) => r.field_type));
  return all.filter((f) => !taken.has(f) && !SCHEDULE_FIELDS.has(f));
}

export function addField(rows: FieldRow[], fieldType: string): FieldRow[] {
  if (rows.some((r) => r.field_type === fieldType)) return rows;
  return [...rows, newRow(fieldType)];
}

export function removeField(rows: FieldRow[], fieldType: string): FieldRow[] {
  return rows.filter((r) => r.field_type !== fieldType && r.requiredBy !== fieldType);
}

/** Sets a row's value; a billing frequency brings the schedule field it requires (and drops the old one). */
export function setValue(rows: FieldRow[], fieldType: string, value: JsonValue | null): FieldRow[] {
  let next = rows.map((r) => (r.field_type === fieldType ? { ...r, value } : r));
  if (fieldType === "billing_billing_frequency") {
    next = next.filter((r) => r.requiredBy !== fieldType);
    const schedule = typeof value === "string" ? SCHEDULE_FOR_FREQUENCY[value] : undefined;
    if (schedule) {
      next = next.filter((r) => r.field_type !== schedule);
      const at = next.findIndex((r) => r.field_type === fieldType);
      next.splice(at + 1, 0, { ...newRow(schedule), requiredBy: fieldType });
    }
  }
  return next;
}

export function setOperator(rows: FieldRow[], fieldType: string, operator: string): FieldRow[] {
  return rows.map((r) => (r.field_type === fieldType ? { ...r, operator } : r));
}

function isMissing(value: JsonValue | null): boolean {
  if (value === null || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.values(value).some((v) => v === null || v === undefined);
  return false;
}

/** Rows still waiting for a value (a label operation other than "remove all" needs at least one label). */
export function missingValues(rows: FieldRow[]): FieldRow[] {
  return rows.filter((r) => r.operator !== "clear" && isMissing(r.value));
}

/** What Rust receives: exactly the rows, in order ("remove all" sends no labels). */
export function toPatchFields(rows: FieldRow[]): PatchFieldInput[] {
  return rows.map((r) => ({
    field_type: r.field_type,
    field_value: r.operator === "clear" ? [] : (r.value as JsonValue),
    operator: r.operator,
  }));
}
