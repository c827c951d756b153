import type { Profile, ProfileInput, Region } from "../bindings";

function regionKey(region: Region): string {
  return region.kind === "custom" ? `custom:${region.url.trim()}` : region.kind;
}

/**
 * Whether saving this edit changes where the key is sent or its kind. Rust applies the same rule
 * (`Profile::edit_changes_key_destination`) and deletes the stored key; the UI uses it to say so
 * before saving and to ask for the key again in the same confirmation.
 */
export function profileEditMovesKey(profile: Profile, input: ProfileInput): boolean {
  return profile.kind !== input.kind || regionKey(profile.region) !== regionKey(input.region);
}
