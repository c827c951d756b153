// Helpers shared by the affiliates screen tests.
import type { AffiliatesTableRequest, PageRequest } from "../../bindings";
import { installBackend, type FakeBackend } from "../../test/backend";
import { renderApp } from "../../test/render";

export function openDemo(setup?: (b: FakeBackend) => void) {
  const backend = installBackend((b) => {
    b.session = { kind: "demo", base_url: "http://127.0.0.1:1/v1" };
    setup?.(b);
  });
  return { backend, ...renderApp() };
}

export function tableRequests(backend: FakeBackend) {
  return backend.callsOf("affiliates_table") as { request: AffiliatesTableRequest; page: PageRequest }[];
}

export function lastTableRequest(backend: FakeBackend) {
  const all = tableRequests(backend);
  return all[all.length - 1];
}

export const NO_FILTERS = {
  account_manager_ids: [],
  network_account_executives_ids: [],
  labels: [],
  network_tracking_domain_ids: [],
  country_codes: [],
  region_codes: [],
};
