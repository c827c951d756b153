import { useState } from "react";
import type { ProfileId } from "../bindings";
import { useOpenDemo, useOpenProfile, useProfiles, type AppError } from "../api";
import { ErrorNotice } from "../components/ErrorNotice";
import { KeptAsideNotice } from "../components/KeptAsideNotice";
import { Loading, Spinner } from "../components/Loading";
import { useNavigate } from "../lib/navigation";
import { kindWords, regionWords } from "../lib/words";

interface Props {
  /** The automatic opening of the last used profile failed. */
  autoOpenError?: { name: string; error: AppError } | null;
}

export function StartScreen({ autoOpenError }: Props) {
  const navigate = useNavigate();
  const profiles = useProfiles();
  const openDemo = useOpenDemo();
  const openProfile = useOpenProfile();
  const [opening, setOpening] = useState<ProfileId | null>(null);
  const busy = openDemo.isPending || openProfile.isPending;

  const open = (id: ProfileId) => {
    setOpening(id);
    openProfile.mutate(id, { onSuccess: () => navigate("start") });
  };

  const openingName = profiles.data?.find((p) => p.id === opening)?.name;

  return (
    <main className="start" aria-labelledby="start-title">
      <div className="start-card">
        <p className="brand-mark" aria-hidden="true">
          Eflow Desk
        </p>
        <h1 id="start-title">Welcome to Eflow Desk</h1>
        <p className="lead">
          Eflow Desk helps you run your Everflow network: onboard partners, review their details and decide who
          sees which offers. Nothing changes on your network until you have seen exactly what will happen and
          confirmed it.
        </p>

        <KeptAsideNotice onOpenSettings={() => navigate("settings")} />

        {autoOpenError ? (
          <ErrorNotice
            title={`"${autoOpenError.name}" could not be opened`}
            error={autoOpenError.error}
            actions={
              <button type="button" className="btn btn-secondary btn-small" onClick={() => navigate("settings")}>
                Open Settings
              </button>
            }
          />
        ) : null}

        <div className="start-actions">
          <button
            type="button"
            className="btn btn-primary btn-large"
            data-testid="open-demo"
            disabled={busy}
            onClick={() => openDemo.mutate(undefined, { onSuccess: () => navigate("start") })}
          >
            {openDemo.isPending ? (
              <>
                <Spinner /> Starting the demo network…
              </>
            ) : (
              "Explore the demo network"
            )}
          </button>
          <button
            type="button"
            className="btn btn-secondary btn-large"
            data-testid="add-account"
            disabled={busy}
            onClick={() => navigate("settings")}
          >
            Add your Everflow account
          </button>
        </div>
        <p className="muted small">
          The demo network runs on this computer with made-up partners and offers. Try anything; nothing is real.
        </p>

        {openDemo.error ? (
          <ErrorNotice title="The demo network could not start" error={openDemo.error} />
        ) : null}
        {openProfile.error ? (
          <ErrorNotice
            title={openingName ? `"${openingName}" could not be opened` : "The profile could not be opened"}
            error={openProfile.error}
            actions={
              <button type="button" className="btn btn-secondary btn-small" onClick={() => navigate("settings")}>
                Open Settings
              </button>
            }
          />
        ) : null}

        {profiles.isPending ? <Loading label="Loading your profiles…" /> : null}
        {profiles.data && profiles.data.length > 0 ? (
          <section className="start-profiles" aria-labelledby="your-profiles">
            <h2 id="your-profiles">Your Everflow accounts</h2>
            <ul className="profile-list">
              {profiles.data.map((profile) => (
                <li key={profile.id} className="profile-list-item" data-testid="start-profile" data-profile-name={profile.name}>
                  <div>
                    <strong>{profile.name}</strong>
                    <span className="muted small">
                      {" "}
                      · {kindWords(profile.kind)} · {regionWords(profile.region)}
                    </span>
                  </div>
                  <button
                    type="button"
                    className="btn btn-secondary"
                    disabled={busy}
                    onClick={() => open(profile.id)}
                    aria-label={`Open ${profile.name}`}
                  >
                    {openProfile.isPending && opening === profile.id ? (
                      <>
                        <Spinner /> Opening…
                      </>
                    ) : (
                      "Open"
                    )}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </main>
  );
}
