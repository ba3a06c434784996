import { serveRequests } from '#app/utils/threads.server.ts'

/** A worker thread that answers each request with itself, or with a function (which no thread can pass back) when asked for one. */
export function runEchoThread() {
	serveRequests(async (request: string) => (request === 'a function' ? () => request : request))
}
