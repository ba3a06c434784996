// `npm run audit:verify`: walks the audit hash chain, then checks the stored eligibility evidence
// against the seals in it; exits 1 naming the first bad event or check.
import { verifyAuditChain } from '#app/audit/audit-log.server.ts'
import { verifyEligibilityEvidence } from '#app/eligibility/evidence-seal.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { migrateForCli } from './cli-database.ts'

migrateForCli()
const chain = await verifyAuditChain()
const evidence = chain.ok ? await verifyEligibilityEvidence({ upToSeq: chain.count }) : null
await prisma.$disconnect()
if (!chain.ok) {
	console.error(`Audit log TAMPERED at event #${chain.seq}: ${chain.problem}`)
	process.exit(1)
}
console.log(`Audit log intact: ${chain.count} events, chain head ${chain.lastHash}`)
if (evidence && !evidence.ok) {
	console.error(`Eligibility evidence TAMPERED: ${evidence.problem}`)
	process.exit(1)
}
if (evidence?.ok) console.log(`Eligibility evidence intact: ${evidence.sealed} sealed checks, ${evidence.legacy} from before sealing`)
