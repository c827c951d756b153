/** CSV onboarding (being built). */
export function CsvImport() {
  return <p className="muted">Importing from a CSV file is coming next.</p>;
}
