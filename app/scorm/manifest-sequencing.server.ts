import {
	type ExtendedObjectiveXml,
	type ObjectiveXml,
	type RollupRuleXml,
	type SequencingCollectionXml,
	type SequencingRuleXml,
	type SequencingXml,
	defaults,
	keysOf,
} from './manifest-sequencing-xml.server.ts'
import { readBoolean, readCount, readDecimal, readDuration, readFlags, readToken, requireAttribute, type Report } from './manifest-values.server.ts'
import {
	type ActivitySettings,
	type DeliveryControlsSettings,
	type MapInfoSettings,
	type ObjectiveSettings,
	type RollupRuleSettings,
	type SequencingControlsSettings,
	type SequencingDefinition,
	type SequencingRuleSettings,
	childActivitySets,
	conditionCombinations,
	conditionOperators,
	exitConditionActions,
	manifestRollupConditions,
	postConditionActions,
	preConditionActions,
	randomTimings,
	rollupActions,
	rollupRequirements,
	ruleConditions,
} from './sequencing-settings.ts'

/**
 * Reads SCORM 2004 sequencing (IMS SS with the ADL SEQ, ADL NAV and ADL CP extensions) into the
 * settings scorm-again's sequencing engine takes. Every value the manifest leaves out gets the
 * default the schemas give it, so the engine's own defaults never decide.
 */

const readControlMode = (xml: SequencingXml['imsss:controlMode'], report: Report) => readFlags(xml, defaults.controlMode, 'imsss:controlMode', report)
const readDeliveryControls = (xml: SequencingXml['imsss:deliveryControls'], report: Report): DeliveryControlsSettings => readFlags(xml, defaults.deliveryControls, 'imsss:deliveryControls', report)
const readConstrainedChoice = (xml: SequencingXml['adlseq:constrainedChoiceConsiderations'], report: Report) =>
	readFlags(xml, defaults.constrainedChoiceConsiderations, 'adlseq:constrainedChoiceConsiderations', report)

function readRollupControls(xml: SequencingXml['imsss:rollupRules'], report: Report) {
	return {
		rollupObjectiveSatisfied: readBoolean(xml?.['@rollupObjectiveSatisfied'], true, 'imsss:rollupRules rollupObjectiveSatisfied', report),
		rollupProgressCompletion: readBoolean(xml?.['@rollupProgressCompletion'], true, 'imsss:rollupRules rollupProgressCompletion', report),
		objectiveMeasureWeight: readDecimal(xml?.['@objectiveMeasureWeight'], { min: 0, max: 1, fallback: 1, what: 'imsss:rollupRules objectiveMeasureWeight' }, report),
	}
}

function readRandomization(xml: SequencingXml['imsss:randomizationControls'], report: Report) {
	const what = (name: string) => `imsss:randomizationControls ${name}`
	return {
		randomizationTiming: readToken(xml?.['@randomizationTiming'], randomTimings, 'never', what('randomizationTiming'), report),
		selectCount: readCount(xml?.['@selectCount'], null, what('selectCount'), report),
		randomizeChildren: readBoolean(xml?.['@reorderChildren'], false, what('reorderChildren'), report),
		selectionTiming: readToken(xml?.['@selectionTiming'], randomTimings, 'never', what('selectionTiming'), report),
	}
}

function readRollupConsiderations(xml: SequencingXml['adlseq:rollupConsiderations'], report: Report) {
	const requirement = (name: 'requiredForSatisfied' | 'requiredForNotSatisfied' | 'requiredForCompleted' | 'requiredForIncomplete') =>
		readToken(xml?.[`@${name}`], rollupRequirements, 'always', `adlseq:rollupConsiderations ${name}`, report)
	return {
		requiredForSatisfied: requirement('requiredForSatisfied'),
		requiredForNotSatisfied: requirement('requiredForNotSatisfied'),
		requiredForCompleted: requirement('requiredForCompleted'),
		requiredForIncomplete: requirement('requiredForIncomplete'),
		measureSatisfactionIfActive: readBoolean(xml?.['@measureSatisfactionIfActive'], true, 'adlseq:rollupConsiderations measureSatisfactionIfActive', report),
	}
}

type Limits = { attemptLimit: number | null; attemptAbsoluteDurationLimit: string | null }

function readLimits(xml: SequencingXml['imsss:limitConditions'], report: Report): Limits {
	const attempts = readCount(xml?.['@attemptLimit'], null, 'imsss:limitConditions attemptLimit', report)
	return {
		// The CAM reads an attempt limit of 0 as no limit.
		attemptLimit: attempts === 0 ? null : attempts,
		attemptAbsoluteDurationLimit: readDuration(xml?.['@attemptAbsoluteDurationLimit'], 'imsss:limitConditions attemptAbsoluteDurationLimit', report),
	}
}

const ruleKinds = {
	preConditionRules: { element: 'imsss:preConditionRule', actions: preConditionActions },
	exitConditionRules: { element: 'imsss:exitConditionRule', actions: exitConditionActions },
	postConditionRules: { element: 'imsss:postConditionRule', actions: postConditionActions },
} as const

const measureConditions = new Set(['objectiveMeasureGreaterThan', 'objectiveMeasureLessThan'])

function readRule(xml: SequencingRuleXml, kind: keyof typeof ruleKinds, report: Report): SequencingRuleSettings {
	const { element, actions } = ruleKinds[kind]
	const action = requireAttribute(xml['imsss:ruleAction']?.['@action'], { element: `${element} imsss:ruleAction`, attribute: 'action' }, report)
	const conditionsXml = xml['imsss:ruleConditions']
	return {
		action: readToken<(typeof actions)[number]>(action ?? undefined, actions, actions[0], `${element} imsss:ruleAction action`, report),
		conditionCombination: readToken(conditionsXml?.['@conditionCombination'], conditionCombinations, 'all', 'imsss:ruleConditions conditionCombination', report),
		conditions: (conditionsXml?.['imsss:ruleCondition'] ?? []).map((condition) => {
			const name = readToken(requireAttribute(condition['@condition'], { element: 'imsss:ruleCondition', attribute: 'condition' }, report) ?? undefined, ruleConditions, 'always', 'imsss:ruleCondition condition', report)
			const threshold = readDecimal(condition['@measureThreshold'], { min: -1, max: 1, fallback: 0, what: 'imsss:ruleCondition measureThreshold' }, report)
			const referencedObjective = condition['@referencedObjective']?.trim()
			return {
				condition: name,
				operator: readToken(condition['@operator'], conditionOperators, 'noOp', 'imsss:ruleCondition operator', report),
				...(referencedObjective ? { referencedObjective } : {}),
				...(measureConditions.has(name) ? { parameters: { threshold } } : {}),
			}
		}),
	}
}

function readSequencingRules(xml: NonNullable<SequencingXml['imsss:sequencingRules']>, report: Report) {
	const rulesOf = (kind: keyof typeof ruleKinds) => (xml[ruleKinds[kind].element] ?? []).map((rule) => readRule(rule, kind, report))
	return { preConditionRules: rulesOf('preConditionRules'), exitConditionRules: rulesOf('exitConditionRules'), postConditionRules: rulesOf('postConditionRules') }
}

function readRollupRule(xml: RollupRuleXml, report: Report): RollupRuleSettings {
	const conditionsXml = xml['imsss:rollupConditions']
	if (!conditionsXml) report.problems.push(`${report.where}: an imsss:rollupRule has no imsss:rollupConditions`)
	const action = requireAttribute(xml['imsss:rollupAction']?.['@action'], { element: 'imsss:rollupRule imsss:rollupAction', attribute: 'action' }, report)
	const percent = readDecimal(xml['@minimumPercent'], { min: 0, max: 1, fallback: 0, what: 'imsss:rollupRule minimumPercent' }, report)
	return {
		action: readToken(action ?? undefined, rollupActions, 'satisfied', 'imsss:rollupAction action', report),
		consideration: readToken(xml['@childActivitySet'], childActivitySets, 'all', 'imsss:rollupRule childActivitySet', report),
		minimumCount: readCount(xml['@minimumCount'], 0, 'imsss:rollupRule minimumCount', report),
		minimumPercent: Math.round(percent * 100 * 1e6) / 1e6,
		conditionCombination: readToken(conditionsXml?.['@conditionCombination'], conditionCombinations, 'any', 'imsss:rollupConditions conditionCombination', report),
		conditions: (conditionsXml?.['imsss:rollupCondition'] ?? []).map((condition) => {
			const raw = requireAttribute(condition['@condition'], { element: 'imsss:rollupCondition', attribute: 'condition' }, report) ?? undefined
			const name = readToken(raw, manifestRollupConditions, 'satisfied', 'imsss:rollupCondition condition', report)
			return { condition: name === 'activityProgressKnown' ? 'progressKnown' : name, operator: readToken(condition['@operator'], conditionOperators, 'noOp', 'imsss:rollupCondition operator', report) }
		}),
	}
}

function readMapInfo(xml: NonNullable<ObjectiveXml['imsss:mapInfo']>[number], report: Report): MapInfoSettings | null {
	const targetObjectiveID = requireAttribute(xml['@targetObjectiveID'], { element: 'imsss:mapInfo', attribute: 'targetObjectiveID' }, report)
	if (targetObjectiveID === null) return null
	// Completion, progress and scores are shared only through an adlseq:mapInfo (4th edition).
	const unmapped = Object.fromEntries(keysOf(defaults.extendedMapInfo).map((name) => [name, false])) as Record<keyof typeof defaults.extendedMapInfo, boolean>
	return { targetObjectiveID, ...readFlags(xml, defaults.mapInfo, 'imsss:mapInfo', report), ...unmapped }
}

function readObjective(xml: ObjectiveXml, objectiveID: string, isPrimary: boolean, report: Report): ObjectiveSettings {
	const element = isPrimary ? 'imsss:primaryObjective' : 'imsss:objective'
	return {
		objectiveID,
		isPrimary,
		satisfiedByMeasure: readBoolean(xml['@satisfiedByMeasure'], false, `${element} satisfiedByMeasure`, report),
		minNormalizedMeasure: readDecimal(xml['imsss:minNormalizedMeasure'], { min: -1, max: 1, fallback: 1, what: 'imsss:minNormalizedMeasure' }, report),
		mapInfo: (xml['imsss:mapInfo'] ?? []).flatMap((mapInfo) => readMapInfo(mapInfo, report) ?? []),
	}
}

/** Adds an adlseq:objective's extended maps to the imsss objective with its objectiveID. */
function mergeExtendedMaps(objectives: Map<string, ObjectiveSettings>, xml: ExtendedObjectiveXml, report: Report) {
	const objectiveID = requireAttribute(xml['@objectiveID'], { element: 'adlseq:objective', attribute: 'objectiveID' }, report)
	if (objectiveID === null) return
	const objective = objectives.get(objectiveID)
	if (!objective) return report.problems.push(`${report.where}: adlseq:objective "${objectiveID}" has no imsss:objective with that objectiveID`)
	for (const mapXml of xml['adlseq:mapInfo'] ?? []) {
		const targetObjectiveID = requireAttribute(mapXml['@targetObjectiveID'], { element: 'adlseq:mapInfo', attribute: 'targetObjectiveID' }, report)
		if (targetObjectiveID === null) continue
		const extended = readFlags(mapXml, defaults.extendedMapInfo, 'adlseq:mapInfo', report)
		const existing = objective.mapInfo.find((mapInfo) => mapInfo.targetObjectiveID === targetObjectiveID)
		if (existing) Object.assign(existing, extended)
		else objective.mapInfo.push({ targetObjectiveID, readSatisfiedStatus: false, readNormalizedMeasure: false, writeSatisfiedStatus: false, writeNormalizedMeasure: false, ...extended })
	}
}

function readObjectives(xml: SequencingXml, owner: string, report: Report): Pick<SequencingDefinition, 'primaryObjective' | 'objectives'> {
	const objectivesXml = xml['imsss:objectives']
	const others = (objectivesXml?.['imsss:objective'] ?? []).flatMap((objective) => {
		const objectiveID = requireAttribute(objective['@objectiveID'], { element: 'imsss:objective', attribute: 'objectiveID' }, report)
		return objectiveID === null ? [] : [readObjective(objective, objectiveID, false, report)]
	})
	const primaryXml = objectivesXml?.['imsss:primaryObjective']
	const named = primaryXml?.['@objectiveID']?.trim()
	const taken = new Set(others.map((objective) => objective.objectiveID))
	// scorm-again keys objectives by id, so an unnamed primary objective is named after its owner.
	const primary = primaryXml && readObjective(primaryXml, named || (taken.has(owner) ? `${owner}#primary` : owner), true, report)
	const namedObjectives = [...(primary && named ? [primary] : []), ...others]
	const counts = new Map<string, number>()
	for (const { objectiveID } of namedObjectives) counts.set(objectiveID, (counts.get(objectiveID) ?? 0) + 1)
	for (const [objectiveID, times] of counts) if (times > 1) report.problems.push(`${report.where}: objectiveID "${objectiveID}" is used by ${times} objectives`)
	const byId = new Map(namedObjectives.map((objective) => [objective.objectiveID, objective]))
	for (const extended of xml['adlseq:objectives']?.['adlseq:objective'] ?? []) mergeExtendedMaps(byId, extended, report)
	// The engine shows the SCO every objective it holds (cmi.objectives), so an unnamed primary
	// objective that changes nothing (not satisfied by measure, not mapped) is not handed to it.
	const needed = primary && (named || primary.satisfiedByMeasure || primary.mapInfo.length > 0)
	return { ...(needed ? { primaryObjective: primary } : {}), objectives: others }
}

type DefinedElement = keyof SequencingXml

/**
 * What one `<imsss:sequencing>` defines. An element it leaves out takes the schema defaults,
 * unless `leftElsewhere` says its sequencing collection (which the engine applies first)
 * defines it: then the engine keeps the collection's.
 */
function readDefinition(xml: SequencingXml | undefined, { owner, leftElsewhere }: { owner: string; leftElsewhere: (element: DefinedElement) => boolean }, report: Report) {
	const group = <K extends DefinedElement, T>(element: K, read: (value: SequencingXml[K], report: Report) => T) => {
		const value = xml?.[element]
		if (value !== undefined || !leftElsewhere(element)) return read(value, report)
		return undefined
	}
	const controls: SequencingControlsSettings = {
		...group('imsss:controlMode', readControlMode),
		...group('imsss:rollupRules', readRollupControls),
		...group('imsss:randomizationControls', readRandomization),
		...group('adlseq:constrainedChoiceConsiderations', readConstrainedChoice),
	}
	const rulesXml = xml?.['imsss:sequencingRules']
	const rollupXml = xml?.['imsss:rollupRules']
	const rollupConsiderations = group('adlseq:rollupConsiderations', readRollupConsiderations)
	const definition: SequencingDefinition = {
		...(Object.keys(controls).length > 0 ? { sequencingControls: controls } : {}),
		...(rulesXml ? { sequencingRules: readSequencingRules(rulesXml, report) } : {}),
		...(rollupXml ? { rollupRules: { rules: (rollupXml['imsss:rollupRule'] ?? []).map((rule) => readRollupRule(rule, report)) } } : {}),
		...(rollupConsiderations ? { rollupConsiderations } : {}),
		...(xml?.['imsss:objectives'] || xml?.['adlseq:objectives'] ? readObjectives(xml, owner, report) : {}),
	}
	return { definition, deliveryControls: group('imsss:deliveryControls', readDeliveryControls) }
}

type Collection = { xml: SequencingXml; definition: SequencingDefinition; limits: Limits }
export type SequencingCollections = Map<string, Collection>

/** The manifest's `<imsss:sequencingCollection>`, by ID. */
export function readSequencingCollections(xml: SequencingCollectionXml | undefined, problems: string[]): SequencingCollections {
	const collections: SequencingCollections = new Map()
	for (const entry of xml?.['imsss:sequencing'] ?? []) {
		const id = entry['@ID']?.trim()
		if (!id) continue
		if (collections.has(id)) problems.push(`imsss:sequencingCollection has more than one <imsss:sequencing> with ID "${id}"`)
		const report = { where: `sequencing collection "${id}"`, problems }
		const { definition, deliveryControls } = readDefinition(entry, { owner: id, leftElsewhere: () => true }, report)
		// The engine takes delivery controls of a collection only among its sequencing controls.
		const withDelivery = deliveryControls ? { ...definition, sequencingControls: { ...definition.sequencingControls, ...deliveryControls } } : definition
		collections.set(id, { xml: entry, definition: withDelivery, limits: readLimits(entry['imsss:limitConditions'], report) })
	}
	return collections
}

export const collectionSettings = (collections: SequencingCollections) => Object.fromEntries([...collections].map(([id, { definition }]) => [id, definition]))

function checkReferencedObjectives(definition: SequencingDefinition, collection: Collection | undefined, report: Report) {
	const objectives = [definition, collection?.definition].flatMap((d) => [...(d?.primaryObjective ? [d.primaryObjective] : []), ...(d?.objectives ?? [])])
	const known = new Set(objectives.map((objective) => objective.objectiveID))
	const rules = Object.values(definition.sequencingRules ?? {}).flat()
	for (const condition of rules.flatMap((rule) => rule.conditions)) {
		if (condition.referencedObjective !== undefined && !known.has(condition.referencedObjective)) {
			report.problems.push(`${report.where}: imsss:ruleCondition referencedObjective "${condition.referencedObjective}" names no objective of this activity`)
		}
	}
}

export type ActivitySequencing = Omit<ActivitySettings, 'id' | 'title' | 'isVisible' | 'children' | 'completionThreshold' | 'hideLmsUi' | 'timeLimitAction' | 'sharedDataMaps'>

/**
 * An organization's or item's `<imsss:sequencing>`, with the primary objective that applies
 * to it (its own, else its collection's): that objective decides the scaled passing score.
 */
export function readActivitySequencing(xml: SequencingXml | undefined, { owner, collections, report }: { owner: string; collections: SequencingCollections; report: Report }) {
	const idRef = xml?.['@IDRef']?.trim()
	const collection = idRef ? collections.get(idRef) : undefined
	if (idRef && !collection) report.problems.push(`${report.where}: imsss:sequencing IDRef "${idRef}" names no <imsss:sequencing> in the manifest's <imsss:sequencingCollection>`)
	const { definition, deliveryControls } = readDefinition(xml, { owner, leftElsewhere: (element) => collection?.xml[element] !== undefined }, report)
	checkReferencedObjectives(definition, collection, report)
	const limits = xml?.['imsss:limitConditions'] || !collection ? readLimits(xml?.['imsss:limitConditions'], report) : collection.limits
	const sequencing: ActivitySequencing = { ...definition, ...limits, ...(deliveryControls ? { deliveryControls } : {}), ...(idRef && collection ? { sequencingIdRef: idRef } : {}) }
	const ownObjectives = xml?.['imsss:objectives'] !== undefined
	return { sequencing, primaryObjective: (ownObjectives ? definition.primaryObjective : collection?.definition.primaryObjective) ?? null }
}
