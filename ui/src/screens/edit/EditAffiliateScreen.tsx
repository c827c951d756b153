import { UnavailableScreen } from "../UnavailableScreen";

/** Editing one affiliate (being built): for now, says so honestly. */
export function EditAffiliateScreen({ affiliateId }: { affiliateId: number }) {
  void affiliateId;
  return <UnavailableScreen screen="onboard" />;
}
