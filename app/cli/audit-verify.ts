// `npm run audit:verify`: walks the audit hash chain; exits 1 naming the first bad event.
import { verifyAuditChain } from '#app/audit/audit-log.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { migrateForCli } from './cli-database.ts'

migrateForCli()
const result = await verifyAuditChain()
await prisma.$disconnect()
if (result.ok) {
	console.log(`Audit log intact: ${result.count} events, chain head ${result.lastHash}`)
} else {
	console.error(`Audit log TAMPERED at event #${result.seq}: ${result.problem}`)
	process.exit(1)
}
