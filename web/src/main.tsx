import { createRoot } from "react-dom/client";
import { App } from "./App";
import { createHomegraphClient } from "./apollo/client";
import { sessionStore } from "./session/store";
import { liveState } from "./apollo/live-state";
import { registerServiceWorker } from "./pwa/register";

const { client } = createHomegraphClient({ session: sessionStore, onSocketState: liveState.set });
void sessionStore.restore();

createRoot(document.getElementById("root")!).render(<App client={client} session={sessionStore} />);
registerServiceWorker();
