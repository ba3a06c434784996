import { prisma, type Db } from '#app/utils/db.server.ts'

/**
 * The audit chain's head as one line an outside party can keep (printed, mailed, filed with a
 * customer): the last event's sequence number, hash and time. A chain cut short, or rewritten
 * from some event on and re-hashed whole, no longer reaches a head kept before.
 */
export type ChainHead = { seq: number; hash: string; at: Date }

const PREFIX = 'fieldready-audit-head:v1'

export const formatChainHead = ({ seq, hash, at }: ChainHead) => `${PREFIX}:${seq}:${hash}:${at.toISOString()}`

export function parseChainHead(value: string): ChainHead | null {
	const match = new RegExp(`^${PREFIX}:(\\d+):([0-9a-f]{64}):(\\S+)$`).exec(value.trim())
	if (!match || Number.isNaN(Date.parse(match[3]!))) return null
	return { seq: Number(match[1]), hash: match[2]!, at: new Date(match[3]!) }
}

export async function currentChainHead(db: Db = prisma): Promise<ChainHead | null> {
	const { lastSeq } = await db.auditChainHead.findUniqueOrThrow({ where: { id: 1 } })
	const event = lastSeq > 0 ? await db.auditEvent.findUnique({ where: { seq: lastSeq }, select: { seq: true, hash: true, at: true } }) : null
	return event
}

export type HeadCheck = { ok: true; head: ChainHead } | { ok: false; problem: string }

/** Whether a chain already verified to hold `count` events still passes through the kept head: same event, same hash. */
export async function checkKeptHead({ kept, count }: { kept: ChainHead; count: number }, db: Db = prisma): Promise<HeadCheck> {
	if (count < kept.seq) return { ok: false, problem: `the log ends at event #${count}, but the kept head is event #${kept.seq}: events were removed from the end` }
	const event = await db.auditEvent.findUniqueOrThrow({ where: { seq: kept.seq }, select: { hash: true, at: true } })
	if (event.hash !== kept.hash) return { ok: false, problem: `event #${kept.seq} no longer has the kept hash: the chain was rewritten and re-hashed from that point or before` }
	return { ok: true, head: { seq: kept.seq, hash: event.hash, at: event.at } }
}
