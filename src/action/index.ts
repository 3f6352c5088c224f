// The action's main step, as the runner starts it (action.yml: runs.main). The pipeline is
// loaded only by a run that works, and only once the token is out of the process environment.
import { start } from "./start.js";

await start(() => import("./main.js"));
