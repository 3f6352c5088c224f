#!/usr/bin/env node
// The `agent-task` command.
import { cli } from "./main.js";

process.exitCode = await cli(process.argv.slice(2), process.env);
