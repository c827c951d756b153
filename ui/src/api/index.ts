export * from "./client";
export * from "./errors";
export * from "./hooks";
export * from "./onboarding";
