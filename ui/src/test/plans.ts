// Plans for component tests: the fields a test does not care about filled with an affiliate bulk
// edit's defaults, so fixtures stay short and typed against the generated bindings.
import type { Plan, PlanRow } from "../bindings";

export type RowInput = Pick<PlanRow, "record_id" | "name" | "field_type" | "field_label" | "before" | "after" | "status"> &
  Partial<PlanRow>;

export function makeRow(row: RowInput): PlanRow {
  return {
    group_id: null,
    group_name: null,
    before_text: null,
    after_text: null,
    highlight: null,
    error_message: "",
    related_changes: "",
    ...row,
  };
}

export type PlanInput = Omit<Partial<Plan>, "rows"> & Pick<Plan, "plan_id"> & { rows: RowInput[] };

export function makePlan(plan: PlanInput): Plan {
  const ids = plan.record_ids ?? [...new Set(plan.rows.map((r) => r.record_id))];
  return {
    kind: "affiliate_bulk_edit",
    created_at: 1_763_719_200,
    description: "Set Status to Inactive",
    noun: "affiliate",
    noun_plural: "affiliates",
    totals: { will_change: plan.rows.length, no_change: 0, errors: 0 },
    resource_errors: [],
    notices: [],
    summaries: [],
    batch_size: 100,
    batches: 1,
    can_apply: true,
    blocked_reason: null,
    undo_of: null,
    account: { profile_id: "demo", name: "Demo network", base_url: "http://127.0.0.1:4000/v1", key_kind: "network", network_id: null },
    ...plan,
    record_ids: ids,
    rows: plan.rows.map(makeRow),
  };
}
