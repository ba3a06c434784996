import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { z } from 'zod'
import { ScormPackageError, readPackageZip, type ZipLimits } from './package-zip.server.ts'

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
	/** SCORM 1.2 `adlcp:prerequisites`, kept as written. */
	prerequisites: string | null
	dataFromLms: string | null
	hasSequencing: boolean
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

/** `launchHref` is relative to the package root; `file` is the zip entry it opens. */
export type LaunchableSco = { item: ManifestItem; resource: ManifestResource; launchHref: string; file: string }

export type ScormOrganization = { identifier: string; title: string; items: ManifestItem[] }

export type ScormManifest = {
	identifier: string | null
	version: ScormVersion
	organization: ScormOrganization
	resources: ManifestResource[]
	/** The default organization's SCOs, in tree order. */
	scos: LaunchableSco[]
}

const MANIFEST = 'imsmanifest.xml'

const versions: Record<string, ScormVersion> = {
	'1.2': '1.2',
	'cam 1.3': '2004-2nd',
	'2004 3rd edition': '2004-3rd',
	'2004 4th edition': '2004-4th',
}

// fast-xml-parser gives '' for an element with neither attributes nor content.
const element = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? {} : value), schema)
const text = z.union([z.string(), z.object({ '#text': z.string().optional() })]).transform((value) => (typeof value === 'string' ? value : (value['#text'] ?? '')))

const sequencingSchema = element(
	z.object({
		objectives: element(
			z.object({
				primaryObjective: element(z.object({ '@satisfiedByMeasure': z.string().optional(), minNormalizedMeasure: text.optional() })).optional(),
			}),
		).optional(),
	}),
)

type ItemXml = {
	'@identifier': string
	'@identifierref'?: string
	'@isvisible'?: string
	'@parameters'?: string
	title?: string
	masteryscore?: string
	prerequisites?: string
	datafromlms?: string
	dataFromLMS?: string
	sequencing?: z.infer<typeof sequencingSchema>
	item?: ItemXml[]
}

const itemSchema: z.ZodType<ItemXml, unknown> = element(
	z.object({
		'@identifier': z.string({ error: 'an <item> has no identifier attribute' }),
		'@identifierref': z.string().optional(),
		'@isvisible': z.string().optional(),
		'@parameters': z.string().optional(),
		title: text.optional(),
		masteryscore: text.optional(),
		prerequisites: text.optional(),
		datafromlms: text.optional(),
		dataFromLMS: text.optional(),
		sequencing: sequencingSchema.optional(),
		get item() {
			return z.array(itemSchema).optional()
		},
	}),
)

const resourceSchema = element(
	z.object({
		'@identifier': z.string({ error: 'a <resource> has no identifier attribute' }),
		'@type': z.string().optional(),
		'@scormtype': z.string().optional(),
		'@scormType': z.string().optional(),
		'@href': z.string().optional(),
		'@base': z.string().optional(),
		file: z.array(element(z.object({ '@href': z.string().optional() }))).optional(),
	}),
)

const organizationSchema = element(
	z.object({
		'@identifier': z.string({ error: 'an <organization> has no identifier attribute' }),
		title: text.optional(),
		item: z.array(itemSchema).optional(),
	}),
)

const manifestSchema = z.object({
	manifest: element(
		z.object(
			{
				'@identifier': z.string().optional(),
				'@base': z.string().optional(),
				metadata: element(z.object({ schemaversion: text.optional() })).optional(),
				organizations: element(z.object({ '@default': z.string().optional(), organization: z.array(organizationSchema).optional() })).optional(),
				resources: element(z.object({ '@base': z.string().optional(), resource: z.array(resourceSchema).optional() })).optional(),
			},
			{ error: `the root element of ${MANIFEST} is not <manifest>` },
		),
	),
})

type ManifestXml = z.infer<typeof manifestSchema>['manifest']
type OrganizationXml = NonNullable<NonNullable<ManifestXml['organizations']>['organization']>[number]

const repeatable = new Set(['organization', 'item', 'resource', 'file'])

const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@',
	// Packages spell the same elements imscp:item or item, adlcp:masteryscore under any prefix.
	removeNSPrefix: true,
	parseTagValue: false,
	parseAttributeValue: false,
	isArray: (name, _path, _isLeaf, isAttribute) => !isAttribute && repeatable.has(name),
})

function describeIssuePath(path: PropertyKey[]) {
	return path.map((key) => (typeof key === 'number' ? `[${key + 1}]` : `/${String(key)}`)).join('').replace(/^\//, '')
}

function parseXml(source: string): unknown {
	try {
		return parser.parse(source)
	} catch (error) {
		// The parser refuses, among other things, entity expansions beyond its limits.
		throw new ScormPackageError([`${MANIFEST} could not be parsed: ${error instanceof Error ? error.message : String(error)}`])
	}
}

function parseManifestXml(xml: string): ManifestXml {
	const source = xml.replace(/^\uFEFF/, '')
	const validity = XMLValidator.validate(source)
	if (validity !== true) throw new ScormPackageError([`${MANIFEST} is not well-formed XML: ${validity.err.msg} (line ${validity.err.line})`])
	const result = manifestSchema.safeParse(parseXml(source))
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

const decimal = /^[+-]?(\d+\.?\d*|\.\d+)$/

function parseScore(raw: string | undefined, { min, max, what, item, problems }: { min: number; max: number; what: string; item: string; problems: string[] }) {
	if (raw === undefined) return null
	const value = Number(raw.trim())
	if (decimal.test(raw.trim()) && value >= min && value <= max) return value
	problems.push(`item "${item}": ${what} ${JSON.stringify(raw)} is not a number from ${min} to ${max}`)
	return null
}

// xs:boolean allows 1 and 0 as well as true and false.
const isTrue = (value: string | undefined) => value?.trim() === 'true' || value?.trim() === '1'
const isFalse = (value: string | undefined) => value?.trim() === 'false' || value?.trim() === '0'

function scaledPassingScoreOf(xml: ItemXml, problems: string[]) {
	const primary = xml.sequencing?.objectives?.primaryObjective
	if (!primary || !isTrue(primary['@satisfiedByMeasure'])) return null
	// IMS Simple Sequencing: minNormalizedMeasure defaults to 1.0 when the objective is satisfied by measure.
	return parseScore(primary.minNormalizedMeasure ?? '1.0', { min: -1, max: 1, what: 'imsss:minNormalizedMeasure', item: xml['@identifier'], problems })
}

function toItem(xml: ItemXml, problems: string[]): ManifestItem {
	const identifier = xml['@identifier']
	return {
		identifier,
		title: xml.title?.trim() ?? '',
		identifierRef: xml['@identifierref']?.trim() || null,
		isVisible: !isFalse(xml['@isvisible']),
		parameters: xml['@parameters'] || null,
		masteryScore: parseScore(xml.masteryscore, { min: 0, max: 100, what: 'adlcp:masteryscore', item: identifier, problems }),
		scaledPassingScore: scaledPassingScoreOf(xml, problems),
		prerequisites: xml.prerequisites ?? null,
		dataFromLms: xml.datafromlms ?? xml.dataFromLMS ?? null,
		hasSequencing: xml.sequencing !== undefined,
		children: (xml.item ?? []).map((child) => toItem(child, problems)),
	}
}

function toResource(xml: z.infer<typeof resourceSchema>, problems: string[]): ManifestResource {
	const declared = (xml['@scormType'] ?? xml['@scormtype'])?.trim().toLowerCase()
	if (declared !== undefined && declared !== 'sco' && declared !== 'asset') problems.push(`resource "${xml['@identifier']}": adlcp:scormType ${JSON.stringify(declared)} is neither "sco" nor "asset"`)
	return {
		identifier: xml['@identifier'],
		type: xml['@type'] ?? null,
		scormType: declared === 'sco' ? 'sco' : 'asset',
		href: xml['@href'] || null,
		base: xml['@base'] || null,
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

type Href = { path: string; query: string; fragment: string }

function splitHref(href: string): Href {
	const [beforeFragment = '', ...fragment] = href.split('#')
	const [path = '', ...query] = beforeFragment.split('?')
	return { path, query: query.join('?'), fragment: fragment.join('#') }
}

/**
 * Applies the item's `parameters` as the SCORM CAM says: leading '?' and '&' are dropped, a
 * '#fragment' is used only when the href has none, and the rest joins the href's query.
 */
function applyParameters(href: Href, parameters: string | null): Href {
	if (!parameters) return href
	const extra = parameters.replace(/^[?&]+/, '')
	const hashAt = extra.indexOf('#')
	const extraQuery = hashAt === -1 ? extra : extra.slice(0, hashAt)
	const extraFragment = hashAt === -1 ? '' : extra.slice(hashAt + 1)
	return { path: href.path, query: [href.query, extraQuery].filter(Boolean).join('&'), fragment: href.fragment || extraFragment }
}

const formatHref = ({ path, query, fragment }: Href) => `${path}${query ? `?${query}` : ''}${fragment ? `#${fragment}` : ''}`

/** Folds "." and ".." into a path relative to the package root; null when it climbs out of the package. */
function normalisePath(path: string) {
	const segments: string[] = []
	for (const segment of path.split('/')) {
		if (segment === '..') {
			if (segments.pop() === undefined) return null
		} else if (segment !== '.' && segment !== '') segments.push(segment)
	}
	return segments.join('/') + (path.endsWith('/') ? '/' : '')
}

type LaunchTarget = { launchHref: string; file: string } | { problem: string }

const isExternal = (part: string) => /^[a-z][a-z\d+.-]*:/i.test(part) || part.startsWith('//')

// xml:base in SCORM names a folder (the CAM's examples all end in "/"); a base written without the
// slash is still taken as a folder rather than silently replaced by the href, as URL rules would.
function resolveLaunch(bases: Array<string | null>, resourceHref: string, parameters: string | null): LaunchTarget {
	const parts = [...bases, resourceHref].filter((part): part is string => Boolean(part))
	const joined = parts.map((part, index) => (index < parts.length - 1 && !part.endsWith('/') ? `${part}/` : part)).join('')
	if (parts.some(isExternal)) return { problem: `launches the external URL ${JSON.stringify(joined)}; a SCO must be a file in the package` }
	const href = splitHref(joined)
	const path = parts.some((part) => part.startsWith('/')) ? null : normalisePath(href.path)
	if (path === null || path === '') return { problem: `has the launch path ${JSON.stringify(href.path)}, which is not inside the package` }
	try {
		return { launchHref: formatHref(applyParameters({ ...href, path }, parameters)), file: decodeURIComponent(path) }
	} catch {
		return { problem: `has the launch path ${JSON.stringify(href.path)}, which is not valid URL encoding` }
	}
}

function missingFileProblem(file: string, files: Set<string>) {
	const sameButCase = [...files].find((name) => name.toLowerCase() === file.toLowerCase())
	return `which is not in the package${sameButCase ? ` (the package has ${JSON.stringify(sameButCase)}; names are case-sensitive)` : ''}`
}

type PackageContext = { manifest: ManifestXml; resources: Map<string, ManifestResource>; files: Set<string>; problems: string[] }

function launchableScos(items: ManifestItem[], { manifest, resources, files, problems }: PackageContext): LaunchableSco[] {
	const scos: LaunchableSco[] = []
	for (const item of walk(items)) {
		if (!item.identifierRef) continue
		const resource = resources.get(item.identifierRef)
		if (!resource) problems.push(`item "${item.identifier}" refers to resource "${item.identifierRef}", which does not exist`)
		if (resource?.scormType !== 'sco') continue
		if (!resource.href) {
			problems.push(`item "${item.identifier}" refers to resource "${resource.identifier}", a SCO without an href`)
			continue
		}
		const target = resolveLaunch([manifest['@base'] ?? null, manifest.resources?.['@base'] ?? null, resource.base], resource.href, item.parameters)
		if ('problem' in target) problems.push(`item "${item.identifier}" (resource "${resource.identifier}") ${target.problem}`)
		else if (!files.has(target.file)) problems.push(`item "${item.identifier}" launches resource "${resource.identifier}" at ${JSON.stringify(target.file)}, ${missingFileProblem(target.file, files)}`)
		else scos.push({ item, resource, ...target })
	}
	return scos
}

function describeOrganization(xml: OrganizationXml, context: PackageContext) {
	const items = (xml.item ?? []).map((item) => toItem(item, context.problems))
	const organization = { identifier: xml['@identifier'], title: xml.title?.trim() ?? '', items }
	const identifiers = [...walk(items)].map((item) => item.identifier)
	context.problems.push(...duplicateProblems(identifiers, (id, times) => `item identifier "${id}" is used ${times} times in organization "${organization.identifier}"`))
	return { organization, scos: launchableScos(items, context) }
}

function pickDefaultOrganization(manifest: ManifestXml): OrganizationXml {
	const organizations = manifest.organizations?.organization ?? []
	const first = organizations[0]
	if (!first) throw new ScormPackageError([`${MANIFEST} has no <organization>, so there is nothing to launch`])
	const named = manifest.organizations?.['@default']?.trim()
	if (!named) return first
	const chosen = organizations.find((organization) => organization['@identifier'] === named)
	if (!chosen) throw new ScormPackageError([`${MANIFEST} names "${named}" as its default organization, but no <organization> has that identifier`])
	return chosen
}

/**
 * Reads imsmanifest.xml into the version, the default organization's item tree, the resources and
 * its launchable SCOs. Every organization is checked, as a broken reference anywhere is a broken
 * package: each identifierref must name a resource, and each SCO's launch file be in `files`.
 */
export function parseManifest(xml: string, files: Set<string>): ScormManifest {
	const manifest = parseManifestXml(xml)
	const version = detectVersion(manifest)
	const defaultOrganization = pickDefaultOrganization(manifest)
	const problems: string[] = []
	const resourceList = (manifest.resources?.resource ?? []).map((resource) => toResource(resource, problems))
	problems.push(...duplicateProblems(resourceList.map((r) => r.identifier), (id, times) => `resource identifier "${id}" is used by ${times} resources`))
	const context: PackageContext = { manifest, resources: new Map(resourceList.map((r) => [r.identifier, r])), files, problems }
	let chosen: ReturnType<typeof describeOrganization> | undefined
	for (const organization of manifest.organizations?.organization ?? []) {
		const described = describeOrganization(organization, context)
		if (organization === defaultOrganization) chosen = described
	}
	const { organization, scos } = chosen!
	if (scos.length === 0 && problems.length === 0) problems.push(`organization "${organization.identifier}" has no launchable SCO (an item whose resource has adlcp:scormType="sco" and an href)`)
	if (problems.length > 0) throw new ScormPackageError(problems)
	return { identifier: manifest['@identifier'] ?? null, version, organization, resources: resourceList, scos }
}

function decodeText(bytes: Uint8Array) {
	const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8'
	return new TextDecoder(encoding).decode(bytes)
}

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
	return { manifest: parseManifest(decodeText(manifestBytes), new Set(files.keys())), files }
}
