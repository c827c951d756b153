import { QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useEffect, type ReactNode } from "react";
import { createQueryClient } from "../../api";
import { NavigationContext, type Navigate } from "../../lib/navigation";
import { SelectionProvider, useAffiliateSelection, type SelectedAffiliate } from "../../lib/selection";

function Seed({ affiliates }: { affiliates: SelectedAffiliate[] }) {
  const selection = useAffiliateSelection();
  useEffect(() => selection.replace(affiliates), []); // eslint-disable-line react-hooks/exhaustive-deps
  return null;
}

/** Renders a screen under the providers the app gives it, with these affiliates selected. */
export function renderWithSelection(ui: ReactNode, affiliates: SelectedAffiliate[] = [], navigate: Navigate = () => {}) {
  const user = userEvent.setup();
  const result = render(
    <QueryClientProvider client={createQueryClient()}>
      <NavigationContext.Provider value={navigate}>
        <SelectionProvider>
          <Seed affiliates={affiliates} />
          {ui}
        </SelectionProvider>
      </NavigationContext.Provider>
    </QueryClientProvider>,
  );
  return { user, ...result };
}
