import { useRef, useState, type FormEvent } from "react";
import type { Profile, ProfileInput } from "../../bindings";
import {
  useKeyCheck,
  useRunKeyCheck,
  useClearKey,
  useDeleteProfile,
  useKeyStatus,
  useOpenProfile,
  useSession,
  useSetKey,
  useTestKey,
  useUpdateProfile,
} from "../../api";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/Field";
import { Spinner } from "../../components/Loading";
import { useNavigate } from "../../lib/navigation";
import { profileEditMovesKey } from "../../lib/profiles";
import { keyStatusWords, kindWords, regionWords } from "../../lib/words";
import { KeyCheckList } from "./KeyCheckList";
import { ProfileForm } from "./ProfileForm";

export function ProfileCard({ profile }: { profile: Profile }) {
  const navigate = useNavigate();
  const session = useSession();
  const keyStatus = useKeyStatus(profile.id);
  const open = useOpenProfile();
  const update = useUpdateProfile();
  const remove = useDeleteProfile();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  // An edit that moves the key (new address or key type) waits here for its confirmation.
  const [movingEdit, setMovingEdit] = useState<ProfileInput | null>(null);
  const newKeyRef = useRef<HTMLInputElement>(null);
  const isOpen = session.data?.kind === "profile" && session.data.profile.id === profile.id;

  return (
    <article className="card profile-card" data-testid="profile-card" data-profile-name={profile.name} aria-label={profile.name}>
      <header className="card-header">
        <div>
          <h3 className="card-title">
            {profile.name}
            {isOpen ? <span className="badge badge-active badge-inline">Open now</span> : null}
          </h3>
          <p className="muted small">
            <span data-testid="profile-kind">{kindWords(profile.kind)}</span> ·{" "}
            <span data-testid="profile-region-label">{regionWords(profile.region)}</span>
          </p>
        </div>
        <div className="card-actions">
          <button
            type="button"
            className="btn btn-primary btn-small"
            data-testid="open-profile"
            disabled={open.isPending || isOpen}
            onClick={() => open.mutate(profile.id, { onSuccess: () => navigate("start") })}
          >
            {open.isPending ? (
              <>
                <Spinner /> Opening…
              </>
            ) : isOpen ? (
              "Already open"
            ) : (
              "Open"
            )}
          </button>
          <button
            type="button"
            className="btn btn-secondary btn-small"
            data-testid="edit-profile"
            aria-expanded={editing}
            onClick={() => {
              update.reset();
              setEditing((v) => !v);
            }}
          >
            Edit
          </button>
          <button
            type="button"
            className="btn btn-danger-quiet btn-small"
            data-testid="delete-profile"
            onClick={() => {
              remove.reset();
              setConfirmDelete(true);
            }}
          >
            Delete
          </button>
        </div>
      </header>

      {open.error ? <ErrorNotice compact title={`"${profile.name}" could not be opened`} error={open.error} /> : null}

      <p className="key-status" data-testid="key-status">
        {keyStatus.isPending ? (
          <span className="muted">
            <Spinner /> Checking the keyring…
          </span>
        ) : keyStatus.isError ? (
          <span className="text-warning">Key status unknown</span>
        ) : (
          <span className={keyStatus.data.is_set ? "text-ok" : "muted"}>{keyStatusWords(keyStatus.data)}</span>
        )}
      </p>
      {keyStatus.isError ? <ErrorNotice compact error={keyStatus.error} onRetry={() => void keyStatus.refetch()} /> : null}

      <KeyTools profile={profile} hasKey={keyStatus.data?.is_set ?? false} />

      {editing ? (
        <div className="card-section">
          <h4>Edit profile</h4>
          <ProfileForm
            profile={profile}
            pending={update.isPending}
            error={update.error}
            onCancel={() => setEditing(false)}
            onSubmit={async (input) => {
              if (profileEditMovesKey(profile, input)) {
                update.reset();
                setMovingEdit(input);
                return;
              }
              await update.mutateAsync({ id: profile.id, input });
              setEditing(false);
            }}
          />
        </div>
      ) : null}

      <ConfirmDialog
        open={movingEdit !== null}
        onOpenChange={(open) => (open ? undefined : setMovingEdit(null))}
        title={`Save the new address or key type of “${profile.name}”?`}
        confirmLabel="Save and remove the old key"
        pendingLabel="Saving…"
        destructive
        pending={update.isPending}
        error={update.error}
        onConfirm={() => {
          if (!movingEdit) return;
          const key = newKeyRef.current?.value ?? "";
          update.mutate(
            { id: profile.id, input: movingEdit, key: key === "" ? null : key },
            {
              onSuccess: () => {
                if (newKeyRef.current) newKeyRef.current.value = "";
                setMovingEdit(null);
                setEditing(false);
              },
            },
          );
        }}
      >
        <p data-testid="key-removal-notice">
          The stored API key was given for the current address and key type, so it is removed from the system keyring
          when you save: Eflow Desk never sends a key to an address it was not given for.
        </p>
        <Field
          name="key"
          label="API key for the new address (optional)"
          hint="Paste the key to keep working with this profile, or add it later. It goes straight to your system keyring."
          error={update.error?.fieldMessage("key")}
        >
          {(props) => (
            <input
              {...props}
              ref={newKeyRef}
              type="password"
              data-testid="moved-profile-key"
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
      </ConfirmDialog>

      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete the profile “${profile.name}”?`}
        confirmLabel="Delete profile"
        pendingLabel="Deleting…"
        destructive
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate(profile.id, { onSuccess: () => setConfirmDelete(false) })}
      >
        <p>
          The profile “{profile.name}” is removed from Eflow Desk, and its API key is removed from the system keyring
          too.
        </p>
        <p>Nothing changes on your Everflow account. You can add the profile again later with a key.</p>
      </ConfirmDialog>
    </article>
  );
}

/** Test, set, replace and clear the key. The key goes from the input to the keyring, nowhere else. */
function KeyTools({ profile, hasKey }: { profile: Profile; hasKey: boolean }) {
  const setKey = useSetKey();
  const clearKey = useClearKey();
  const testKey = useTestKey();
  const keyCheck = useKeyCheck(profile.id);
  const runKeyCheck = useRunKeyCheck();
  const keyRef = useRef<HTMLInputElement>(null);
  // Only whether something was typed, never the key itself.
  const [typed, setTyped] = useState(false);
  const [confirmClear, setConfirmClear] = useState(false);

  const save = (e: FormEvent) => {
    e.preventDefault();
    const input = keyRef.current;
    if (!input || input.value === "") return;
    const key = input.value;
    input.value = "";
    setTyped(false);
    testKey.reset();
    setKey.mutate({ id: profile.id, key });
  };

  return (
    <div className="card-section key-tools">
      <form className="key-form" onSubmit={save} aria-label={`API key for ${profile.name}`}>
        <Field
          name="key"
          label={hasKey ? "Replace the key" : "Set the key"}
          hint="Paste the API key from your Everflow account. It is stored in your system keyring and never shown again."
          error={setKey.error?.fieldMessage("key")}
        >
          {(props) => (
            <input
              {...props}
              ref={keyRef}
              type="password"
              data-testid="key-input"
              autoComplete="off"
              spellCheck={false}
              placeholder={hasKey ? "Paste a new key" : "Paste your API key"}
              onInput={(e) => setTyped(e.currentTarget.value !== "")}
            />
          )}
        </Field>
        <button type="submit" className="btn btn-primary btn-small" data-testid="save-key" disabled={!typed || setKey.isPending}>
          {setKey.isPending ? (
            <>
              <Spinner /> Saving…
            </>
          ) : (
            "Save key"
          )}
        </button>
      </form>
      {setKey.isSuccess ? (
        <p className="text-ok small" role="status">
          Key saved in the system keyring.
        </p>
      ) : null}
      {setKey.error && !setKey.error.fieldMessage("key") ? <ErrorNotice compact error={setKey.error} /> : null}

      <div className="key-buttons">
        <button
          type="button"
          className="btn btn-secondary btn-small"
          data-testid="test-key"
          disabled={testKey.isPending || !hasKey}
          title={hasKey ? undefined : "Save a key first"}
          onClick={() => testKey.mutate(profile.id, { onSuccess: () => runKeyCheck.mutate(profile.id) })}
        >
          {testKey.isPending ? (
            <>
              <Spinner /> Testing…
            </>
          ) : (
            "Test key"
          )}
        </button>
        <button
          type="button"
          className="btn btn-danger-quiet btn-small"
          data-testid="clear-key"
          disabled={!hasKey}
          onClick={() => {
            clearKey.reset();
            setConfirmClear(true);
          }}
        >
          Clear key
        </button>
      </div>

      {testKey.isSuccess || testKey.isError ? (
        <div className="key-test-result" data-testid="key-test-result" aria-live="polite">
          {testKey.isSuccess ? (
            <p className="notice notice-ok">{testKey.data}</p>
          ) : testKey.error ? (
            <ErrorNotice compact error={testKey.error} />
          ) : null}
        </div>
      ) : null}

      {runKeyCheck.isPending ? (
        <p className="muted small" role="status" data-testid="key-check-running">
          <Spinner /> Checking what this key can read…
        </p>
      ) : null}
      {runKeyCheck.error ? <ErrorNotice compact title="The key check could not finish" error={runKeyCheck.error} /> : null}
      {keyCheck.data ? <KeyCheckList check={keyCheck.data} profileName={profile.name} /> : null}

      <ConfirmDialog
        open={confirmClear}
        onOpenChange={setConfirmClear}
        title={`Clear the key of “${profile.name}”?`}
        confirmLabel="Clear key"
        pendingLabel="Clearing…"
        destructive
        pending={clearKey.isPending}
        error={clearKey.error}
        onConfirm={() =>
          clearKey.mutate(profile.id, {
            onSuccess: () => {
              setConfirmClear(false);
              testKey.reset();
              setKey.reset();
            },
          })
        }
      >
        <p>The key is removed from the system keyring. The profile stays, and you can paste a key again any time.</p>
        <p>If this profile is open, it is closed. Nothing changes on your Everflow account.</p>
      </ConfirmDialog>
    </div>
  );
}
