import { type Settings } from 'scorm-again'

/**
 * A SCORM 2004 package's sequencing, in the shape scorm-again's `sequencing.activityTree` and
 * `sequencing.collections` settings take, so the browser runtime hands it over as it is. It is
 * plain JSON (stored in the database with the manifest). The strings are scorm-again's; where
 * they differ from the manifest's, the manifest reader translates (see each note).
 */

export const preConditionActions = ['skip', 'disabled', 'hiddenFromChoice', 'stopForwardTraversal'] as const
export const exitConditionActions = ['exit'] as const
export const postConditionActions = ['exitParent', 'exitAll', 'retry', 'retryAll', 'continue', 'previous'] as const
export type RuleAction = (typeof preConditionActions)[number] | (typeof exitConditionActions)[number] | (typeof postConditionActions)[number]

export const ruleConditions = [
	'satisfied',
	'objectiveStatusKnown',
	'objectiveMeasureKnown',
	'objectiveMeasureGreaterThan',
	'objectiveMeasureLessThan',
	'completed',
	'activityProgressKnown',
	'attempted',
	'attemptLimitExceeded',
	'timeLimitExceeded',
	'outsideAvailableTimeRange',
	'always',
] as const
export type RuleConditionName = (typeof ruleConditions)[number]

export const manifestRollupConditions = ['satisfied', 'objectiveStatusKnown', 'objectiveMeasureKnown', 'completed', 'activityProgressKnown', 'attempted', 'attemptLimitExceeded', 'timeLimitExceeded', 'outsideAvailableTimeRange'] as const
/** The manifest's rollup conditions, except that scorm-again calls activityProgressKnown "progressKnown". */
export type RollupConditionName = Exclude<(typeof manifestRollupConditions)[number], 'activityProgressKnown'> | 'progressKnown'

export const rollupActions = ['satisfied', 'notSatisfied', 'completed', 'incomplete'] as const
export const childActivitySets = ['all', 'any', 'none', 'atLeastCount', 'atLeastPercent'] as const
export const conditionCombinations = ['all', 'any'] as const
export const conditionOperators = ['noOp', 'not'] as const
export const randomTimings = ['never', 'once', 'onEachNewAttempt'] as const
export const rollupRequirements = ['always', 'ifAttempted', 'ifNotSkipped', 'ifNotSuspended'] as const
export const hideLmsUiTokens = ['abandon', 'continue', 'exit', 'previous', 'suspendAll', 'exitAll', 'abandonAll'] as const

type ConditionOperator = (typeof conditionOperators)[number]
type ConditionCombination = (typeof conditionCombinations)[number]
type RandomTiming = (typeof randomTimings)[number]
type RollupRequirement = (typeof rollupRequirements)[number]

export type RuleConditionSettings = {
	condition: RuleConditionName
	/** "noOp" as the manifest writes it: scorm-again acts only on "not". */
	operator: ConditionOperator
	/** Omitted: the rule tests the activity's primary objective. */
	referencedObjective?: string
	/** imsss:ruleCondition measureThreshold, for the two measure conditions. */
	parameters?: { threshold: number }
}

export type SequencingRuleSettings = { action: RuleAction; conditionCombination: ConditionCombination; conditions: RuleConditionSettings[] }

export type SequencingRulesSettings = {
	preConditionRules: SequencingRuleSettings[]
	exitConditionRules: SequencingRuleSettings[]
	postConditionRules: SequencingRuleSettings[]
}

export type RollupRuleSettings = {
	action: (typeof rollupActions)[number]
	/** imsss:rollupRule childActivitySet. */
	consideration: (typeof childActivitySets)[number]
	minimumCount: number
	/** 0 to 100: scorm-again counts in percent where the manifest writes a fraction from 0 to 1. */
	minimumPercent: number
	conditionCombination: ConditionCombination
	conditions: Array<{ condition: RollupConditionName; operator: ConditionOperator }>
}

/**
 * scorm-again keeps several manifest elements' attributes in one set of controls. An activity
 * lists a group only when it defines the element or nothing defines it (then with the IMS SS
 * defaults); a group its sequencing collection defines is left to the collection.
 */
export type SequencingControlsSettings = {
	// imsss:controlMode
	choice?: boolean
	choiceExit?: boolean
	flow?: boolean
	forwardOnly?: boolean
	useCurrentAttemptObjectiveInfo?: boolean
	useCurrentAttemptProgressInfo?: boolean
	// imsss:rollupRules attributes
	rollupObjectiveSatisfied?: boolean
	rollupProgressCompletion?: boolean
	objectiveMeasureWeight?: number
	// imsss:randomizationControls; scorm-again calls the manifest's reorderChildren "randomizeChildren"
	randomizationTiming?: RandomTiming
	selectCount?: number | null
	randomizeChildren?: boolean
	selectionTiming?: RandomTiming
	// adlseq:constrainedChoiceConsiderations
	preventActivation?: boolean
	constrainChoice?: boolean
	// imsss:deliveryControls, here only in a collection (scorm-again takes no deliveryControls there)
	tracked?: boolean
	completionSetByContent?: boolean
	objectiveSetByContent?: boolean
}

export type DeliveryControlsSettings = { tracked: boolean; completionSetByContent: boolean; objectiveSetByContent: boolean }

/** imsss:mapInfo, with the 4th edition's adlseq:mapInfo for the same target merged in (its flags false when there is none). */
export type MapInfoSettings = {
	targetObjectiveID: string
	readSatisfiedStatus: boolean
	readNormalizedMeasure: boolean
	writeSatisfiedStatus: boolean
	writeNormalizedMeasure: boolean
	readRawScore: boolean
	readMinScore: boolean
	readMaxScore: boolean
	readCompletionStatus: boolean
	readProgressMeasure: boolean
	writeRawScore: boolean
	writeMinScore: boolean
	writeMaxScore: boolean
	writeCompletionStatus: boolean
	writeProgressMeasure: boolean
}

export type ObjectiveSettings = {
	/**
	 * A primary objective written without one takes its owner's identifier (scorm-again keys
	 * objectives by id); one that changes nothing (not satisfied by measure, not mapped) is left out.
	 */
	objectiveID: string
	isPrimary: boolean
	satisfiedByMeasure: boolean
	minNormalizedMeasure: number
	mapInfo: MapInfoSettings[]
}

export type RollupConsiderationsSettings = {
	requiredForSatisfied: RollupRequirement
	requiredForNotSatisfied: RollupRequirement
	requiredForCompleted: RollupRequirement
	requiredForIncomplete: RollupRequirement
	measureSatisfactionIfActive: boolean
}

export type CompletionThresholdSettings = { completedByMeasure: boolean; minProgressMeasure: number; progressWeight: number }

export type SharedDataMapSettings = { targetID: string; readSharedData: boolean; writeSharedData: boolean }

/** What one `<imsss:sequencing>` says, for an activity or a sequencing collection entry. */
export type SequencingDefinition = {
	sequencingControls?: SequencingControlsSettings
	sequencingRules?: SequencingRulesSettings
	rollupRules?: { rules: RollupRuleSettings[] }
	rollupConsiderations?: RollupConsiderationsSettings
	primaryObjective?: ObjectiveSettings
	objectives?: ObjectiveSettings[]
}

export type ActivitySettings = SequencingDefinition & {
	id: string
	title: string
	isVisible: boolean
	/** imsss:limitConditions; 0 attempts in the manifest means no limit. */
	attemptLimit: number | null
	attemptAbsoluteDurationLimit: string | null
	deliveryControls?: DeliveryControlsSettings
	/** The imsss:sequencingCollection entry this activity's `<imsss:sequencing IDRef>` names. */
	sequencingIdRef?: string
	// Item elements outside <imsss:sequencing>; the organization (the root) has none of them.
	completionThreshold?: CompletionThresholdSettings
	hideLmsUi?: Array<(typeof hideLmsUiTokens)[number]>
	timeLimitAction?: string | null
	sharedDataMaps?: SharedDataMapSettings[]
	children: ActivitySettings[]
}

export type SequencingSettings = {
	/** The root is the organization; its children are the items, hidden ones (isVisible false) included. */
	activityTree: ActivitySettings
	collections: Record<string, SequencingDefinition>
}

/** scorm-again's own type for its `sequencing` setting. */
export type ScormAgainSequencing = NonNullable<Settings['sequencing']>

/**
 * The settings as scorm-again's type. It declares its vocabularies (rule actions, conditions...)
 * as TypeScript enums, whose values are exactly the strings above; the JSON is what it reads.
 */
export const asScormAgainSequencing = (settings: SequencingSettings) => settings as unknown as ScormAgainSequencing
