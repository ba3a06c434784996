/** How long the wrapper waits before each retry of a save that failed; after the last, the learner is told it was not saved. */
export const RETRY_DELAYS_MS = [1_000, 3_000, 10_000, 30_000, 60_000]
