// The hostile agents of hostile.ts with `agent-user: auto`: on the test machine (root) the agent
// gets a user of its own, and every check holds.
import { hostileSuite } from "./hostile.js";

hostileSuite("auto");
