import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { describe, expect, test } from 'vitest'
import { type ManifestItem, type ScormManifest } from '#app/scorm/manifest.server.ts'
import { packageDir, readStoredManifest, storeScormPackage } from '#app/scorm/package-store.server.ts'
import { prisma } from '#app/utils/db.server.ts'

const at = new Date('2026-03-02T08:00:00Z')

/** A SCORM 2004 package whose `default` names no organization; `tag` makes each call's zip (and package) distinct. */
function sequencedPackage(tag: string) {
	const xml = `<manifest identifier="stored-${tag}" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
		<metadata><schemaversion>2004 3rd Edition</schemaversion></metadata>
		<organizations default="missing"><organization identifier="course"><title>Stored course</title>
			<item identifier="lesson" identifierref="r"><title>Lesson</title><adlcp:completionThreshold>0.5</adlcp:completionThreshold></item>
			<imsss:sequencing><imsss:controlMode choice="false" flow="true"/></imsss:sequencing>
		</organization></organizations>
		<resources><resource identifier="r" type="webcontent" adlcp:scormType="sco" href="lesson.html"/></resources>
	</manifest>`
	return zipSync({ 'imsmanifest.xml': strToU8(xml), 'lesson.html': strToU8('<p>lesson</p>') })
}

type OldItem = Omit<ManifestItem, 'completionThreshold' | 'children'> & { hasSequencing: boolean; children: OldItem[] }
const oldItem = ({ completionThreshold: _new, children, ...item }: ManifestItem): OldItem => ({ ...item, hasSequencing: true, children: children.map(oldItem) })

/** The JSON packages were stored with before sequencing: no format, sequencing, warnings or completion thresholds. */
function oldStoredJson({ sequencing: _sequencing, warnings: _warnings, ...manifest }: ScormManifest) {
	return JSON.stringify({ ...manifest, organization: { ...manifest.organization, items: manifest.organization.items.map(oldItem) }, scos: manifest.scos.map((sco) => ({ ...sco, item: oldItem(sco.item) })) })
}

const storedJson = async (id: string) => JSON.parse((await prisma.scormPackage.findUniqueOrThrow({ where: { id }, select: { manifest: true } })).manifest) as { format?: number }

describe('stored manifests', () => {
	test('a package is stored with the format of its manifest JSON, and its warnings come back with it', async () => {
		const stored = await storeScormPackage({ bytes: sequencedPackage('new'), at })
		expect(stored.warnings).toEqual(['imsmanifest.xml names "missing" as its default organization, but no <organization> has that identifier; using the first organization, "course"'])
		expect(await storedJson(stored.id)).toMatchObject({ format: 2 })
		expect(await readStoredManifest(stored.id)).toEqual(stored.manifest)
	})

	test('one stored before sequencing is read again from its imsmanifest.xml, once', async () => {
		const stored = await storeScormPackage({ bytes: sequencedPackage('old'), at })
		await prisma.scormPackage.update({ where: { id: stored.id }, data: { manifest: oldStoredJson(stored.manifest) } })

		const upgraded = await readStoredManifest(stored.id)
		expect(upgraded).toEqual(stored.manifest)
		expect(upgraded.organization.items[0]!.completionThreshold).toBe(0.5)
		expect(upgraded.sequencing).not.toBeNull()
		expect(await storedJson(stored.id)).toMatchObject({ format: 2 })

		// Stored in the new shape now: the package's manifest is not needed again.
		rmSync(path.join(packageDir(stored.id), 'imsmanifest.xml'))
		expect(await readStoredManifest(stored.id)).toEqual(stored.manifest)
	})

	test('one whose package can no longer be read keeps playing as before, without sequencing, and says why', async () => {
		const stored = await storeScormPackage({ bytes: sequencedPackage('unreadable'), at })
		const old = oldStoredJson(stored.manifest)
		await prisma.scormPackage.update({ where: { id: stored.id }, data: { manifest: old } })
		const manifestFile = path.join(packageDir(stored.id), 'imsmanifest.xml')
		writeFileSync(manifestFile, readFileSync(manifestFile, 'utf8').replace('choice="false"', 'choice="never"'))

		const fallback = await readStoredManifest(stored.id)
		expect(fallback).toMatchObject({ sequencing: null, scos: [{ item: { identifier: 'lesson', completionThreshold: null } }] })
		expect(fallback.organization.items[0]).not.toHaveProperty('hasSequencing')
		expect(fallback.warnings).toEqual([
			'imsmanifest.xml could not be read again (organization "course": imsss:controlMode choice "never" is not true or false), so this package plays without SCORM 2004 sequencing',
		])
		expect((await prisma.scormPackage.findUniqueOrThrow({ where: { id: stored.id } })).manifest).toBe(old)

		rmSync(manifestFile)
		expect((await readStoredManifest(stored.id)).warnings).toEqual(['imsmanifest.xml could not be read again (the package folder has no imsmanifest.xml), so this package plays without SCORM 2004 sequencing'])
	})
})
