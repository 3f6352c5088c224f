// The action's main step, as the runner starts it (action.yml: runs.main).
import { main } from "./main.js";

await main();
