import { parentPort } from 'node:worker_threads'
import { createPrismaClient } from '#app/utils/db.server.ts'
import { EvidenceWriter, type EvidenceAck, type EvidenceRequest } from './evidence-writer.server.ts'
import { startWalCheckpointer } from './wal-checkpointer.server.ts'

/** The evidence writer thread (started by evidence.server.ts): group commits on a connection of its own. */
export async function runEvidenceThread({ databaseUrl }: { databaseUrl: string }) {
	const port = parentPort!
	const db = createPrismaClient(databaseUrl)
	const checkpointer = await startWalCheckpointer(db, databaseUrl)
	const writer = new EvidenceWriter(db, { afterCommit: () => checkpointer.postMessage('committed') })
	const acks: EvidenceAck[] = []
	// Acknowledgements of one group commit go back as one message.
	const acknowledge = (ack: EvidenceAck) => {
		if (acks.length === 0) queueMicrotask(() => port.postMessage(acks.splice(0)))
		acks.push(ack)
	}
	port.on('message', (requests: EvidenceRequest[]) => {
		for (const { id, rows } of requests) {
			writer.record(rows).then(
				() => acknowledge({ id }),
				(error: unknown) => acknowledge({ id, error: error instanceof Error ? error.message : String(error) }),
			)
		}
	})
}
