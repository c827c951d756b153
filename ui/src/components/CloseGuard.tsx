// Closing the window while a change is being applied asks first. Confirming stops the apply
// between two requests, lets the request in flight be answered and journaled, then closes; the
// requests not sent are recorded as not sent, and the next start offers to finish them.
import { Channel } from "@tauri-apps/api/core";
import { useEffect, useState } from "react";
import { commands } from "../bindings";
import { ConfirmDialog } from "./ConfirmDialog";

export function CloseGuard() {
  const [asked, setAsked] = useState(false);
  const [closing, setClosing] = useState(false);

  useEffect(() => {
    const channel = new Channel<null>();
    channel.onmessage = () => setAsked(true);
    // Outside the app (UI tests) there is no backend to register with.
    void Promise.resolve()
      .then(() => commands.watchCloseRequests(channel))
      .catch(() => undefined);
  }, []);

  return (
    <ConfirmDialog
      open={asked}
      onOpenChange={(open) => (closing ? undefined : setAsked(open))}
      title="A change is being applied"
      confirmLabel="Stop and close"
      pendingLabel="Stopping after the request in flight…"
      pending={closing}
      destructive
      onConfirm={() => {
        setClosing(true);
        void commands.closeWhenSafe();
      }}
    >
      <p>
        Closing now stops the change after the request that is on its way; the requests not sent yet are recorded as not sent,
        and Eflow Desk offers to finish them next time. Or keep the window open until it is done.
      </p>
    </ConfirmDialog>
  );
}
