// `npm run audit:head`: prints the audit chain's head as one line to keep outside FieldReady;
// `npm run audit:verify -- --head <line>` later proves the log still reaches it.
import { currentChainHead, formatChainHead } from '#app/audit/chain-head.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { migrateForCli } from './cli-database.ts'

await migrateForCli()
const head = await currentChainHead()
await prisma.$disconnect()
if (!head) {
	console.error('The audit log is empty: there is no head to keep yet.')
	process.exit(1)
}
console.error(`Audit chain head: event #${head.seq} of ${head.at.toISOString()}. Keep this line outside FieldReady:`)
console.log(formatChainHead(head))
