import { NAV_ITEMS, type ScreenId, useNavigate } from "../lib/navigation";

export function UnavailableScreen({ screen }: { screen: ScreenId }) {
  const navigate = useNavigate();
  const item = NAV_ITEMS.find((i) => i.id === screen);
  return (
    <section className="screen" aria-labelledby="unavailable-title">
      <header className="screen-header">
        <h1 id="unavailable-title">{item?.label ?? "This screen"}</h1>
      </header>
      <div className="panel panel-calm" data-testid="screen-unavailable">
        <h2>Not available yet</h2>
        <p>
          This part of Eflow Desk is still being built, so there is nothing to do here for now. Nothing on your
          network is affected.
        </p>
        {item ? <p className="muted">When it is ready: {item.blurb}</p> : null}
        <button type="button" className="btn btn-secondary" onClick={() => navigate("affiliates")}>
          Go to Affiliates
        </button>
      </div>
    </section>
  );
}
