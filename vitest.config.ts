import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // End-to-end tests spawn git, node and agents; two cores are shared between files.
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ["default", "./test/plain-summary-reporter.ts"],
  },
});
