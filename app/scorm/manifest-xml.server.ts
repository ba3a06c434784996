import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { ScormPackageError } from './package-zip.server.ts'

/**
 * imsmanifest.xml as plain objects named by namespace, whatever prefixes the package chose:
 * IMS CP elements and attributes bare (`item`, `@identifier`), the others under a fixed prefix
 * (`imsss:objectives`, `adlseq:objectives`, `@adlcp:scormType`). Text is `#text`. Elements the
 * schemas let repeat are always lists; any other element is one object (the first, if repeated).
 * Elements of other namespaces (metadata records, extensions) are left out.
 */
export type XmlElement = { [name: string]: string | XmlElement | XmlElement[] | undefined }

export const MANIFEST = 'imsmanifest.xml'

type Namespace = 'imscp' | 'adlcp' | 'imsss' | 'adlseq' | 'adlnav' | 'xml'
const namespaces = ['imscp', 'adlcp', 'imsss', 'adlseq', 'adlnav'] as const

// Every element these schemas allow more than once (imsss:sequencing repeats in a collection).
const repeatable = new Set([
	'organization',
	'item',
	'resource',
	'file',
	'dependency',
	'adlcp:map',
	'imsss:sequencing',
	'imsss:preConditionRule',
	'imsss:exitConditionRule',
	'imsss:postConditionRule',
	'imsss:ruleCondition',
	'imsss:rollupRule',
	'imsss:rollupCondition',
	'imsss:objective',
	'imsss:mapInfo',
	'imsss:auxiliaryResource',
	'adlseq:objective',
	'adlseq:mapInfo',
	'adlnav:hideLMSUI',
])

// Packages that leave the adlcp prefix off these (masteryscore next to title) were read before
// namespaces were; the names occur in no other schema, so reading them as ADL CP is safe.
const adlcpElements = new Set(['masteryscore', 'prerequisites', 'maxtimeallowed', 'timelimitaction', 'datafromlms', 'dataFromLMS', 'completionThreshold', 'timeLimitAction'])

/**
 * The schema a namespace URI stands for. Versions and spellings vary (imscp_rootv1p1p2,
 * imscp_v1p1, ims_cp_rootv1p1, imsproject.org or imsglobal.org), so the URI is matched by the
 * schema's name in it.
 */
function namespaceOfUri(uri: string): Namespace | null {
	const key = uri.toLowerCase().replace(/[^a-z\d]/g, '')
	if (key === 'httpwwww3orgxml1998namespace') return 'xml'
	return namespaces.find((name) => key.includes(name)) ?? null
}

type Scope = Map<string, Namespace | null>

function scopeOf(attributes: Record<string, string>, parent: Scope): Scope {
	const declarations = Object.entries(attributes).filter(([name]) => name === '@xmlns' || name.startsWith('@xmlns:'))
	if (declarations.length === 0) return parent
	const scope = new Map(parent)
	for (const [name, uri] of declarations) scope.set(name === '@xmlns' ? '' : name.slice('@xmlns:'.length), namespaceOfUri(uri))
	return scope
}

// Without a default namespace, bare names are IMS CP's; an undeclared prefix is read by its
// conventional name (adlcp:, imsss:...), as lenient LMSs do.
function resolvePrefix(prefix: string, scope: Scope): Namespace | null {
	if (scope.has(prefix)) return scope.get(prefix) ?? null
	if (prefix === '') return 'imscp'
	if (prefix === 'xml') return 'xml'
	return namespaces.find((name) => name === prefix) ?? null
}

function splitName(name: string) {
	const colon = name.indexOf(':')
	return colon === -1 ? { prefix: '', local: name } : { prefix: name.slice(0, colon), local: name.slice(colon + 1) }
}

function canonicalElementName(name: string, scope: Scope) {
	const { prefix, local } = splitName(name)
	const namespace = resolvePrefix(prefix, scope)
	// No schema has such an element, and assigning it would replace the object's prototype.
	if (namespace === null || namespace === 'xml' || local === '__proto__') return null
	if (namespace === 'imscp') return adlcpElements.has(local) ? `adlcp:${local}` : local
	return `${namespace}:${local}`
}

function canonicalAttributeName(name: string, scope: Scope) {
	const { prefix, local } = splitName(name.slice(1))
	if (prefix === 'xmlns' || (prefix === '' && local === 'xmlns')) return null
	// Unprefixed attributes belong to their element, whatever the default namespace.
	const namespace = prefix === '' ? 'imscp' : resolvePrefix(prefix, scope)
	if (namespace === null) return null
	if (local.toLowerCase() === 'scormtype' && (namespace === 'imscp' || namespace === 'adlcp')) return '@adlcp:scormType'
	return namespace === 'imscp' ? `@${local}` : `@${namespace}:${local}`
}

/** One node of fast-xml-parser's preserveOrder output: `{ tag: children, ':@': attributes }` or `{ '#text': text }`. */
type OrderedNode = Record<string, unknown>

function toElement(children: OrderedNode[], attributes: Record<string, string>, scope: Scope): XmlElement {
	const element: XmlElement = {}
	for (const [name, value] of Object.entries(attributes)) {
		const canonical = canonicalAttributeName(name, scope)
		if (canonical) element[canonical] = value
	}
	let text = ''
	for (const child of children) {
		const tag = Object.keys(child).find((key) => key !== ':@')
		if (tag === '#text') text += String(child['#text'])
		if (tag === undefined || tag === '#text' || tag.startsWith('?')) continue
		const childAttributes = (child[':@'] ?? {}) as Record<string, string>
		const childScope = scopeOf(childAttributes, scope)
		const name = canonicalElementName(tag, childScope)
		if (name === null) continue
		const value = toElement(child[tag] as OrderedNode[], childAttributes, childScope)
		const existing = element[name]
		if (!repeatable.has(name)) element[name] = existing ?? value
		else if (Array.isArray(existing)) existing.push(value)
		else element[name] = [value]
	}
	if (text !== '') element['#text'] = text
	return element
}

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, parseAttributeValue: false })

function parseOrdered(source: string) {
	try {
		return parser.parse(source) as OrderedNode[]
	} catch (error) {
		// The parser refuses, among other things, entity expansions beyond its limits.
		throw new ScormPackageError([`${MANIFEST} could not be parsed: ${error instanceof Error ? error.message : String(error)}`])
	}
}

/** The manifest's document: its root element under its canonical name (`manifest` for IMS CP's). */
export function readManifestDocument(xml: string): XmlElement {
	const source = xml.replace(/^\uFEFF/, '')
	const validity = XMLValidator.validate(source)
	if (validity !== true) throw new ScormPackageError([`${MANIFEST} is not well-formed XML: ${validity.err.msg} (line ${validity.err.line})`])
	return toElement(parseOrdered(source), {}, new Map())
}
