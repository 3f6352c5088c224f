// The action's post step, as the runner starts it (action.yml: runs.post).
import { post } from "./post.js";

await post();
