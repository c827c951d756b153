export function HistoryScreen() {
  return <section className="screen" data-testid="history-screen" />;
}
