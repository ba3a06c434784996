// Worker threads do not inherit tsx's loader from the main thread: register it here, then run
// the TypeScript function the thread was started for (see threads.server.ts).
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
const module = await import(workerData.module)
await module[workerData.run](workerData.data)
