export * from "./fields";
export * from "./PlanPreview";
