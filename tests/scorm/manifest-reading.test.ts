import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, test, vi } from 'vitest'
import { type CatalogProblem } from '#app/catalog/catalog-schema.ts'
import { loadScormModule } from '#app/catalog/scorm-module.server.ts'
import { parseManifest, type ScormManifest } from '#app/scorm/manifest.server.ts'
import { ScormPackageError } from '#app/scorm/package-zip.server.ts'
import { type ActivitySettings, type SequencingSettings } from '#app/scorm/sequencing-settings.ts'
import { scormModuleYaml } from './scorm-utils.ts'

const children = (manifest: ScormManifest) => (manifest.sequencing as unknown as SequencingSettings).activityTree.children
const launched = (manifest: ScormManifest) => manifest.scos.map((sco) => [sco.item.identifier, sco.resource.scormType, sco.launchHref])

function problemsOf(run: () => unknown) {
	try {
		run()
	} catch (error) {
		if (error instanceof ScormPackageError) return error.problems
		throw error
	}
	throw new Error('expected the package to be rejected')
}

describe('namespaces', () => {
	// Every prefix differs from the usual one, IMS CP has a prefix and no default namespace, and one
	// item switches the default namespace to IMS SS for its sequencing.
	const prefixed = `<?xml version="1.0"?>
<cp:manifest identifier="prefixed" xmlns:cp="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:a="http://www.adlnet.org/xsd/adlcp_v1p3"
	xmlns:s="http://www.imsglobal.org/xsd/imsss" xmlns:q="http://www.adlnet.org/xsd/adlseq_v1p3" xmlns:n="http://www.adlnet.org/xsd/adlnav_v1p3"
	xmlns:ext="http://example.com/authoring-tool">
	<cp:metadata>
		<cp:schemaversion>2004 4th Edition</cp:schemaversion>
		<lom xmlns="http://ltsc.ieee.org/xsd/LOM"><general><title><string>Metadata, not the organization</string></title></general></lom>
	</cp:metadata>
	<cp:organizations default="org">
		<cp:organization identifier="org">
			<cp:title>Prefixed course</cp:title>
			<ext:item identifier="ghost" identifierref="nowhere"><ext:title>An authoring tool's own element</ext:title></ext:item>
			<cp:item identifier="one" identifierref="r1">
				<cp:title>One</cp:title>
				<s:sequencing>
					<s:objectives>
						<s:primaryObjective objectiveID="primary"/>
						<s:objective objectiveID="o1"><s:mapInfo targetObjectiveID="g1"/></s:objective>
						<s:objective objectiveID="o2"><s:mapInfo targetObjectiveID="g2" writeSatisfiedStatus="true"/></s:objective>
					</s:objectives>
					<q:objectives>
						<q:objective objectiveID="o1"><q:mapInfo targetObjectiveID="g1" writeCompletionStatus="true"/></q:objective>
						<q:objective objectiveID="o2"><q:mapInfo targetObjectiveID="g2" writeRawScore="true"/></q:objective>
					</q:objectives>
				</s:sequencing>
				<n:presentation><n:navigationInterface><n:hideLMSUI>exitAll</n:hideLMSUI></n:navigationInterface></n:presentation>
			</cp:item>
			<cp:item identifier="two" identifierref="r2">
				<cp:title>Two</cp:title>
				<sequencing xmlns="http://www.imsglobal.org/xsd/imsss"><controlMode flow="true"/></sequencing>
			</cp:item>
		</cp:organization>
	</cp:organizations>
	<cp:resources>
		<cp:resource identifier="r1" type="webcontent" a:scormType="sco" href="one.html"/>
		<cp:resource identifier="r2" type="webcontent" a:scormType="sco" href="two.html"/>
	</cp:resources>
</cp:manifest>`
	const manifest = parseManifest(prefixed, new Set(['one.html', 'two.html']))
	const [one, two] = children(manifest) as [ActivitySettings, ActivitySettings]

	test('are resolved by the URI each prefix is declared with, wherever it is declared', () => {
		expect(manifest.organization).toMatchObject({ identifier: 'org', title: 'Prefixed course' })
		expect(launched(manifest)).toEqual([
			['one', 'sco', 'one.html'],
			['two', 'sco', 'two.html'],
		])
		expect(one.hideLmsUi).toEqual(['exitAll'])
		expect(two.sequencingControls).toMatchObject({ flow: true })
	})

	test('elements of other namespaces are not read as IMS CP ones', () => {
		expect(manifest.organization.items.map((item) => item.identifier)).toEqual(['one', 'two'])
	})

	test('imsss:objectives and adlseq:objectives are different elements, each with several objectives', () => {
		expect(one.objectives!.map((objective) => [objective.objectiveID, objective.mapInfo.map((map) => [map.targetObjectiveID, map.writeSatisfiedStatus, map.writeCompletionStatus, map.writeRawScore])])).toEqual([
			['o1', [['g1', false, true, false]]],
			['o2', [['g2', true, false, true]]],
		])
	})

	test('the 4th edition package with several objectives that used to be refused', () => {
		const xml = `<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
			<metadata><schemaversion>2004 4th Edition</schemaversion></metadata>
			<organizations default="o"><organization identifier="o"><title>O</title>
				<item identifier="a" identifierref="r"><title>A</title>
					<imsss:sequencing><imsss:objectives>
						<imsss:primaryObjective objectiveID="a-done"/>
						<imsss:objective objectiveID="knows-ports"/>
						<imsss:objective objectiveID="knows-firewalls"/>
					</imsss:objectives></imsss:sequencing>
				</item>
			</organization></organizations>
			<resources><resource identifier="r" type="webcontent" adlcp:scormType="sco" href="a.html"/></resources>
		</manifest>`
		const [a] = children(parseManifest(xml, new Set(['a.html'])))
		expect(a!.objectives!.map((objective) => objective.objectiveID)).toEqual(['knows-ports', 'knows-firewalls'])
	})

	test('SCORM 1.2 packages that leave the adlcp prefix off, or never declare it, are read as before', () => {
		const xml = `<manifest identifier="m">
			<metadata><schemaversion>1.2</schemaversion></metadata>
			<organizations><organization identifier="o"><title>O</title>
				<item identifier="bare" identifierref="r1"><title>Bare</title><masteryscore>70</masteryscore></item>
				<item identifier="undeclared" identifierref="r2"><title>Undeclared</title><adlcp:masteryscore>60</adlcp:masteryscore></item>
			</organization></organizations>
			<resources>
				<resource identifier="r1" type="webcontent" scormtype="sco" href="bare.html"/>
				<resource identifier="r2" type="webcontent" adlcp:scormtype="sco" href="undeclared.html"/>
			</resources>
		</manifest>`
		const manifest = parseManifest(xml, new Set(['bare.html', 'undeclared.html']))
		expect(manifest.scos.map((sco) => [sco.item.identifier, sco.resource.scormType, sco.item.masteryScore])).toEqual([
			['bare', 'sco', 70],
			['undeclared', 'sco', 60],
		])
	})
})

describe('assets', () => {
	const scorm12 = (resources: string, items = '<item identifier="intro" identifierref="r-intro"><title>Intro</title></item>') => `<manifest identifier="m"
		xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
		<metadata><schemaversion>1.2</schemaversion></metadata>
		<organizations default="o"><organization identifier="o"><title>O</title>${items}</organization></organizations>
		<resources>${resources}</resources>
	</manifest>`

	test('a SCORM 1.2 package of assets only is launchable, each asset an item', () => {
		const xml = scorm12(
			'<resource identifier="r-intro" type="webcontent" adlcp:scormtype="asset" href="intro.html"/><resource identifier="r-map" type="webcontent" adlcp:scormtype="asset" href="media/map.svg"/>',
			'<item identifier="intro" identifierref="r-intro"><title>Intro</title></item><item identifier="map" identifierref="r-map"><title>Map</title></item>',
		)
		expect(launched(parseManifest(xml, new Set(['intro.html', 'media/map.svg'])))).toEqual([
			['intro', 'asset', 'intro.html'],
			['map', 'asset', 'media/map.svg'],
		])
	})

	test('a SCORM 2004 asset is launchable, and a resource without a SCORM type is an asset', () => {
		const xml = `<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
			<metadata><schemaversion>2004 3rd Edition</schemaversion></metadata>
			<organizations><organization identifier="o"><title>O</title>
				<item identifier="a" identifierref="r-a"><title>A</title></item>
				<item identifier="b" identifierref="r-b"><title>B</title></item>
			</organization></organizations>
			<resources><resource identifier="r-a" type="webcontent" adlcp:scormType="asset" href="a.pdf"/><resource identifier="r-b" type="webcontent" href="b.html"/></resources>
		</manifest>`
		const manifest = parseManifest(xml, new Set(['a.pdf', 'b.html']))
		expect(launched(manifest)).toEqual([
			['a', 'asset', 'a.pdf'],
			['b', 'asset', 'b.html'],
		])
		expect(children(manifest).map((activity) => activity.id)).toEqual(['a', 'b'])
	})

	test('an asset that cannot be shown is left out with a warning; a broken SCO still refuses the package', () => {
		const items = ['intro', 'video', 'notes', 'shared'].map((id) => `<item identifier="${id}" identifierref="r-${id}"><title>${id}</title></item>`).join('')
		const resources = [
			'<resource identifier="r-intro" type="webcontent" adlcp:scormtype="sco" href="intro.html"/>',
			'<resource identifier="r-video" type="webcontent" adlcp:scormtype="asset" href="https://video.example.com/intro"/>',
			'<resource identifier="r-notes" type="webcontent" adlcp:scormtype="asset" href="Notes.html"/>',
			'<resource identifier="r-shared" type="webcontent" adlcp:scormtype="asset"><file href="shared.css"/></resource>',
		].join('')
		const manifest = parseManifest(scorm12(resources, items), new Set(['intro.html', 'notes.html']))
		expect(launched(manifest)).toEqual([['intro', 'sco', 'intro.html']])
		expect(manifest.warnings).toEqual([
			'item "video" (resource "r-video") launches the external URL "https://video.example.com/intro"; FieldReady shows only files in the package, so the item is left out',
			'item "notes" launches resource "r-notes" at "Notes.html", which is not in the package (the package has "notes.html"; names are case-sensitive); the item is left out',
		])
		expect(problemsOf(() => parseManifest(scorm12(resources, items), new Set(['notes.html'])))).toEqual(['item "intro" launches resource "r-intro" at "intro.html", which is not in the package'])
	})

	test('an organization whose only items are assets that cannot be shown has nothing to launch', () => {
		const xml = scorm12('<resource identifier="r-intro" type="webcontent" adlcp:scormtype="asset" href="intro.html"/>')
		expect(problemsOf(() => parseManifest(xml, new Set()))).toEqual(['organization "o" has no launchable item (an item whose resource has an href)'])
	})
})

describe('the default organization', () => {
	const twoOrganizations = (named: string) => `<manifest identifier="m" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
		<metadata><schemaversion>1.2</schemaversion></metadata>
		<organizations default="${named}">
			<organization identifier="first"><title>First</title><item identifier="a" identifierref="r"><title>A</title></item></organization>
			<organization identifier="second"><title>Second</title><item identifier="b" identifierref="r"><title>B</title></item></organization>
		</organizations>
		<resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="a.html"/></resources>
	</manifest>`

	test('is the one named, without warnings', () => {
		expect(parseManifest(twoOrganizations('second'), new Set(['a.html']))).toMatchObject({ organization: { identifier: 'second' }, warnings: [] })
	})

	test('falls back to the first organization, as common LMSs do, when the one named does not exist, and says so', () => {
		expect(parseManifest(twoOrganizations('secnod'), new Set(['a.html']))).toMatchObject({
			organization: { identifier: 'first' },
			warnings: ['imsmanifest.xml names "secnod" as its default organization, but no <organization> has that identifier; using the first organization, "first"'],
		})
	})
})

test('the catalog loads a content/ package read around a problem, and logs the warning', () => {
	const contentDir = mkdtempSync(path.join(tmpdir(), 'fieldready-content-'))
	try {
		mkdirSync(path.join(contentDir, 'packages', 'warned'), { recursive: true })
		const manifest = `<manifest identifier="m" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"><metadata><schemaversion>1.2</schemaversion></metadata>
			<organizations default="gone"><organization identifier="only"><title>Only</title><item identifier="a" identifierref="r"><title>A</title></item></organization></organizations>
			<resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="a.html"/></resources></manifest>`
		writeFileSync(path.join(contentDir, 'packages', 'warned', 'imsmanifest.xml'), manifest)
		writeFileSync(path.join(contentDir, 'packages', 'warned', 'a.html'), '<p>a</p>')
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
		const problems: CatalogProblem[] = []
		const loaded = loadScormModule({ file: 'modules/warned.yaml', source: scormModuleYaml({ id: 'warned', completion: 'Completed' }) }, contentDir, problems)
		expect(loaded).toMatchObject({ id: 'warned' })
		expect(problems).toEqual([])
		expect(warn).toHaveBeenCalledWith(
			'modules/warned.yaml: package packages/warned: imsmanifest.xml names "gone" as its default organization, but no <organization> has that identifier; using the first organization, "only"',
		)
	} finally {
		rmSync(contentDir, { recursive: true, force: true })
	}
})

test('a content/ SCORM module whose minimum plausible time exceeds its estimate is refused at that line', () => {
	const problems: CatalogProblem[] = []
	const source = scormModuleYaml({ id: 'slow', completion: 'Completed', minimumMinutes: 11 })
	expect(loadScormModule({ file: 'modules/slow.yaml', source }, tmpdir(), problems)).toBeNull()
	expect(problems).toEqual([
		{ file: 'modules/slow.yaml', line: source.split('\n').indexOf('minimumMinutes: 11') + 1, message: 'minimumMinutes: must not exceed estimatedMinutes (10): it is the least time in which the course can plausibly be done' },
	])
})
