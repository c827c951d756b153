export * from "./client";
export * from "./errors";
export * from "./hooks";
export * from "./affiliates";
export * from "./onboarding";
export * from "./lookups";
export * from "./plans";
export * from "./offerUrls";
