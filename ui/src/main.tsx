import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AppRoot } from "./App";
import { createQueryClient } from "./api/hooks";
import { firstScreenReady } from "./api/firstScreen";
import { markStartup } from "./api/startup";
import "./styles/app.css";

markStartup("script");

const root = document.getElementById("root");
if (root) {
  const client = createQueryClient();
  void firstScreenReady(client).then(() => {
    markStartup("render");
    createRoot(root).render(
      <StrictMode>
        <AppRoot client={client} />
      </StrictMode>,
    );
  });
}
