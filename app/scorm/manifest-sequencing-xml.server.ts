import { z } from 'zod'

/**
 * The shapes of the IMS SS, ADL SEQ, ADL NAV and ADL CP elements an item or organization
 * carries, as manifest-xml.server.ts gives them: attributes are optional strings (their values
 * are checked where they are read), and every element the schemas let repeat is a list.
 */

export const text = z.object({ '#text': z.string().optional() }).transform((value) => value['#text'] ?? '')

/** An element with these attributes (`@name`), each optional. */
export function attributesOf<const K extends string>(names: readonly K[]) {
	const shape = Object.fromEntries(names.map((name) => [`@${name}`, z.string().optional()]))
	return z.object(shape as { [N in K as `@${N}`]: z.ZodOptional<z.ZodString> })
}

export const keysOf = <T extends object>(record: T) => Object.keys(record) as Array<keyof T & string>

/** IMS SS and ADL SEQ attribute defaults, which apply when an element leaves an attribute out. */
export const defaults = {
	controlMode: { choice: true, choiceExit: true, flow: false, forwardOnly: false, useCurrentAttemptObjectiveInfo: true, useCurrentAttemptProgressInfo: true },
	deliveryControls: { tracked: true, completionSetByContent: false, objectiveSetByContent: false },
	constrainedChoiceConsiderations: { preventActivation: false, constrainChoice: false },
	mapInfo: { readSatisfiedStatus: true, readNormalizedMeasure: true, writeSatisfiedStatus: false, writeNormalizedMeasure: false },
	extendedMapInfo: {
		readRawScore: true,
		readMinScore: true,
		readMaxScore: true,
		readCompletionStatus: true,
		readProgressMeasure: true,
		writeRawScore: false,
		writeMinScore: false,
		writeMaxScore: false,
		writeCompletionStatus: false,
		writeProgressMeasure: false,
	},
	sharedDataMap: { readSharedData: true, writeSharedData: false },
} as const

const ruleConditionXml = attributesOf(['condition', 'operator', 'referencedObjective', 'measureThreshold'])

const sequencingRuleXml = z.object({
	'imsss:ruleConditions': attributesOf(['conditionCombination']).extend({ 'imsss:ruleCondition': z.array(ruleConditionXml).optional() }).optional(),
	'imsss:ruleAction': attributesOf(['action']).optional(),
})
export type SequencingRuleXml = z.infer<typeof sequencingRuleXml>

const rollupRuleXml = attributesOf(['childActivitySet', 'minimumCount', 'minimumPercent']).extend({
	'imsss:rollupConditions': attributesOf(['conditionCombination']).extend({ 'imsss:rollupCondition': z.array(attributesOf(['condition', 'operator'])).optional() }).optional(),
	'imsss:rollupAction': attributesOf(['action']).optional(),
})
export type RollupRuleXml = z.infer<typeof rollupRuleXml>

const objectiveXml = attributesOf(['objectiveID', 'satisfiedByMeasure']).extend({
	'imsss:minNormalizedMeasure': text.optional(),
	'imsss:mapInfo': z.array(attributesOf(['targetObjectiveID', ...keysOf(defaults.mapInfo)])).optional(),
})
export type ObjectiveXml = z.infer<typeof objectiveXml>

const extendedObjectiveXml = attributesOf(['objectiveID']).extend({
	'adlseq:mapInfo': z.array(attributesOf(['targetObjectiveID', ...keysOf(defaults.extendedMapInfo)])).optional(),
})
export type ExtendedObjectiveXml = z.infer<typeof extendedObjectiveXml>

export const sequencingXml = attributesOf(['ID', 'IDRef']).extend({
	'imsss:controlMode': attributesOf(keysOf(defaults.controlMode)).optional(),
	'imsss:sequencingRules': z
		.object({
			'imsss:preConditionRule': z.array(sequencingRuleXml).optional(),
			'imsss:exitConditionRule': z.array(sequencingRuleXml).optional(),
			'imsss:postConditionRule': z.array(sequencingRuleXml).optional(),
		})
		.optional(),
	'imsss:limitConditions': attributesOf(['attemptLimit', 'attemptAbsoluteDurationLimit']).optional(),
	'imsss:rollupRules': attributesOf(['rollupObjectiveSatisfied', 'rollupProgressCompletion', 'objectiveMeasureWeight'])
		.extend({ 'imsss:rollupRule': z.array(rollupRuleXml).optional() })
		.optional(),
	'imsss:objectives': z.object({ 'imsss:primaryObjective': objectiveXml.optional(), 'imsss:objective': z.array(objectiveXml).optional() }).optional(),
	'imsss:randomizationControls': attributesOf(['randomizationTiming', 'selectCount', 'reorderChildren', 'selectionTiming']).optional(),
	'imsss:deliveryControls': attributesOf(keysOf(defaults.deliveryControls)).optional(),
	'adlseq:constrainedChoiceConsiderations': attributesOf(keysOf(defaults.constrainedChoiceConsiderations)).optional(),
	'adlseq:rollupConsiderations': attributesOf(['requiredForSatisfied', 'requiredForNotSatisfied', 'requiredForCompleted', 'requiredForIncomplete', 'measureSatisfactionIfActive']).optional(),
	'adlseq:objectives': z.object({ 'adlseq:objective': z.array(extendedObjectiveXml).optional() }).optional(),
})
export type SequencingXml = z.infer<typeof sequencingXml>

/** The elements of an item (SCORM 2004) that say how it is sequenced and delivered. */
export const itemDeliveryXml = {
	'imsss:sequencing': z.array(sequencingXml).optional(),
	'adlcp:completionThreshold': attributesOf(['completedByMeasure', 'minProgressMeasure', 'progressWeight']).extend({ '#text': z.string().optional() }).optional(),
	'adlcp:timeLimitAction': text.optional(),
	'adlcp:data': z.object({ 'adlcp:map': z.array(attributesOf(['targetID', ...keysOf(defaults.sharedDataMap)])).optional() }).optional(),
	'adlnav:presentation': z.object({ 'adlnav:navigationInterface': z.object({ 'adlnav:hideLMSUI': z.array(text).optional() }).optional() }).optional(),
}
export type ItemDeliveryXml = { [K in keyof typeof itemDeliveryXml]?: z.infer<(typeof itemDeliveryXml)[K]> }

export const sequencingCollectionXml = z.object({ 'imsss:sequencing': z.array(sequencingXml).optional() })
export type SequencingCollectionXml = z.infer<typeof sequencingCollectionXml>
