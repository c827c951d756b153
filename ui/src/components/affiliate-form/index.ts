export * from "./model";
export * from "./sections";
export * from "./types";
export * from "./words";
export { testId } from "./widgets";
