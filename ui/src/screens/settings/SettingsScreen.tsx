import { useState } from "react";
import {
  toAppError,
  useCreateProfile,
  useKeysWithoutProfile,
  useProfiles,
  useRemoveKeyWithoutProfile,
  useSetKey,
  useSettings,
  type AppError,
} from "../../api";
import { KeptAsideNotice } from "../../components/KeptAsideNotice";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { DiagnosticsPanel } from "./DiagnosticsPanel";
import { PreferencesForm } from "./PreferencesForm";
import { UpdatesSection } from "./UpdatesSection";
import { ProfileCard } from "./ProfileCard";
import { ProfileForm } from "./ProfileForm";

export function SettingsScreen() {
  const profiles = useProfiles();
  const settings = useSettings();

  return (
    <section className="screen" data-testid="settings-screen" aria-labelledby="settings-title">
      <header className="screen-header">
        <div>
          <h1 id="settings-title">Settings</h1>
          <p className="muted">Your Everflow accounts, their API keys, and how Eflow Desk behaves.</p>
        </div>
      </header>

      <KeptAsideNotice />

      <section className="settings-section" aria-labelledby="profiles-title">
        <h2 id="profiles-title">Profiles</h2>
        <p className="muted">One profile per Everflow account.</p>
        {profiles.isPending ? (
          <Loading label="Loading profiles…" />
        ) : profiles.isError ? (
          <ErrorNotice error={profiles.error} onRetry={() => void profiles.refetch()} />
        ) : profiles.data.length === 0 ? (
          <div className="panel panel-calm empty" data-testid="profiles-empty">
            <p>
              <strong>No profiles yet.</strong> Add your first Everflow account below. You will need its name, the
              type of key, and the API key itself.
            </p>
          </div>
        ) : (
          <div className="card-list">
            {profiles.data.map((profile) => (
              <ProfileCard key={profile.id} profile={profile} />
            ))}
          </div>
        )}
        <KeysWithoutProfile />
        <KeyringNote />
      </section>

      <section className="settings-section" aria-labelledby="add-profile-title">
        <h2 id="add-profile-title">Add a profile</h2>
        <AddProfile />
      </section>

      <section className="settings-section" aria-labelledby="preferences-title">
        <h2 id="preferences-title">Preferences</h2>
        {settings.isPending ? (
          <Loading label="Loading preferences…" />
        ) : settings.isError ? (
          <ErrorNotice error={settings.error} onRetry={() => void settings.refetch()} />
        ) : (
          <PreferencesForm settings={settings.data} />
        )}
      </section>

      <section className="settings-section" aria-labelledby="updates-title">
        <h2 id="updates-title">Updates</h2>
        {settings.data ? <UpdatesSection settings={settings.data} /> : null}
      </section>

      <section className="settings-section" aria-labelledby="diagnostics-title">
        <h2 id="diagnostics-title">Diagnostics</h2>
        <DiagnosticsPanel />
      </section>
    </section>
  );
}

function AddProfile() {
  const create = useCreateProfile();
  const setKey = useSetKey();
  const [created, setCreated] = useState<{ name: string; keyError: AppError | null; keySaved: boolean } | null>(null);
  // A fresh form after each profile is created: remounting clears the DOM as well as React state.
  const [formGeneration, setFormGeneration] = useState(0);

  return (
    <div className="card">
      <ProfileForm
        key={formGeneration}
        pending={create.isPending || setKey.isPending}
        error={create.error}
        onSubmit={async (input, key) => {
          setCreated(null);
          const profile = await create.mutateAsync(input);
          setFormGeneration((generation) => generation + 1);
          if (key === "") {
            setCreated({ name: profile.name, keyError: null, keySaved: false });
            return;
          }
          try {
            await setKey.mutateAsync({ id: profile.id, key });
            setCreated({ name: profile.name, keyError: null, keySaved: true });
          } catch (error) {
            setCreated({ name: profile.name, keyError: toAppError(error), keySaved: false });
          }
        }}
      />
      {created ? (
        created.keyError ? (
          <ErrorNotice
            title={`The profile “${created.name}” was created, but its key was not saved. Paste it again on the profile's card.`}
            error={created.keyError}
          />
        ) : (
          <p className="notice notice-ok" role="status" data-testid="profile-created">
            The profile “{created.name}” was created
            {created.keySaved ? " and its key is saved in the system keyring." : ". Add its API key on its card above."}
          </p>
        )
      ) : null}
    </div>
  );
}

/** Keys left in the keyring with no profile in the settings, each removable. */
function KeysWithoutProfile() {
  const orphans = useKeysWithoutProfile();
  const remove = useRemoveKeyWithoutProfile();
  if (orphans.isError) {
    return (
      <ErrorNotice
        title="Keys left in the system keyring could not be checked"
        error={orphans.error}
        onRetry={() => void orphans.refetch()}
        compact
      />
    );
  }
  if (!orphans.data || orphans.data.length === 0) return null;
  return (
    <div className="panel" data-testid="keys-without-profile">
      <h3>Keys with no profile</h3>
      <p className="muted">
        These API keys are still in your system keyring, but no profile uses them. Remove the ones you no longer
        need.
      </p>
      <ul className="profile-list">
        {orphans.data.map((orphan) => (
          <li
            key={orphan.profile_id}
            className="profile-list-item"
            data-testid="key-without-profile"
            data-profile-id={orphan.profile_id}
          >
            <div>
              <strong>{orphan.name ? `Key of “${orphan.name}”` : `Key of profile ${orphan.profile_id}`}</strong>
              <span className="muted small">
                {orphan.kept_aside_in
                  ? ` · its profile could not be loaded and was kept aside in ${orphan.kept_aside_in}; keep the key if you will restore it`
                  : " · no profile in your settings uses it (its profile was deleted)"}
              </span>
            </div>
            <button
              type="button"
              className="btn btn-secondary"
              disabled={remove.isPending}
              onClick={() => remove.mutate(orphan.profile_id)}
              aria-label={`Remove the key of ${orphan.name ? `“${orphan.name}”` : `profile ${orphan.profile_id}`}`}
            >
              Remove key
            </button>
          </li>
        ))}
      </ul>
      {remove.error ? <ErrorNotice title="The key could not be removed" error={remove.error} /> : null}
    </div>
  );
}

function KeyringNote() {
  return (
    <aside className="note" aria-label="Where your key is kept">
      <strong>Where your API keys are kept.</strong> Each key is stored only in your computer's system keyring
      (Keychain on macOS, Credential Manager on Windows, Secret Service on Linux), never in Eflow Desk's files.
      After you save a key, the app only shows its last four characters.
    </aside>
  );
}
