export function Spinner() {
  return <span className="spinner" aria-hidden="true" />;
}

/** A spinner with words; announced to screen readers. */
export function Loading({ label, large }: { label: string; large?: boolean }) {
  return (
    <div className={`loading${large ? " loading-large" : ""}`} role="status" aria-live="polite">
      <Spinner />
      <span>{label}</span>
    </div>
  );
}
