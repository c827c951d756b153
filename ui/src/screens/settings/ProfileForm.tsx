import { useId, useRef, useState, type FormEvent } from "react";
import type { KeyKind, Profile, ProfileInput, Region } from "../../bindings";
import type { AppError } from "../../api";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/Field";
import { Spinner } from "../../components/Loading";
import { CUSTOM_LABEL, EU_LABEL, US_LABEL } from "../../lib/words";

type RegionKind = Region["kind"];

interface Props {
  /** Editing this profile; creating a new one when absent. */
  profile?: Profile;
  /**
   * Called with the form's values. The key (create only) is read straight from its input and passed
   * on; it never sits in React state. Resolve to clear the form, reject with an AppError to show it.
   */
  onSubmit: (input: ProfileInput, key: string) => Promise<void>;
  onCancel?: () => void;
  pending: boolean;
  error: AppError | null;
}

const FIELD_NAMES = new Set(["name", "region", "kind", "key"]);

/** Create or edit a profile. Every rule is checked in Rust; its answers appear at the fields. */
export function ProfileForm({ profile, onSubmit, onCancel, pending, error }: Props) {
  const creating = !profile;
  const [name, setName] = useState(profile?.name ?? "");
  const [kind, setKind] = useState<KeyKind>(profile?.kind ?? "network");
  const [regionKind, setRegionKind] = useState<RegionKind>(profile?.region.kind ?? "us");
  const [customUrl, setCustomUrl] = useState(profile?.region.kind === "custom" ? profile.region.url : "");
  const keyRef = useRef<HTMLInputElement>(null);
  const idBase = useId();

  const region: Region = regionKind === "custom" ? { kind: "custom", url: customUrl } : { kind: regionKind };
  const regionError = error?.fieldMessage("region");
  const unplacedFields = error?.fields.filter((f) => !FIELD_NAMES.has(f.field)) ?? [];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const key = keyRef.current?.value ?? "";
    void onSubmit({ name, kind, region }, key).then(
      () => {
        // A created profile's form is replaced by a fresh one; an edited one keeps its values.
        if (keyRef.current) keyRef.current.value = "";
      },
      () => {
        // Shown from `error`; the form keeps what was typed so it can be corrected.
      },
    );
  };

  return (
    <form
      className="form"
      onSubmit={submit}
      data-testid={creating ? "add-profile-form" : "edit-profile-form"}
      aria-label={creating ? "Add a profile" : `Edit ${profile.name}`}
      noValidate
    >
      <Field name="name" label="Name" hint="Any name that helps you recognise this account, e.g. “Main network”." error={error?.fieldMessage("name")}>
        {(props) => (
          <input
            {...props}
            type="text"
            data-testid="profile-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
          />
        )}
      </Field>

      <fieldset className="field" data-field="kind">
        <legend className="field-label">Type of API key</legend>
        <label className="radio">
          <input
            type="radio"
            name={`${idBase}-kind`}
            value="network"
            data-testid="profile-kind-network"
            checked={kind === "network"}
            onChange={() => setKind("network")}
          />
          <span>
            <strong>Network key</strong>
            <span className="radio-hint">You run the network: manage affiliates, offers and visibility.</span>
          </span>
        </label>
        <label className="radio">
          <input
            type="radio"
            name={`${idBase}-kind`}
            value="partner"
            data-testid="profile-kind-partner"
            checked={kind === "partner"}
            onChange={() => setKind("partner")}
          />
          <span>
            <strong>Partner key</strong>
            <span className="radio-hint">You are a partner: see the brands you are connected to.</span>
          </span>
        </label>
        {error?.fieldMessage("kind") ? <p className="field-error">{error.fieldMessage("kind")}</p> : null}
      </fieldset>

      <Field
        name={regionKind === "custom" ? "region-select" : "region"}
        label="Where your Everflow account lives"
        error={regionKind === "custom" ? undefined : regionError}
      >
        {(props) => (
          <select
            {...props}
            data-testid="profile-region"
            value={regionKind}
            onChange={(e) => setRegionKind(e.target.value as RegionKind)}
          >
            <option value="us">{US_LABEL}</option>
            <option value="eu">{EU_LABEL}</option>
            <option value="custom">{CUSTOM_LABEL}</option>
          </select>
        )}
      </Field>

      {regionKind === "custom" ? (
        <Field
          name="region"
          label="Server address"
          hint="The API address, ending in the version, e.g. https://api.example.com/v1. It must start with https://; plain http:// is accepted only for this computer (localhost, 127.0.0.1 or [::1])."
          error={regionError}
        >
          {(props) => (
            <input
              {...props}
              type="url"
              data-testid="profile-custom-url"
              value={customUrl}
              onChange={(e) => setCustomUrl(e.target.value)}
              placeholder="https://"
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
      ) : null}

      {creating ? (
        <Field
          name="key"
          label="API key (optional)"
          hint="You can also add it later. It goes straight to your system keyring and is never shown again."
          error={error?.fieldMessage("key")}
        >
          {(props) => (
            <input
              {...props}
              ref={keyRef}
              type="password"
              data-testid="profile-key"
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
      ) : (
        <>
          <p className="muted small">If this profile is open, it is closed when you save, so the change takes effect.</p>
          <p className="muted small">
            A new address or key type removes the stored key from the system keyring; you are asked for the key again
            when you save.
          </p>
        </>
      )}

      {error && (error.fields.length === 0 || unplacedFields.length > 0) ? <ErrorNotice error={error} compact /> : null}

      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={pending} data-testid={creating ? "create-profile" : "save-profile"}>
          {pending ? (
            <>
              <Spinner /> {creating ? "Creating…" : "Saving…"}
            </>
          ) : creating ? (
            "Create profile"
          ) : (
            "Save changes"
          )}
        </button>
        {onCancel ? (
          <button type="button" className="btn btn-secondary" onClick={onCancel} disabled={pending}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
