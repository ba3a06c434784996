// `npm run audit:verify [-- --head <line>]`: walks the audit hash chain, then checks the stored
// eligibility evidence against the seals in it; with a head kept from `npm run audit:head`, also
// proves the log still reaches it. Exits 1 naming the first problem.
import { parseArgs } from 'node:util'
import { verifyAuditChain } from '#app/audit/audit-log.server.ts'
import { checkKeptHead, parseChainHead } from '#app/audit/chain-head.server.ts'
import { verifyEligibilityEvidence } from '#app/eligibility/evidence-seal.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { migrateForCli } from './cli-database.ts'

function fail(message: string): never {
	console.error(message)
	process.exit(1)
}

const { values } = parseArgs({ options: { head: { type: 'string' } }, allowPositionals: false })
const kept = values.head === undefined ? null : parseChainHead(values.head)
if (values.head !== undefined && !kept) fail(`--head must be a line printed by npm run audit:head (fieldready-audit-head:v1:<seq>:<sha-256>:<time>); got "${values.head}"`)

await migrateForCli()
const chain = await verifyAuditChain()
const reach = chain.ok && kept ? await checkKeptHead({ kept, count: chain.count }) : null
const evidence = chain.ok ? await verifyEligibilityEvidence({ upToSeq: chain.count }) : null
await prisma.$disconnect()
if (!chain.ok) fail(`Audit log TAMPERED at event #${chain.seq}: ${chain.problem}`)
console.log(`Audit log intact: ${chain.count} events, chain head ${chain.lastHash}`)
if (reach && !reach.ok) fail(`Audit log does not reach the kept head: ${reach.problem}`)
if (reach?.ok) console.log(`The log still reaches the kept head (event #${reach.head.seq} of ${reach.head.at.toISOString()})`)
if (evidence && !evidence.ok) fail(`Eligibility evidence TAMPERED: ${evidence.problem}`)
if (evidence?.ok) console.log(`Eligibility evidence intact: ${evidence.sealed} sealed checks, ${evidence.legacy} from before sealing`)
