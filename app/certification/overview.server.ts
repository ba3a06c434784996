import { prisma, type Db } from '#app/utils/db.server.ts'
import { awardHistoriesByCertification } from './award-histories.server.ts'
import { requiredCertificationCodes } from './requirements.server.ts'
import { certificationStatusAt, type CertificationStatus } from './status.ts'

export type CertificationLine = {
	code: string
	name: string
	required: boolean
	status: CertificationStatus
	awardId: string | null
	issuedAt: Date | null
	expiresAt: Date | null
	windowOpensAt: Date | null
	moduleIds: string[]
}

/** Every certification a person must hold or holds, with its status at `at`. */
export async function certificationOverview({ personId, at }: { personId: string; at: Date }, db: Db = prisma): Promise<CertificationLine[]> {
	const [required, histories, certifications] = await Promise.all([
		requiredCertificationCodes(personId, db),
		awardHistoriesByCertification(personId, db),
		db.certification.findMany({ select: { code: true, name: true, recertificationWindowDays: true, retiredAt: true, requirements: { select: { moduleId: true } } }, orderBy: { code: 'asc' } }),
	])
	const relevant = new Set([...required, ...histories.keys()])
	const lines: CertificationLine[] = []
	for (const certification of certifications.filter((c) => relevant.has(c.code))) {
		const state = certificationStatusAt({ awards: histories.get(certification.code) ?? [], windowDays: certification.recertificationWindowDays }, at)
		lines.push({
			code: certification.code,
			name: certification.name,
			required: required.includes(certification.code),
			status: state.status,
			awardId: state.award?.id ?? null,
			issuedAt: state.award?.issuedAt ?? null,
			expiresAt: state.expiresAt,
			windowOpensAt: state.windowOpensAt,
			moduleIds: certification.requirements.map((r) => r.moduleId),
		})
	}
	// Required first, then by code, so the page reads as a to-do list.
	return lines.sort((a, b) => Number(b.required) - Number(a.required) || a.code.localeCompare(b.code))
}
