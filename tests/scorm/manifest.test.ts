import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { describe, expect, test } from 'vitest'
import { inspectScormPackage, parseManifest, type ManifestItem } from '#app/scorm/manifest.server.ts'
import { ScormPackageError } from '#app/scorm/package-zip.server.ts'
import { testsRoot } from '#tests/setup/paths.ts'
import { writeZip } from './zip-fixtures.ts'

const scorm12 = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="fieldready.remote-access" version="1.0"
	xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
	xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
	<metadata>
		<schema>ADL SCORM</schema>
		<schemaversion>1.2</schemaversion>
	</metadata>
	<organizations default="remote-access">
		<organization identifier="remote-access">
			<title>Remote access to plant networks</title>
			<item identifier="why" identifierref="res-why" parameters="?lang=en">
				<title>Why remote sessions are a risk</title>
				<adlcp:masteryscore>80</adlcp:masteryscore>
			</item>
			<item identifier="jump-host">
				<title>Working through the jump host</title>
				<item identifier="connect" identifierref="res-connect">
					<title>Connecting through the jump host</title>
					<adlcp:prerequisites type="aicc_script">why &amp; glossary</adlcp:prerequisites>
					<adlcp:datafromlms>site=north-substation</adlcp:datafromlms>
				</item>
				<item identifier="lab" identifierref="res-lab" isvisible="false" parameters="attempt=practice">
					<title>Practice lab</title>
				</item>
				<item identifier="glossary" identifierref="res-glossary">
					<title>Glossary</title>
				</item>
			</item>
			<item identifier="check" identifierref="res-check">
				<title>Knowledge check</title>
				<adlcp:masteryscore>75.5</adlcp:masteryscore>
			</item>
		</organization>
	</organizations>
	<resources>
		<resource identifier="res-why" type="webcontent" adlcp:scormtype="sco" href="why/index.html">
			<file href="why/index.html"/>
		</resource>
		<resource identifier="res-connect" type="webcontent" adlcp:scormtype="sco" xml:base="jump-host/" href="connect.html#step-1">
			<file href="connect.html"/>
			<file href="diagram.png"/>
		</resource>
		<resource identifier="res-lab" type="webcontent" adlcp:scormtype="sco" xml:base="jump-host/" href="lab.html"/>
		<resource identifier="res-glossary" type="webcontent" adlcp:scormtype="asset" href="glossary.html"/>
		<resource identifier="res-check" type="webcontent" adlcp:scormtype="SCO" href="check.html?mode=exam"/>
	</resources>
</manifest>`
const scorm12Files = ['imsmanifest.xml', 'why/index.html', 'jump-host/connect.html', 'jump-host/diagram.png', 'jump-host/lab.html', 'glossary.html', 'check.html']

const scorm2004third = `<?xml version="1.0" encoding="UTF-8"?>
<imscp:manifest identifier="fieldready.removable-media" version="1"
	xmlns:imscp="http://www.imsglobal.org/xsd/imscp_v1p1"
	xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
	xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
	xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
	xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
	xml:base="course/">
	<imscp:metadata>
		<imscp:schema>ADL SCORM</imscp:schema>
		<imscp:schemaversion>2004 3rd Edition</imscp:schemaversion>
	</imscp:metadata>
	<imscp:organizations default="media">
		<imscp:organization identifier="media" adlseq:objectivesGlobalToSystem="false">
			<imscp:title>Removable media in the control room</imscp:title>
			<imscp:item identifier="scan" identifierref="res-scan" parameters="#kiosk">
				<imscp:title>Scanning a USB stick at the kiosk</imscp:title>
				<imsss:sequencing>
					<imsss:objectives>
						<imsss:primaryObjective objectiveID="scan-passed" satisfiedByMeasure="true">
							<imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>
						</imsss:primaryObjective>
					</imsss:objectives>
				</imsss:sequencing>
				<adlnav:presentation><adlnav:navigationInterface><adlnav:hideLMSUI>previous</adlnav:hideLMSUI></adlnav:navigationInterface></adlnav:presentation>
			</imscp:item>
			<imscp:item identifier="report" identifierref="res-report" parameters="?from=menu">
				<imscp:title>Reporting an infected stick</imscp:title>
				<imsss:sequencing>
					<imsss:controlMode flow="true"/>
					<imsss:objectives>
						<imsss:primaryObjective objectiveID="report-done" satisfiedByMeasure="true"/>
						<imsss:objective objectiveID="report-logged"/>
					</imsss:objectives>
				</imsss:sequencing>
			</imscp:item>
			<imscp:item identifier="drill" identifierref="res-drill">
				<imscp:title>Incident drill</imscp:title>
				<imsss:sequencing>
					<imsss:objectives>
						<imsss:primaryObjective satisfiedByMeasure="false">
							<imsss:minNormalizedMeasure>0.5</imsss:minNormalizedMeasure>
						</imsss:primaryObjective>
					</imsss:objectives>
				</imsss:sequencing>
			</imscp:item>
			<imsss:sequencing><imsss:controlMode choice="true" flow="true"/></imsss:sequencing>
		</imscp:organization>
	</imscp:organizations>
	<imscp:resources xml:base="media/">
		<imscp:resource identifier="res-scan" type="webcontent" adlcp:scormType="sco" xml:base="scan" href="kiosk.html">
			<imscp:file href="kiosk.html"/>
			<imscp:dependency identifierref="res-shared"/>
		</imscp:resource>
		<imscp:resource identifier="res-report" type="webcontent" adlcp:scormType="sco" href="report.html?lang=en"/>
		<imscp:resource identifier="res-drill" type="webcontent" adlcp:scormType="sco" href="drill.html"/>
		<imscp:resource identifier="res-shared" type="webcontent" adlcp:scormType="asset">
			<imscp:file href="shared/style.css"/>
		</imscp:resource>
	</imscp:resources>
</imscp:manifest>`
const scorm2004thirdFiles = ['course/media/scan/kiosk.html', 'course/media/report.html', 'course/media/drill.html', 'course/media/shared/style.css']

const scorm2004fourth = `<?xml version="1.0"?>
<manifest identifier="fieldready.patching" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
	xmlns:scorm="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:ss="http://www.imsglobal.org/xsd/imsss">
	<metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
	<organizations default="patching">
		<organization identifier="patching-draft">
			<title>Draft</title>
			<item identifier="draft" identifierref="res-draft"><title>Draft lesson</title></item>
		</organization>
		<organization identifier="patching">
			<title>Applying vendor patches</title>
			<item identifier="plan" identifierref="res-plan">
				<title>Planning the patch window</title>
				<ss:sequencing><ss:objectives><ss:primaryObjective satisfiedByMeasure="1"><ss:minNormalizedMeasure>-0.25</ss:minNormalizedMeasure></ss:primaryObjective></ss:objectives></ss:sequencing>
			</item>
			<item identifier="apply" identifierref="res-apply"><title>Applying and verifying</title></item>
		</organization>
	</organizations>
	<resources>
		<resource identifier="res-draft" type="webcontent" scorm:scormType="sco" href="draft/index.html"/>
		<resource identifier="res-plan" type="webcontent" scorm:scormType="sco" href="plan.html"/>
		<resource identifier="res-apply" type="webcontent" scorm:scormType="sco" href="apply%20and%20verify.html"/>
	</resources>
</manifest>`
const scorm2004fourthFiles = ['draft/index.html', 'plan.html', 'apply and verify.html']

const scorm2004second = `<manifest identifier="fieldready.hardening" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
	<metadata><schema>ADL SCORM</schema><schemaversion>CAM 1.3</schemaversion></metadata>
	<organizations><organization identifier="hardening"><title>Hardening a workstation</title>
		<item identifier="services" identifierref="res-services"><title>Disabling unused services</title></item>
	</organization></organizations>
	<resources><resource identifier="res-services" type="webcontent" adlcp:scormType="sco" href="services.html"/></resources>
</manifest>`

/** `xml` with one edit; an edit that matches nothing throws, so no test checks an unbroken manifest. */
function edit(xml: string, from: string, to: string) {
	if (!xml.includes(from)) throw new Error(`the manifest does not contain ${JSON.stringify(from)}`)
	return xml.replace(from, to)
}

function problemsOf(run: () => unknown) {
	try {
		run()
	} catch (error) {
		if (error instanceof ScormPackageError) return error.problems
		throw error
	}
	throw new Error('expected the package to be rejected')
}

const manifestProblems = (xml: string, files: string[] = scorm12Files) => problemsOf(() => parseManifest(xml, new Set(files)))

function shape(items: ManifestItem[]): unknown[] {
	return items.map(({ identifier, isVisible, children }) => (children.length ? { identifier, isVisible, children: shape(children) } : { identifier, isVisible }))
}

const attribute = (name: string, value: string | undefined) => (value === undefined ? '' : ` ${name}="${value.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}"`)

/** A SCORM 1.2 manifest with one SCO, for the launch URL rules. */
function oneSco({ href, parameters, base }: { href: string; parameters?: string; base?: string }) {
	const parametersAttribute = attribute('parameters', parameters)
	const baseAttribute = attribute('xml:base', base)
	return `<manifest identifier="m" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
		<metadata><schemaversion>1.2</schemaversion></metadata>
		<organizations><organization identifier="o"><title>O</title>
			<item identifier="sco" identifierref="r"${parametersAttribute}><title>SCO</title></item>
		</organization></organizations>
		<resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco"${baseAttribute}${attribute('href', href)}/></resources>
	</manifest>`
}

describe('SCORM 1.2', () => {
	const manifest = parseManifest(scorm12, new Set(scorm12Files))

	test('reads the version, the default organization and its item tree', () => {
		expect(manifest).toMatchObject({ identifier: 'fieldready.remote-access', version: '1.2', organization: { identifier: 'remote-access', title: 'Remote access to plant networks' } })
		expect(shape(manifest.organization.items)).toEqual([
			{ identifier: 'why', isVisible: true },
			{
				identifier: 'jump-host',
				isVisible: true,
				children: [
					{ identifier: 'connect', isVisible: true },
					{ identifier: 'lab', isVisible: false },
					{ identifier: 'glossary', isVisible: true },
				],
			},
			{ identifier: 'check', isVisible: true },
		])
	})

	test('reads each item: mastery score, prerequisites as written, parameters, launch data', () => {
		const [why, jumpHost] = manifest.organization.items
		expect(why).toEqual({
			identifier: 'why',
			title: 'Why remote sessions are a risk',
			identifierRef: 'res-why',
			isVisible: true,
			parameters: '?lang=en',
			masteryScore: 80,
			scaledPassingScore: null,
			completionThreshold: null,
			prerequisites: null,
			dataFromLms: null,
			children: [],
		})
		expect(jumpHost!.identifierRef).toBeNull()
		expect(jumpHost!.children[0]).toMatchObject({ identifier: 'connect', prerequisites: 'why & glossary', dataFromLms: 'site=north-substation', masteryScore: null })
		expect(manifest.organization.items[2]!.masteryScore).toBe(75.5)
	})

	test('lists the launchable items in tree order, SCOs and assets, hidden ones included', () => {
		expect(manifest.scos.map((sco) => [sco.item.identifier, sco.resource.identifier, sco.resource.scormType, sco.launchHref, sco.file])).toEqual([
			['why', 'res-why', 'sco', 'why/index.html?lang=en', 'why/index.html'],
			['connect', 'res-connect', 'sco', 'jump-host/connect.html#step-1', 'jump-host/connect.html'],
			['lab', 'res-lab', 'sco', 'jump-host/lab.html?attempt=practice', 'jump-host/lab.html'],
			['glossary', 'res-glossary', 'asset', 'glossary.html', 'glossary.html'],
			['check', 'res-check', 'sco', 'check.html?mode=exam', 'check.html'],
		])
		expect(manifest.scos[2]!.item.isVisible).toBe(false)
	})

	test('has no sequencing and no warnings', () => {
		expect(manifest).toMatchObject({ sequencing: null, warnings: [] })
	})

	test('reads the resources with their SCORM type, base and files', () => {
		expect(manifest.resources.find((r) => r.identifier === 'res-connect')).toEqual({
			identifier: 'res-connect',
			type: 'webcontent',
			scormType: 'sco',
			href: 'connect.html#step-1',
			base: 'jump-host/',
			files: ['connect.html', 'diagram.png'],
		})
		expect(manifest.resources.map((r) => [r.identifier, r.scormType])).toEqual([
			['res-why', 'sco'],
			['res-connect', 'sco'],
			['res-lab', 'sco'],
			['res-glossary', 'asset'],
			['res-check', 'sco'],
		])
	})
})

describe('SCORM 2004', () => {
	test('3rd edition: namespace prefixes, sequencing, passing scores and nested xml:base', () => {
		const manifest = parseManifest(scorm2004third, new Set(scorm2004thirdFiles))
		expect(manifest.version).toBe('2004-3rd')
		expect(manifest.organization.items.map((item) => [item.identifier, item.title, item.scaledPassingScore, item.masteryScore])).toEqual([
			['scan', 'Scanning a USB stick at the kiosk', 0.8, null],
			// Satisfied by measure without a minimum: the sequencing default of 1.0 applies.
			['report', 'Reporting an infected stick', 1, null],
			['drill', 'Incident drill', null, null],
		])
		expect(manifest.scos.map((sco) => [sco.launchHref, sco.file])).toEqual([
			['course/media/scan/kiosk.html#kiosk', 'course/media/scan/kiosk.html'],
			['course/media/report.html?lang=en&from=menu', 'course/media/report.html'],
			['course/media/drill.html', 'course/media/drill.html'],
		])
		expect(manifest.resources.find((r) => r.identifier === 'res-shared')).toMatchObject({ scormType: 'asset', href: null, files: ['shared/style.css'] })
	})

	test('4th edition: unprefixed elements, other prefixes, the default organization when it is not the first', () => {
		const manifest = parseManifest(scorm2004fourth, new Set(scorm2004fourthFiles))
		expect(manifest.version).toBe('2004-4th')
		expect(manifest.organization.identifier).toBe('patching')
		expect(manifest.organization.items[0]!.scaledPassingScore).toBe(-0.25)
		expect(manifest.scos.map((sco) => [sco.item.identifier, sco.launchHref, sco.file])).toEqual([
			['plan', 'plan.html', 'plan.html'],
			['apply', 'apply%20and%20verify.html', 'apply and verify.html'],
		])
	})

	test('2nd edition ("CAM 1.3"), and the first organization when none is named the default', () => {
		const manifest = parseManifest(scorm2004second, new Set(['services.html']))
		expect(manifest.version).toBe('2004-2nd')
		expect(manifest.organization.identifier).toBe('hardening')
		expect(manifest.scos.map((sco) => sco.launchHref)).toEqual(['services.html'])
	})

	test('accepts the version with other spacing and capitals', () => {
		expect(parseManifest(edit(scorm2004fourth, '2004 4th Edition', ' 2004  4TH edition '), new Set(scorm2004fourthFiles)).version).toBe('2004-4th')
	})
})

describe('launch URLs', () => {
	test.each([
		['index.html', '?lang=en', 'index.html?lang=en'],
		['index.html', 'lang=en', 'index.html?lang=en'],
		['index.html', '&lang=en', 'index.html?lang=en'],
		['index.html?unit=3', '?lang=en', 'index.html?unit=3&lang=en'],
		['index.html', '#part-2', 'index.html#part-2'],
		['index.html#part-1', '#part-2', 'index.html#part-1'],
		['index.html#part-1', 'lang=en', 'index.html?lang=en#part-1'],
		['index.html', '?lang=en#part-2', 'index.html?lang=en#part-2'],
		['index.html?unit=3#part-1', 'lang=en#part-2', 'index.html?unit=3&lang=en#part-1'],
	])('href %j with parameters %j launches %j', (href, parameters, expected) => {
		const [sco] = parseManifest(oneSco({ href, parameters }), new Set(['index.html'])).scos
		expect(sco!.launchHref).toBe(expected)
		expect(sco!.file).toBe('index.html')
	})

	test('joins xml:base as a folder and folds "." and ".." inside the package', () => {
		const [sco] = parseManifest(oneSco({ base: 'units/unit-1', href: './pages/../start.html' }), new Set(['units/unit-1/start.html'])).scos
		expect(sco!.launchHref).toBe('units/unit-1/start.html')
	})

	test('looks for the URL-decoded file', () => {
		const [sco] = parseManifest(oneSco({ href: 'caf%C3%A9/lesson%201.html?x=%20' }), new Set(['café/lesson 1.html'])).scos
		expect(sco).toMatchObject({ launchHref: 'caf%C3%A9/lesson%201.html?x=%20', file: 'café/lesson 1.html' })
	})

	test.each([
		['../outside.html', 'item "sco" (resource "r") has the launch path "../outside.html", which is not inside the package'],
		['/index.html', 'item "sco" (resource "r") has the launch path "/index.html", which is not inside the package'],
		['https://cdn.example.com/index.html', 'item "sco" (resource "r") launches the external URL "https://cdn.example.com/index.html"; a SCO must be a file in the package'],
		['//cdn.example.com/index.html', 'item "sco" (resource "r") launches the external URL "//cdn.example.com/index.html"; a SCO must be a file in the package'],
		['bad%E0%A4%A.html', 'item "sco" (resource "r") has the launch path "bad%E0%A4%A.html", which is not valid URL encoding'],
	])('rejects the href %j', (href, message) => {
		expect(manifestProblems(oneSco({ href }), ['index.html'])).toEqual([message])
	})

	test('rejects an xml:base that leaves the package, and an absolute href behind a base', () => {
		expect(manifestProblems(oneSco({ base: 'https://cdn.example.com/course/', href: 'index.html' }), ['index.html'])).toEqual([
			'item "sco" (resource "r") launches the external URL "https://cdn.example.com/course/index.html"; a SCO must be a file in the package',
		])
		expect(manifestProblems(oneSco({ base: 'course/', href: '/index.html' }), ['index.html', 'course/index.html'])).toEqual([
			'item "sco" (resource "r") has the launch path "course//index.html", which is not inside the package',
		])
		expect(manifestProblems(oneSco({ base: 'course/', href: '../../index.html' }), ['index.html'])).toEqual([
			'item "sco" (resource "r") has the launch path "course/../../index.html", which is not inside the package',
		])
	})
})

describe('manifest problems', () => {
	test('rejects XML that is not well-formed, and a root that is not <manifest>', () => {
		const [problem] = manifestProblems(edit(scorm12, '</organizations>', ''))
		expect(problem).toMatch(/^imsmanifest\.xml is not well-formed XML: .*'organizations'.* \(line \d+\)$/)
		expect(manifestProblems('<package identifier="x"/>')).toEqual(['imsmanifest.xml, manifest: the root element of imsmanifest.xml is not <manifest>'])
	})

	test('rejects a missing or unknown SCORM version', () => {
		expect(manifestProblems(edit(scorm12, '<schemaversion>1.2</schemaversion>', ''))).toEqual(['imsmanifest.xml has no <metadata><schemaversion>, so its SCORM version is unknown'])
		expect(manifestProblems(edit(scorm12, '<schemaversion>1.2</schemaversion>', '<schemaversion>2004 5th Edition</schemaversion>'))).toEqual([
			'imsmanifest.xml declares schemaversion "2004 5th Edition", which is not a SCORM version we support (1.2, CAM 1.3, 2004 3rd Edition, 2004 4th Edition)',
		])
	})

	test('rejects a manifest without an organization', () => {
		const withoutOrganization = scorm2004second.replace(/<organizations>[\s\S]*<\/organizations>/, '<organizations/>')
		expect(withoutOrganization).not.toBe(scorm2004second)
		expect(manifestProblems(withoutOrganization)).toEqual(['imsmanifest.xml has no <organization>, so there is nothing to launch'])
	})

	test('rejects an item without an identifier', () => {
		expect(manifestProblems(edit(scorm12, '<item identifier="check" ', '<item '))).toEqual(['imsmanifest.xml, manifest/organizations/organization[1]/item[3]/@identifier: an <item> has no identifier attribute'])
	})

	test('rejects an identifierref to a resource that does not exist', () => {
		expect(manifestProblems(edit(scorm12, 'identifierref="res-glossary"', 'identifierref="res-glosary"'))).toEqual(['item "glossary" refers to resource "res-glosary", which does not exist'])
	})

	test('rejects a SCO whose launch file is not in the package, naming item, resource and file', () => {
		const files = scorm12Files.filter((file) => file !== 'jump-host/lab.html')
		expect(manifestProblems(scorm12, files)).toEqual(['item "lab" launches resource "res-lab" at "jump-host/lab.html", which is not in the package'])
		expect(manifestProblems(scorm12, [...files, 'jump-host/Lab.html'])).toEqual([
			'item "lab" launches resource "res-lab" at "jump-host/lab.html", which is not in the package (the package has "jump-host/Lab.html"; names are case-sensitive)',
		])
	})

	test('rejects an organization with no launchable item, and a SCO without an href', () => {
		const noLaunchable = 'organization "hardening" has no launchable item (an item whose resource has an href)'
		expect(manifestProblems(edit(scorm2004second, ' identifierref="res-services"', ''), ['services.html'])).toEqual([noLaunchable])
		const assetWithoutHref = edit(edit(scorm2004second, 'adlcp:scormType="sco"', 'adlcp:scormType="asset"'), ' href="services.html"', '')
		expect(manifestProblems(assetWithoutHref, ['services.html'])).toEqual([noLaunchable])
		expect(manifestProblems(edit(scorm2004second, ' href="services.html"', ''), ['services.html'])).toEqual(['item "services" refers to resource "res-services", a SCO without an href'])
	})

	test('rejects scores out of range or not numbers', () => {
		expect(manifestProblems(edit(scorm12, '<adlcp:masteryscore>80</adlcp:masteryscore>', '<adlcp:masteryscore>eighty</adlcp:masteryscore>'))).toEqual([
			'item "why": adlcp:masteryscore "eighty" is not a number from 0 to 100',
		])
		expect(manifestProblems(edit(scorm12, '<adlcp:masteryscore>75.5</adlcp:masteryscore>', '<adlcp:masteryscore>120</adlcp:masteryscore>'))).toEqual([
			'item "check": adlcp:masteryscore "120" is not a number from 0 to 100',
		])
		expect(manifestProblems(edit(scorm2004third, '>0.8<', '>1.5<'), scorm2004thirdFiles)).toEqual(['item "scan": imsss:minNormalizedMeasure "1.5" is not a number from -1 to 1'])
	})

	test('rejects an unknown SCORM type and duplicate identifiers', () => {
		expect(manifestProblems(edit(scorm12, 'adlcp:scormtype="asset"', 'adlcp:scormtype="page"'))).toEqual(['resource "res-glossary": adlcp:scormType "page" is neither "sco" nor "asset"'])
		expect(manifestProblems(edit(scorm12, '<resource identifier="res-lab"', '<resource identifier="res-why"'))).toEqual([
			'resource identifier "res-why" is used by 2 resources',
			'item "lab" refers to resource "res-lab", which does not exist',
		])
		expect(manifestProblems(edit(scorm12, 'item identifier="glossary"', 'item identifier="lab"'))).toEqual(['item identifier "lab" is used 2 times in organization "remote-access"'])
	})

	test('reports every reference problem at once, in every organization', () => {
		const broken = edit(edit(scorm2004fourth, 'identifierref="res-draft"', 'identifierref="res-none"'), 'href="plan.html"', 'href="plan-v2.html"')
		expect(manifestProblems(broken, scorm2004fourthFiles)).toEqual([
			'item "draft" refers to resource "res-none", which does not exist',
			'item "plan" launches resource "res-plan" at "plan-v2.html", which is not in the package',
		])
	})
})

describe('inspecting a package', () => {
	const contentOf = (files: string[]) => Object.fromEntries(files.map((file) => [file, strToU8(`<!-- ${file} -->`)]))

	test('reads a multi-SCO package: version, tree, launch URLs and files', () => {
		const zip = zipSync({ ...contentOf(scorm12Files), 'imsmanifest.xml': strToU8(`\uFEFF${scorm12}`) })
		const { manifest, files } = inspectScormPackage(zip)
		expect(manifest.version).toBe('1.2')
		expect(manifest.scos.map((sco) => sco.launchHref)).toEqual(['why/index.html?lang=en', 'jump-host/connect.html#step-1', 'jump-host/lab.html?attempt=practice', 'glossary.html', 'check.html?mode=exam'])
		expect(new TextDecoder().decode(files.get('jump-host/lab.html'))).toBe('<!-- jump-host/lab.html -->')
	})

	test('reads a UTF-16 manifest', () => {
		const utf16 = Uint8Array.from([0xff, 0xfe, ...Array.from(scorm2004second).flatMap((char) => [char.charCodeAt(0) & 0xff, char.charCodeAt(0) >> 8])])
		const { manifest } = inspectScormPackage(zipSync({ 'imsmanifest.xml': utf16, 'services.html': strToU8('x') }))
		expect(manifest.version).toBe('2004-2nd')
	})

	test('rejects a package whose manifest is in a folder, mis-cased or missing', () => {
		const nested = zipSync({ course: { ...contentOf(scorm12Files.filter((f) => f !== 'imsmanifest.xml')), 'imsmanifest.xml': strToU8(scorm12) } })
		expect(problemsOf(() => inspectScormPackage(nested))).toEqual(['imsmanifest.xml must be at the root of the zip, but it is at "course/imsmanifest.xml": zip the contents of that folder, not the folder itself'])
		expect(problemsOf(() => inspectScormPackage(zipSync({ 'IMSManifest.xml': strToU8(scorm12) })))).toEqual(['the package has "IMSManifest.xml" but the manifest must be named imsmanifest.xml, in lower case'])
		expect(problemsOf(() => inspectScormPackage(zipSync({ 'index.html': strToU8('x') })))).toEqual(['the package has no imsmanifest.xml; a SCORM package has one at the root of the zip'])
	})

	test('passes on the archive problems, with the limits given', () => {
		const zip = writeZip([{ name: 'imsmanifest.xml', content: scorm2004second }, { name: 'services.html', content: 'x', flags: 0x1 }])
		expect(problemsOf(() => inspectScormPackage(zip))).toEqual(['entry "services.html" is encrypted'])
		const valid = zipSync({ 'imsmanifest.xml': strToU8(scorm2004second), 'services.html': strToU8('x') })
		expect(problemsOf(() => inspectScormPackage(valid, { maxEntries: 1 }))).toEqual(['the archive has 2 entries, more than the limit of 1'])
	})
})

const samplesDir = process.env.SCORM_PACKAGES_DIR ? path.resolve(process.env.SCORM_PACKAGES_DIR) : path.resolve(testsRoot, '../../shared/fixtures/scorm')

describe('published sample packages', () => {
	test.skipIf(!existsSync(samplesDir))('parse, with a version and launchable SCOs whose files exist', () => {
		const packages = readdirSync(samplesDir).filter((name) => name.endsWith('.zip'))
		expect(packages.length).toBeGreaterThan(0)
		for (const name of packages) {
			const { manifest, files } = inspectScormPackage(readFileSync(path.join(samplesDir, name)))
			expect(['1.2', '2004-2nd', '2004-3rd', '2004-4th'], name).toContain(manifest.version)
			expect(manifest.scos.length, name).toBeGreaterThan(0)
			for (const sco of manifest.scos) expect(files.has(sco.file), `${name}: ${sco.file}`).toBe(true)
		}
	})
})
