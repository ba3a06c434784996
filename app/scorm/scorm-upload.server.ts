import { createHash } from 'node:crypto'
import { appendAuditEvent } from '#app/audit/audit-log.server.ts'
import { setCourseAudience } from '#app/learning/course-offer.server.ts'
import { prisma, type Db } from '#app/utils/db.server.ts'
import { storeScormPackage } from './package-store.server.ts'
import { minimumMinutesFor } from './plausible-time.ts'
import { defaultCompletionRule } from './tracking.ts'
import { type ScormUploadFields } from './upload-fields.ts'

/** An upload that cannot become a module; `field` names the form field to blame. */
export class ScormUploadError extends Error {
	override name = 'ScormUploadError'
	constructor(
		message: string,
		readonly field: keyof ScormUploadFields | 'package',
	) {
		super(message)
	}
}

/**
 * Imports an uploaded package as a new module, or as a new version of a module uploaded before.
 * Modules defined in content/ are changed there, not here (the catalog is the record). Attempts
 * in progress keep the version they started on.
 */
export async function importUploadedScormModule({ bytes, fields, actorId, at }: { bytes: Uint8Array; fields: ScormUploadFields; actorId: string; at: Date }, db: Db = prisma) {
	const existing = await db.learningModule.findUnique({ where: { id: fields.moduleId }, select: { source: true, versions: { select: { version: true } } } })
	if (existing?.source === 'catalog') throw new ScormUploadError(`Module "${fields.moduleId}" is defined in content/; change its package there.`, 'moduleId')
	const minimumMinutes = minimumMinutesFor(fields)
	if (minimumMinutes > fields.estimatedMinutes) throw new ScormUploadError(`The minimum time (${minimumMinutes} minutes) cannot be longer than the estimated time (${fields.estimatedMinutes} minutes).`, 'minimumMinutes')
	const stored = await storeScormPackage({ bytes, at }, db)
	const completionRule = fields.completion === 'auto' ? defaultCompletionRule(stored.manifest.scos.map((s) => s.item)) : fields.completion
	const summary = fields.summary || stored.title
	const contentHash = createHash('sha256').update(JSON.stringify([stored.id, fields.title, summary, fields.estimatedMinutes, completionRule, minimumMinutes])).digest('hex')
	return db.$transaction(async (tx) => {
		await tx.learningModule.upsert({
			where: { id: fields.moduleId },
			create: { id: fields.moduleId, kind: 'scorm', source: 'upload', title: fields.title },
			update: { title: fields.title, retiredAt: null },
		})
		const same = await tx.moduleVersion.findUnique({ where: { moduleId_contentHash: { moduleId: fields.moduleId, contentHash } }, select: { id: true, version: true } })
		const latest = Math.max(0, ...(existing?.versions.map((v) => v.version) ?? []))
		const version =
			same ??
			(await tx.moduleVersion.create({
				data: {
					moduleId: fields.moduleId,
					contentHash,
					version: latest + 1,
					// No certification requires an uploaded course (only content/ defines requirements), so no revision retrains anyone.
					changeKind: latest === 0 ? 'initial' : 'editorial',
					title: fields.title,
					summary,
					estimatedMinutes: fields.estimatedMinutes,
					objectives: '[]',
					sections: '[]',
					scormPackageId: stored.id,
					completionRule,
					minimumMinutes,
					createdAt: at,
				},
				select: { id: true, version: true },
			}))
		await tx.learningModule.update({ where: { id: fields.moduleId }, data: { currentVersionId: version.id } })
		await setCourseAudience(tx, { moduleId: fields.moduleId, orgUnitCodes: fields.audience, actor: { type: 'person', id: actorId }, at })
		await appendAuditEvent(tx, {
			actor: { type: 'person', id: actorId },
			action: 'scorm.package_uploaded',
			subject: { type: 'module', id: fields.moduleId },
			details: { packageId: stored.id, scormVersion: stored.scormVersion, moduleVersionId: version.id, version: version.version, completionRule, minimumMinutes, newPackage: stored.created },
			at,
		})
		return { moduleId: fields.moduleId, version: version.version, scormVersion: stored.scormVersion, completionRule, unchanged: same !== null, warnings: stored.warnings }
	})
}
