import { useEffect, useState, type FormEvent } from "react";
import type { Settings } from "../../bindings";
import { megabytes, toAppError, updatesApi, useSetReleaseFeed, type AppError, type AvailableUpdate } from "../../api";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/Field";
import { Spinner } from "../../components/Loading";

type Step =
  | { kind: "idle" }
  | { kind: "checking" }
  | { kind: "newest" }
  | { kind: "available"; update: AvailableUpdate }
  | { kind: "downloading"; update: AvailableUpdate; downloaded: number; total: number | null }
  | { kind: "verified"; update: AvailableUpdate }
  | { kind: "installing"; update: AvailableUpdate }
  | { kind: "installed"; version: string };

/** The release feed, and checking, downloading and installing a newer version. */
export function UpdatesSection({ settings }: { settings: Settings }) {
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [error, setError] = useState<AppError | null>(null);

  const run = async (work: () => Promise<void>) => {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(toAppError(e));
    }
  };

  const check = () =>
    run(async () => {
      setStep({ kind: "checking" });
      try {
        const update = await updatesApi.check();
        setStep(update ? { kind: "available", update } : { kind: "newest" });
      } catch (e) {
        setStep({ kind: "idle" });
        throw e;
      }
    });

  const download = (update: AvailableUpdate) =>
    run(async () => {
      setStep({ kind: "downloading", update, downloaded: 0, total: null });
      try {
        const verified = await updatesApi.download((event) => {
          if (event.kind === "progress") {
            setStep({ kind: "downloading", update, downloaded: event.downloaded, total: event.total });
          }
        });
        setStep({ kind: "verified", update: verified });
      } catch (e) {
        setStep({ kind: "available", update });
        throw e;
      }
    });

  const install = (update: AvailableUpdate) =>
    run(async () => {
      setStep({ kind: "installing", update });
      try {
        const version = await updatesApi.install();
        setStep({ kind: "installed", version });
      } catch (e) {
        setStep({ kind: "verified", update });
        throw e;
      }
    });

  const restart = () => run(async () => void (await updatesApi.restart()));

  return (
    <div className="updates" data-testid="updates">
      <ReleaseFeedForm settings={settings} />
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-secondary"
          data-testid="check-updates"
          disabled={step.kind === "checking" || step.kind === "downloading" || step.kind === "installing"}
          onClick={() => void check()}
        >
          {step.kind === "checking" ? (
            <>
              <Spinner /> Checking…
            </>
          ) : (
            "Check for updates"
          )}
        </button>
      </div>
      <div aria-live="polite">
        {step.kind === "newest" ? (
          <p className="text-ok" role="status" data-testid="update-none">
            You have the newest version.
          </p>
        ) : null}
        {"update" in step ? <UpdateCard update={step.update} /> : null}
        {step.kind === "available" ? (
          <button type="button" className="btn btn-primary" data-testid="download-update" onClick={() => void download(step.update)}>
            Download version {step.update.version}
          </button>
        ) : null}
        {step.kind === "downloading" ? (
          <div data-testid="update-progress">
            <progress className="progress" value={step.downloaded} max={step.total ?? undefined} aria-label="Download progress" />
            <p className="muted small">
              {step.total ? `${megabytes(step.downloaded)} of ${megabytes(step.total)}` : `${megabytes(step.downloaded)} so far`}
            </p>
          </div>
        ) : null}
        {step.kind === "verified" || step.kind === "installing" ? (
          <div>
            <p className="text-ok" role="status" data-testid="update-verified">
              Version {step.update.version} is downloaded and its signature is Eflow Desk's release key.
            </p>
            <p className="muted small">
              Installing replaces this version; the new one runs from the next start. It waits while a change is being
              applied to Everflow.
            </p>
            <button
              type="button"
              className="btn btn-primary"
              data-testid="install-update"
              disabled={step.kind === "installing"}
              onClick={() => void install(step.update)}
            >
              {step.kind === "installing" ? (
                <>
                  <Spinner /> Installing…
                </>
              ) : (
                `Install version ${step.update.version}`
              )}
            </button>
          </div>
        ) : null}
        {step.kind === "installed" ? (
          <div>
            <p className="text-ok" role="status" data-testid="update-installed">
              Version {step.version} is installed. It runs the next time Eflow Desk starts.
            </p>
            <button type="button" className="btn btn-secondary" data-testid="restart-app" onClick={() => void restart()}>
              Restart now
            </button>
          </div>
        ) : null}
        {error ? <ErrorNotice compact error={error} /> : null}
      </div>
    </div>
  );
}

function UpdateCard({ update }: { update: AvailableUpdate }) {
  return (
    <div className="panel panel-calm" data-testid="update-available">
      <p>
        <strong data-testid="update-version">Version {update.version} is available</strong>{" "}
        <span className="muted">(you have {update.current_version})</span>
      </p>
      {update.published ? <p className="muted small">Published {new Date(update.published).toLocaleDateString()}</p> : null}
      {update.notes ? (
        <div className="update-notes" data-testid="update-notes">
          {update.notes.split(/\n+/).map((line, index) => (
            <p key={index}>{line}</p>
          ))}
        </div>
      ) : null}
    </div>
  );
}

function ReleaseFeedForm({ settings }: { settings: Settings }) {
  const save = useSetReleaseFeed();
  const [feed, setFeed] = useState(settings.release_feed);
  useEffect(() => setFeed(settings.release_feed), [settings.release_feed]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(feed);
  };

  return (
    <form className="form" onSubmit={submit} aria-label="Release feed">
      <Field
        name="release_feed"
        label="Release feed"
        hint="Where Eflow Desk looks for new versions. Leave it as it is unless your company publishes releases itself; empty means the default."
        error={save.error?.fieldMessage("release_feed")}
      >
        {(props) => (
          <input
            {...props}
            type="url"
            data-testid="release-feed"
            value={feed}
            onChange={(e) => {
              save.reset();
              setFeed(e.target.value);
            }}
          />
        )}
      </Field>
      {save.error && save.error.fields.length === 0 ? <ErrorNotice compact error={save.error} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-secondary" disabled={save.isPending} data-testid="save-release-feed">
          Save feed
        </button>
        {save.isSuccess ? (
          <span className="text-ok small" role="status">
            Feed saved.
          </span>
        ) : null}
      </div>
    </form>
  );
}
