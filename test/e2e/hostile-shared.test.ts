// The hostile agents of hostile.ts with `agent-user: none`: the agent runs as the runner's user.
// The checks that hold only with a user of its own are asserted the other way (FAILS_UNDER_NONE).
import { hostileSuite } from "./hostile.js";

hostileSuite("none");
