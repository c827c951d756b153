import { createContext, useContext } from "react";
import type { AffiliatesTableRequest, SessionView } from "../bindings";

export type ScreenId =
  | "start"
  | "affiliates"
  | "onboard"
  | "bulk-edit"
  | "visibility"
  | "offer-urls"
  | "connections"
  | "history"
  | "settings"
  /** One affiliate's edit form (params.affiliateId). */
  | "affiliate-edit";

/** Extra data a screen needs, e.g. which affiliate to edit. */
export interface ScreenParams {
  affiliateId?: number;
  /** Bulk edit of every affiliate matching the table's search and filters (not the selection). */
  bulkEdit?: { request: AffiliatesTableRequest; count: number };
  /** The visibility matrix of these affiliates (the affiliates table's selection, handed over). */
  visibility?: { affiliates: { id: number; name: string }[] };
}

export type Navigate = (screen: ScreenId, params?: ScreenParams) => void;

/** Where an opened network starts: a partner key can only see its connections. */
export function homeScreen(session: SessionView): ScreenId {
  return session.kind === "profile" && session.profile.kind === "partner" ? "connections" : "affiliates";
}

export const NAV_ITEMS: { id: Exclude<ScreenId, "start" | "affiliate-edit">; label: string; blurb: string }[] = [
  { id: "affiliates", label: "Affiliates", blurb: "Find and look through your partners." },
  { id: "onboard", label: "Onboard", blurb: "Add a new partner step by step: details, address, users, billing and payment." },
  { id: "bulk-edit", label: "Bulk edit", blurb: "Change many partners at once, with a preview of every change before anything is sent." },
  { id: "visibility", label: "Visibility", blurb: "Decide which partners can see which offers, and see who gains or loses access before applying." },
  { id: "offer-urls", label: "Offer URLs", blurb: "List, add and update the landing-page URLs of each offer." },
  { id: "connections", label: "Connections", blurb: "For partner accounts: the brands you are connected to." },
  { id: "history", label: "History", blurb: "Every change Eflow Desk made: what was shown, what was sent, what came back." },
  { id: "settings", label: "Settings", blurb: "Profiles, API keys and preferences." },
];

export const NavigationContext = createContext<Navigate>(() => {});

export function useNavigate() {
  return useContext(NavigationContext);
}
