import { z } from 'zod'
import { readItemDelivery } from './manifest-item-delivery.server.ts'
import { missingFileProblem, resolveLaunch } from './manifest-launch.server.ts'
import { itemDeliveryXml, sequencingCollectionXml, sequencingXml, text, type ItemDeliveryXml } from './manifest-sequencing-xml.server.ts'
import { collectionSettings, readActivitySequencing, readSequencingCollections, type SequencingCollections } from './manifest-sequencing.server.ts'
import { readDecimal, type Report } from './manifest-values.server.ts'
import { MANIFEST, readManifestDocument } from './manifest-xml.server.ts'
import { ScormPackageError, readPackageZip, type ZipLimits } from './package-zip.server.ts'
import { asScormAgainSequencing, type ActivitySettings, type ScormAgainSequencing } from './sequencing-settings.ts'

export type ScormVersion = '1.2' | '2004-2nd' | '2004-3rd' | '2004-4th'

export type ManifestItem = {
	identifier: string
	title: string
	identifierRef: string | null
	isVisible: boolean
	parameters: string | null
	/** SCORM 1.2 `adlcp:masteryscore`, 0 to 100. */
	masteryScore: number | null
	/** SCORM 2004 primary objective `minNormalizedMeasure` when satisfied by measure, -1 to 1. */
	scaledPassingScore: number | null
	/** SCORM 2004 `adlcp:completionThreshold` when progress decides completion (cmi.completion_threshold), 0 to 1. */
	completionThreshold: number | null
	/** SCORM 1.2 `adlcp:prerequisites`, kept as written. */
	prerequisites: string | null
	dataFromLms: string | null
	children: ManifestItem[]
}

export type ManifestResource = {
	identifier: string
	type: string | null
	scormType: 'sco' | 'asset'
	href: string | null
	base: string | null
	files: string[]
}

/**
 * An item that launches, SCO or asset (the name predates assets). `launchHref` is relative to
 * the package root; `file` is the zip entry it opens.
 */
export type LaunchableSco = { item: ManifestItem; resource: ManifestResource; launchHref: string; file: string }

export type ScormOrganization = { identifier: string; title: string; items: ManifestItem[] }

export type ScormManifest = {
	identifier: string | null
	version: ScormVersion
	organization: ScormOrganization
	resources: ManifestResource[]
	/**
	 * Every launchable item of the default organization, in tree order: SCOs and assets alike
	 * (`resource.scormType` tells which; an asset never talks to the runtime).
	 */
	scos: LaunchableSco[]
	/**
	 * The default organization's SCORM 2004 sequencing, for scorm-again's engine (a
	 * SequencingSettings of sequencing-settings.ts); null for SCORM 1.2.
	 */
	sequencing: ScormAgainSequencing | null
	/** What the package gets wrong that FieldReady reads around, for whoever imports it. */
	warnings: string[]
}

const versions: Record<string, ScormVersion> = {
	'1.2': '1.2',
	'cam 1.3': '2004-2nd',
	'2004 3rd edition': '2004-3rd',
	'2004 4th edition': '2004-4th',
}

type ItemXml = {
	'@identifier': string
	'@identifierref'?: string
	'@isvisible'?: string
	'@parameters'?: string
	title?: string
	'adlcp:masteryscore'?: string
	'adlcp:prerequisites'?: string
	'adlcp:datafromlms'?: string
	'adlcp:dataFromLMS'?: string
	item?: ItemXml[]
} & ItemDeliveryXml

const itemSchema: z.ZodType<ItemXml, unknown> = z.object({
	'@identifier': z.string({ error: 'an <item> has no identifier attribute' }),
	'@identifierref': z.string().optional(),
	'@isvisible': z.string().optional(),
	'@parameters': z.string().optional(),
	title: text.optional(),
	'adlcp:masteryscore': text.optional(),
	'adlcp:prerequisites': text.optional(),
	'adlcp:datafromlms': text.optional(),
	'adlcp:dataFromLMS': text.optional(),
	...itemDeliveryXml,
	get item() {
		return z.array(itemSchema).optional()
	},
})

const resourceSchema = z.object({
	'@identifier': z.string({ error: 'a <resource> has no identifier attribute' }),
	'@type': z.string().optional(),
	'@adlcp:scormType': z.string().optional(),
	'@href': z.string().optional(),
	'@xml:base': z.string().optional(),
	file: z.array(z.object({ '@href': z.string().optional() })).optional(),
})

const organizationSchema = z.object({
	'@identifier': z.string({ error: 'an <organization> has no identifier attribute' }),
	title: text.optional(),
	item: z.array(itemSchema).optional(),
	'imsss:sequencing': z.array(sequencingXml).optional(),
})

const manifestSchema = z.object({
	manifest: z.object(
		{
			'@identifier': z.string().optional(),
			'@xml:base': z.string().optional(),
			metadata: z.object({ schemaversion: text.optional() }).optional(),
			organizations: z.object({ '@default': z.string().optional(), organization: z.array(organizationSchema).optional() }).optional(),
			resources: z.object({ '@xml:base': z.string().optional(), resource: z.array(resourceSchema).optional() }).optional(),
			'imsss:sequencingCollection': sequencingCollectionXml.optional(),
		},
		{ error: `the root element of ${MANIFEST} is not <manifest>` },
	),
})

type ManifestXml = z.infer<typeof manifestSchema>['manifest']
type OrganizationXml = z.infer<typeof organizationSchema>

function describeIssuePath(path: PropertyKey[]) {
	return path.map((key) => (typeof key === 'number' ? `[${key + 1}]` : `/${String(key)}`)).join('').replace(/^\//, '')
}

function parseManifestXml(xml: string): ManifestXml {
	const result = manifestSchema.safeParse(readManifestDocument(xml))
	if (!result.success) throw new ScormPackageError(result.error.issues.map((issue) => `${MANIFEST}, ${describeIssuePath(issue.path)}: ${issue.message}`))
	return result.data.manifest
}

function detectVersion(manifest: ManifestXml): ScormVersion {
	const declared = manifest.metadata?.schemaversion?.trim()
	if (!declared) throw new ScormPackageError([`${MANIFEST} has no <metadata><schemaversion>, so its SCORM version is unknown`])
	const version = versions[declared.replace(/\s+/g, ' ').toLowerCase()]
	if (!version) throw new ScormPackageError([`${MANIFEST} declares schemaversion ${JSON.stringify(declared)}, which is not a SCORM version we support (1.2, CAM 1.3, 2004 3rd Edition, 2004 4th Edition)`])
	return version
}

const isFalse = (value: string | undefined) => value?.trim() === 'false' || value?.trim() === '0'

type PackageContext = { manifest: ManifestXml; resources: Map<string, ManifestResource>; files: Set<string>; problems: string[] }
/** `collections` is set for SCORM 2004, whose items are also read as sequenced activities. */
type OrganizationContext = PackageContext & { collections: SequencingCollections | null }

function sequenceItem(xml: ItemXml, report: Report, collections: SequencingCollections) {
	const { sequencing, primaryObjective } = readActivitySequencing(xml['imsss:sequencing']?.[0], { owner: xml['@identifier'], collections, report })
	return { sequencing, delivery: readItemDelivery(xml, report), primaryObjective }
}

function toItem(xml: ItemXml, context: OrganizationContext): { item: ManifestItem; activity: ActivitySettings | null } {
	const identifier = xml['@identifier']
	const report = { where: `item "${identifier}"`, problems: context.problems }
	const masteryScore = readDecimal(xml['adlcp:masteryscore'], { min: 0, max: 100, fallback: null, what: 'adlcp:masteryscore' }, report)
	const sequenced = context.collections && sequenceItem(xml, report, context.collections)
	const children = (xml.item ?? []).map((child) => toItem(child, context))
	const threshold = sequenced?.delivery.completionThreshold
	const item: ManifestItem = {
		identifier,
		title: xml.title?.trim() ?? '',
		identifierRef: xml['@identifierref']?.trim() || null,
		isVisible: !isFalse(xml['@isvisible']),
		parameters: xml['@parameters'] || null,
		masteryScore,
		scaledPassingScore: sequenced?.primaryObjective?.satisfiedByMeasure ? sequenced.primaryObjective.minNormalizedMeasure : null,
		completionThreshold: threshold?.completedByMeasure ? threshold.minProgressMeasure : null,
		prerequisites: xml['adlcp:prerequisites'] ?? null,
		dataFromLms: xml['adlcp:datafromlms'] ?? xml['adlcp:dataFromLMS'] ?? null,
		children: children.map((child) => child.item),
	}
	const activity = sequenced && { id: identifier, title: item.title, isVisible: item.isVisible, ...sequenced.sequencing, ...sequenced.delivery, children: children.flatMap((child) => child.activity ?? []) }
	return { item, activity }
}

function toResource(xml: z.infer<typeof resourceSchema>, problems: string[]): ManifestResource {
	const declared = xml['@adlcp:scormType']?.trim().toLowerCase()
	if (declared !== undefined && declared !== 'sco' && declared !== 'asset') problems.push(`resource "${xml['@identifier']}": adlcp:scormType ${JSON.stringify(declared)} is neither "sco" nor "asset"`)
	return {
		identifier: xml['@identifier'],
		type: xml['@type'] ?? null,
		scormType: declared === 'sco' ? 'sco' : 'asset',
		href: xml['@href'] || null,
		base: xml['@xml:base'] || null,
		files: (xml.file ?? []).flatMap((file) => (file['@href'] ? [file['@href']] : [])),
	}
}

function* walk(items: ManifestItem[]): Generator<ManifestItem> {
	for (const item of items) {
		yield item
		yield* walk(item.children)
	}
}

function duplicateProblems(identifiers: string[], describe: (identifier: string, times: number) => string) {
	const counts = new Map<string, number>()
	for (const identifier of identifiers) counts.set(identifier, (counts.get(identifier) ?? 0) + 1)
	return [...counts].flatMap(([identifier, times]) => (times > 1 ? [describe(identifier, times)] : []))
}

/**
 * The items that launch, SCO or asset. A broken SCO is a broken package; a broken asset was
 * never launched before FieldReady showed assets, so it is left out with a warning instead.
 */
function launchableItems(items: ManifestItem[], { manifest, resources, files, problems }: PackageContext) {
	const launchable: LaunchableSco[] = []
	const warnings: string[] = []
	for (const item of walk(items)) {
		if (!item.identifierRef) continue
		const resource = resources.get(item.identifierRef)
		if (!resource) {
			problems.push(`item "${item.identifier}" refers to resource "${item.identifierRef}", which does not exist`)
			continue
		}
		const isSco = resource.scormType === 'sco'
		if (!resource.href) {
			if (isSco) problems.push(`item "${item.identifier}" refers to resource "${resource.identifier}", a SCO without an href`)
			continue
		}
		const target = resolveLaunch([manifest['@xml:base'] ?? null, manifest.resources?.['@xml:base'] ?? null, resource.base], resource.href, item.parameters)
		if ('problem' in target) {
			if (isSco) problems.push(`item "${item.identifier}" (resource "${resource.identifier}") ${target.problem}${target.external ? '; a SCO must be a file in the package' : ''}`)
			else warnings.push(`item "${item.identifier}" (resource "${resource.identifier}") ${target.problem}; FieldReady shows only files in the package, so the item is left out`)
		} else if (!files.has(target.file)) {
			const problem = `item "${item.identifier}" launches resource "${resource.identifier}" at ${JSON.stringify(target.file)}, ${missingFileProblem(target.file, files)}`
			if (isSco) problems.push(problem)
			else warnings.push(`${problem}; the item is left out`)
		} else launchable.push({ item, resource, ...target })
	}
	return { launchable, warnings }
}

function rootActivity(xml: OrganizationXml, children: ActivitySettings[], { collections, problems }: { collections: SequencingCollections; problems: string[] }): ActivitySettings {
	const owner = xml['@identifier']
	const { sequencing } = readActivitySequencing(xml['imsss:sequencing']?.[0], { owner, collections, report: { where: `organization "${owner}"`, problems } })
	return { id: owner, title: xml.title?.trim() ?? '', isVisible: true, ...sequencing, children }
}

function describeOrganization(xml: OrganizationXml, context: OrganizationContext) {
	const described = (xml.item ?? []).map((item) => toItem(item, context))
	const items = described.map(({ item }) => item)
	const organization = { identifier: xml['@identifier'], title: xml.title?.trim() ?? '', items }
	const identifiers = [...walk(items)].map((item) => item.identifier)
	context.problems.push(...duplicateProblems(identifiers, (id, times) => `item identifier "${id}" is used ${times} times in organization "${organization.identifier}"`))
	const activities = described.flatMap(({ activity }) => activity ?? [])
	const activityTree = context.collections && rootActivity(xml, activities, { collections: context.collections, problems: context.problems })
	return { organization, activityTree, ...launchableItems(items, context) }
}

/** The organization `default` names; like common LMSs, the first one when it names none that exists. */
function pickDefaultOrganization(manifest: ManifestXml): { chosen: OrganizationXml; warnings: string[] } {
	const organizations = manifest.organizations?.organization ?? []
	const first = organizations[0]
	if (!first) throw new ScormPackageError([`${MANIFEST} has no <organization>, so there is nothing to launch`])
	const named = manifest.organizations?.['@default']?.trim()
	const chosen = named ? organizations.find((organization) => organization['@identifier'] === named) : first
	if (chosen) return { chosen, warnings: [] }
	return { chosen: first, warnings: [`${MANIFEST} names "${named}" as its default organization, but no <organization> has that identifier; using the first organization, "${first['@identifier']}"`] }
}

/**
 * Reads imsmanifest.xml into the version, the default organization's item tree, the resources,
 * its launchable items and (SCORM 2004) its sequencing. Every organization is checked, as a
 * broken reference anywhere is a broken package: each identifierref must name a resource, and
 * each SCO's launch file be in `files`.
 */
export function parseManifest(xml: string, files: Set<string>): ScormManifest {
	const manifest = parseManifestXml(xml)
	const version = detectVersion(manifest)
	const defaultOrganization = pickDefaultOrganization(manifest)
	const problems: string[] = []
	const resourceList = (manifest.resources?.resource ?? []).map((resource) => toResource(resource, problems))
	problems.push(...duplicateProblems(resourceList.map((r) => r.identifier), (id, times) => `resource identifier "${id}" is used by ${times} resources`))
	const collections = version === '1.2' ? null : readSequencingCollections(manifest['imsss:sequencingCollection'], problems)
	const context: OrganizationContext = { manifest, resources: new Map(resourceList.map((r) => [r.identifier, r])), files, problems, collections }
	let chosen: ReturnType<typeof describeOrganization> | undefined
	for (const organization of manifest.organizations?.organization ?? []) {
		const described = describeOrganization(organization, context)
		if (organization === defaultOrganization.chosen) chosen = described
	}
	const { organization, launchable, activityTree, warnings } = chosen!
	if (launchable.length === 0 && problems.length === 0) problems.push(`organization "${organization.identifier}" has no launchable item (an item whose resource has an href)`)
	if (problems.length > 0) throw new ScormPackageError(problems)
	return {
		identifier: manifest['@identifier'] ?? null,
		version,
		organization,
		resources: resourceList,
		scos: launchable,
		sequencing: activityTree && collections ? asScormAgainSequencing({ activityTree, collections: collectionSettings(collections) }) : null,
		warnings: [...defaultOrganization.warnings, ...warnings],
	}
}

function decodeText(bytes: Uint8Array) {
	const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8'
	return new TextDecoder(encoding).decode(bytes)
}

/** Reads an imsmanifest.xml file's bytes, whatever their encoding, against the package's files. */
export const parseManifestBytes = (bytes: Uint8Array, files: Set<string>) => parseManifest(decodeText(bytes), files)

function manifestNotAtRoot(names: string[]) {
	const candidates = names.filter((name) => name.split('/').pop()?.toLowerCase() === MANIFEST).sort((a, b) => a.split('/').length - b.split('/').length)
	const found = candidates[0]
	if (found === undefined) return new ScormPackageError([`the package has no ${MANIFEST}; a SCORM package has one at the root of the zip`])
	if (!found.includes('/')) return new ScormPackageError([`the package has ${JSON.stringify(found)} but the manifest must be named ${MANIFEST}, in lower case`])
	return new ScormPackageError([`${MANIFEST} must be at the root of the zip, but it is at ${JSON.stringify(found)}: zip the contents of that folder, not the folder itself`])
}

/** Reads a SCORM package zip and its manifest; throws a ScormPackageError naming every problem found. */
export function inspectScormPackage(bytes: Uint8Array, limits?: Partial<ZipLimits>): { manifest: ScormManifest; files: Map<string, Uint8Array> } {
	const { files } = readPackageZip(bytes, limits)
	const manifestBytes = files.get(MANIFEST)
	if (!manifestBytes) throw manifestNotAtRoot([...files.keys()])
	return { manifest: parseManifestBytes(manifestBytes, new Set(files.keys())), files }
}
