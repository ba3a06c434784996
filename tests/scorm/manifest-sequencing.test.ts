import { describe, expect, test } from 'vitest'
import { parseManifest, type ScormManifest } from '#app/scorm/manifest.server.ts'
import { ScormPackageError } from '#app/scorm/package-zip.server.ts'
import { type ActivitySettings, type SequencingSettings } from '#app/scorm/sequencing-settings.ts'

type Item = { id: string; xml?: string; attributes?: string; children?: Item[] }

function itemXml({ id, xml = '', attributes = '', children = [] }: Item): string {
	const launch = children.length ? '' : ` identifierref="r-${id}"`
	return `<item identifier="${id}"${launch}${attributes}><title>Title of ${id}</title>${children.map(itemXml).join('')}${xml}</item>`
}

const leaves = (items: Item[]): string[] => items.flatMap((item) => (item.children?.length ? leaves(item.children) : [item.id]))

/** A SCORM 2004 manifest around the given items, with a launch file for each leaf. */
function manifest2004({ items, organization = '', collection = '', edition = '2004 4th Edition' }: { items: Item[]; organization?: string; collection?: string; edition?: string }) {
	const resources = leaves(items).map((id) => `<resource identifier="r-${id}" type="webcontent" adlcp:scormType="sco" href="${id}.html"/>`)
	return `<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
		xmlns:imsss="http://www.imsglobal.org/xsd/imsss" xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3">
		<metadata><schemaversion>${edition}</schemaversion></metadata>
		<organizations default="course"><organization identifier="course"><title>Course</title>${items.map(itemXml).join('')}${organization}</organization></organizations>
		<resources>${resources.join('')}</resources>
		${collection ? `<imsss:sequencingCollection>${collection}</imsss:sequencingCollection>` : ''}
	</manifest>`
}

const read = (xml: string, items: Item[]) => parseManifest(xml, new Set(leaves(items).map((id) => `${id}.html`)))

// The manifest holds scorm-again's type; these tests read it as what the reader writes.
const sequencingOf = (manifest: ScormManifest) => manifest.sequencing as unknown as SequencingSettings
const tree = (manifest: ScormManifest) => sequencingOf(manifest).activityTree
const activity = (manifest: ScormManifest, id: string) => {
	const find = (node: ActivitySettings): ActivitySettings | undefined => (node.id === id ? node : node.children.map(find).find(Boolean))
	return find(tree(manifest))!
}

function problemsOf(xml: string, items: Item[]) {
	try {
		read(xml, items)
	} catch (error) {
		if (error instanceof ScormPackageError) return error.problems
		throw error
	}
	throw new Error('expected the package to be rejected')
}

const defaultControls = {
	choice: true,
	choiceExit: true,
	flow: false,
	forwardOnly: false,
	useCurrentAttemptObjectiveInfo: true,
	useCurrentAttemptProgressInfo: true,
	rollupObjectiveSatisfied: true,
	rollupProgressCompletion: true,
	objectiveMeasureWeight: 1,
	randomizationTiming: 'never',
	selectCount: null,
	randomizeChildren: false,
	selectionTiming: 'never',
	preventActivation: false,
	constrainChoice: false,
}
const defaultRollupConsiderations = { requiredForSatisfied: 'always', requiredForNotSatisfied: 'always', requiredForCompleted: 'always', requiredForIncomplete: 'always', measureSatisfactionIfActive: true }
const defaultDelivery = { tracked: true, completionSetByContent: false, objectiveSetByContent: false }
const unmappedExtras = {
	readRawScore: false,
	readMinScore: false,
	readMaxScore: false,
	readCompletionStatus: false,
	readProgressMeasure: false,
	writeRawScore: false,
	writeMinScore: false,
	writeMaxScore: false,
	writeCompletionStatus: false,
	writeProgressMeasure: false,
}

describe('the activity tree', () => {
	const items: Item[] = [
		{ id: 'unit', children: [{ id: 'lesson' }, { id: 'extra', attributes: ' isvisible="false"' }] },
		{ id: 'exam', xml: '<imsss:sequencing><imsss:controlMode flow="true"/></imsss:sequencing>' },
	]
	const manifest = read(manifest2004({ items, organization: '<imsss:sequencing><imsss:controlMode choice="false" flow="true"/></imsss:sequencing>' }), items)

	test('is rooted at the organization, with the items as children and hidden items kept', () => {
		const shape = (node: ActivitySettings): unknown => [node.id, node.title, node.isVisible, node.children.map(shape)]
		expect(shape(tree(manifest))).toEqual([
			'course',
			'Course',
			true,
			[
				['unit', 'Title of unit', true, [['lesson', 'Title of lesson', true, []], ['extra', 'Title of extra', false, []]]],
				['exam', 'Title of exam', true, []],
			],
		])
		expect(sequencingOf(manifest).collections).toEqual({})
	})

	test('states every IMS SS default for an item that says nothing', () => {
		expect(activity(manifest, 'lesson')).toEqual({
			id: 'lesson',
			title: 'Title of lesson',
			isVisible: true,
			sequencingControls: defaultControls,
			rollupConsiderations: defaultRollupConsiderations,
			deliveryControls: defaultDelivery,
			attemptLimit: null,
			attemptAbsoluteDurationLimit: null,
			completionThreshold: { completedByMeasure: false, minProgressMeasure: 1, progressWeight: 1 },
			hideLmsUi: [],
			timeLimitAction: null,
			sharedDataMaps: [],
			children: [],
		})
	})

	test('the organization carries its own sequencing; a control mode overrides only what it sets', () => {
		expect(tree(manifest).sequencingControls).toEqual({ ...defaultControls, choice: false, flow: true })
		expect(tree(manifest)).not.toHaveProperty('completionThreshold')
		expect(activity(manifest, 'exam').sequencingControls).toEqual({ ...defaultControls, flow: true })
	})

	test('SCORM 1.2 has no sequencing, whatever the manifest holds', () => {
		const xml = `<manifest identifier="m" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
			<metadata><schemaversion>1.2</schemaversion></metadata>
			<organizations><organization identifier="o"><title>O</title>
				<item identifier="a" identifierref="r"><title>A</title><imsss:sequencing><imsss:controlMode flow="maybe"/></imsss:sequencing></item>
			</organization></organizations>
			<resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="a.html"/></resources>
		</manifest>`
		expect(parseManifest(xml, new Set(['a.html']))).toMatchObject({ sequencing: null, warnings: [] })
	})
})

describe('everything an item says about its sequencing', () => {
	const sequencing = `
		<imsss:sequencing>
			<imsss:controlMode choice="false" choiceExit="0" flow="1" forwardOnly="true" useCurrentAttemptObjectiveInfo="false" useCurrentAttemptProgressInfo="false"/>
			<imsss:sequencingRules>
				<imsss:preConditionRule>
					<imsss:ruleConditions conditionCombination="any">
						<imsss:ruleCondition referencedObjective="prerequisite" operator="not" condition="satisfied"/>
						<imsss:ruleCondition referencedObjective="prerequisite" operator="not" condition="objectiveStatusKnown"/>
					</imsss:ruleConditions>
					<imsss:ruleAction action="disabled"/>
				</imsss:preConditionRule>
				<imsss:preConditionRule>
					<imsss:ruleConditions><imsss:ruleCondition condition="attemptLimitExceeded"/></imsss:ruleConditions>
					<imsss:ruleAction action="hiddenFromChoice"/>
				</imsss:preConditionRule>
				<imsss:exitConditionRule>
					<imsss:ruleConditions><imsss:ruleCondition condition="objectiveMeasureGreaterThan" measureThreshold="0.25"/></imsss:ruleConditions>
					<imsss:ruleAction action="exit"/>
				</imsss:exitConditionRule>
				<imsss:postConditionRule>
					<imsss:ruleConditions><imsss:ruleCondition condition="objectiveMeasureLessThan"/><imsss:ruleCondition condition="activityProgressKnown"/></imsss:ruleConditions>
					<imsss:ruleAction action="retry"/>
				</imsss:postConditionRule>
				<imsss:postConditionRule>
					<imsss:ruleConditions><imsss:ruleCondition condition="always"/></imsss:ruleConditions>
					<imsss:ruleAction action="exitAll"/>
				</imsss:postConditionRule>
			</imsss:sequencingRules>
			<imsss:limitConditions attemptLimit="3" attemptAbsoluteDurationLimit="PT1H30M"/>
			<imsss:rollupRules rollupObjectiveSatisfied="false" rollupProgressCompletion="false" objectiveMeasureWeight="0.5">
				<imsss:rollupRule childActivitySet="atLeastPercent" minimumPercent="0.75">
					<imsss:rollupConditions><imsss:rollupCondition condition="satisfied"/></imsss:rollupConditions>
					<imsss:rollupAction action="satisfied"/>
				</imsss:rollupRule>
				<imsss:rollupRule childActivitySet="atLeastCount" minimumCount="2">
					<imsss:rollupConditions conditionCombination="all">
						<imsss:rollupCondition operator="not" condition="activityProgressKnown"/>
						<imsss:rollupCondition condition="attempted"/>
					</imsss:rollupConditions>
					<imsss:rollupAction action="incomplete"/>
				</imsss:rollupRule>
			</imsss:rollupRules>
			<imsss:objectives>
				<imsss:primaryObjective objectiveID="mastery" satisfiedByMeasure="true">
					<imsss:minNormalizedMeasure>0.6</imsss:minNormalizedMeasure>
					<imsss:mapInfo targetObjectiveID="global.mastery" readSatisfiedStatus="false" writeSatisfiedStatus="true"/>
				</imsss:primaryObjective>
				<imsss:objective objectiveID="prerequisite">
					<imsss:mapInfo targetObjectiveID="global.prerequisite"/>
				</imsss:objective>
				<imsss:objective objectiveID="practice" satisfiedByMeasure="true">
					<imsss:mapInfo targetObjectiveID="global.practice" readNormalizedMeasure="false" writeNormalizedMeasure="true"/>
					<imsss:mapInfo targetObjectiveID="global.practice-copy"/>
				</imsss:objective>
			</imsss:objectives>
			<imsss:randomizationControls randomizationTiming="onEachNewAttempt" selectCount="2" reorderChildren="true" selectionTiming="once"/>
			<imsss:deliveryControls tracked="false" completionSetByContent="true"/>
			<adlseq:constrainedChoiceConsiderations preventActivation="true"/>
			<adlseq:rollupConsiderations requiredForSatisfied="ifAttempted" requiredForIncomplete="ifNotSkipped" measureSatisfactionIfActive="false"/>
			<adlseq:objectives>
				<adlseq:objective objectiveID="mastery">
					<adlseq:mapInfo targetObjectiveID="global.mastery" writeRawScore="true" readCompletionStatus="false"/>
				</adlseq:objective>
				<adlseq:objective objectiveID="practice">
					<adlseq:mapInfo targetObjectiveID="global.progress" writeProgressMeasure="true" writeCompletionStatus="true"/>
				</adlseq:objective>
			</adlseq:objectives>
		</imsss:sequencing>
		<adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.9" progressWeight="0.5"/>
		<adlcp:timeLimitAction>exit,message</adlcp:timeLimitAction>
		<adlcp:data><adlcp:map targetID="notes" writeSharedData="true"/><adlcp:map targetID="glossary" readSharedData="false"/></adlcp:data>
		<adlnav:presentation><adlnav:navigationInterface>
			<adlnav:hideLMSUI>previous</adlnav:hideLMSUI><adlnav:hideLMSUI>continue</adlnav:hideLMSUI><adlnav:hideLMSUI>previous</adlnav:hideLMSUI>
		</adlnav:navigationInterface></adlnav:presentation>`
	const items: Item[] = [{ id: 'lesson', xml: sequencing }]
	const manifest = read(manifest2004({ items }), items)
	const lesson = activity(manifest, 'lesson')

	test('controls from the control mode, rollup, randomization and constrained choice elements', () => {
		expect(lesson.sequencingControls).toEqual({
			choice: false,
			choiceExit: false,
			flow: true,
			forwardOnly: true,
			useCurrentAttemptObjectiveInfo: false,
			useCurrentAttemptProgressInfo: false,
			rollupObjectiveSatisfied: false,
			rollupProgressCompletion: false,
			objectiveMeasureWeight: 0.5,
			randomizationTiming: 'onEachNewAttempt',
			selectCount: 2,
			randomizeChildren: true,
			selectionTiming: 'once',
			preventActivation: true,
			constrainChoice: false,
		})
		expect(lesson.deliveryControls).toEqual({ tracked: false, completionSetByContent: true, objectiveSetByContent: false })
		expect(lesson.rollupConsiderations).toEqual({ ...defaultRollupConsiderations, requiredForSatisfied: 'ifAttempted', requiredForIncomplete: 'ifNotSkipped', measureSatisfactionIfActive: false })
		expect([lesson.attemptLimit, lesson.attemptAbsoluteDurationLimit]).toEqual([3, 'PT1H30M'])
	})

	test('every sequencing rule, with its conditions, in order', () => {
		expect(lesson.sequencingRules).toEqual({
			preConditionRules: [
				{
					action: 'disabled',
					conditionCombination: 'any',
					conditions: [
						{ condition: 'satisfied', operator: 'not', referencedObjective: 'prerequisite' },
						{ condition: 'objectiveStatusKnown', operator: 'not', referencedObjective: 'prerequisite' },
					],
				},
				{ action: 'hiddenFromChoice', conditionCombination: 'all', conditions: [{ condition: 'attemptLimitExceeded', operator: 'noOp' }] },
			],
			exitConditionRules: [{ action: 'exit', conditionCombination: 'all', conditions: [{ condition: 'objectiveMeasureGreaterThan', operator: 'noOp', parameters: { threshold: 0.25 } }] }],
			postConditionRules: [
				{
					action: 'retry',
					conditionCombination: 'all',
					// measureThreshold left out: 0.
					conditions: [
						{ condition: 'objectiveMeasureLessThan', operator: 'noOp', parameters: { threshold: 0 } },
						{ condition: 'activityProgressKnown', operator: 'noOp' },
					],
				},
				{ action: 'exitAll', conditionCombination: 'all', conditions: [{ condition: 'always', operator: 'noOp' }] },
			],
		})
	})

	test('every rollup rule; the percent in scorm-again\'s 0 to 100, activityProgressKnown by its name there', () => {
		expect(lesson.rollupRules).toEqual({
			rules: [
				{ action: 'satisfied', consideration: 'atLeastPercent', minimumCount: 0, minimumPercent: 75, conditionCombination: 'any', conditions: [{ condition: 'satisfied', operator: 'noOp' }] },
				{
					action: 'incomplete',
					consideration: 'atLeastCount',
					minimumCount: 2,
					minimumPercent: 0,
					conditionCombination: 'all',
					conditions: [
						{ condition: 'progressKnown', operator: 'not' },
						{ condition: 'attempted', operator: 'noOp' },
					],
				},
			],
		})
	})

	test('the primary objective and every other one, with their maps and the 4th edition maps merged in', () => {
		expect(lesson.primaryObjective).toEqual({
			objectiveID: 'mastery',
			isPrimary: true,
			satisfiedByMeasure: true,
			minNormalizedMeasure: 0.6,
			mapInfo: [
				{
					targetObjectiveID: 'global.mastery',
					readSatisfiedStatus: false,
					readNormalizedMeasure: true,
					writeSatisfiedStatus: true,
					writeNormalizedMeasure: false,
					// adlseq:mapInfo defaults: read true, write false.
					readRawScore: true,
					readMinScore: true,
					readMaxScore: true,
					readCompletionStatus: false,
					readProgressMeasure: true,
					writeRawScore: true,
					writeMinScore: false,
					writeMaxScore: false,
					writeCompletionStatus: false,
					writeProgressMeasure: false,
				},
			],
		})
		const imsssDefaults = { readSatisfiedStatus: true, readNormalizedMeasure: true, writeSatisfiedStatus: false, writeNormalizedMeasure: false }
		expect(lesson.objectives).toEqual([
			{ objectiveID: 'prerequisite', isPrimary: false, satisfiedByMeasure: false, minNormalizedMeasure: 1, mapInfo: [{ targetObjectiveID: 'global.prerequisite', ...imsssDefaults, ...unmappedExtras }] },
			{
				objectiveID: 'practice',
				isPrimary: false,
				satisfiedByMeasure: true,
				minNormalizedMeasure: 1,
				mapInfo: [
					{ targetObjectiveID: 'global.practice', ...imsssDefaults, readNormalizedMeasure: false, writeNormalizedMeasure: true, ...unmappedExtras },
					{ targetObjectiveID: 'global.practice-copy', ...imsssDefaults, ...unmappedExtras },
					// Only in adlseq:objectives: it maps progress and completion, not satisfaction.
					{
						targetObjectiveID: 'global.progress',
						readSatisfiedStatus: false,
						readNormalizedMeasure: false,
						writeSatisfiedStatus: false,
						writeNormalizedMeasure: false,
						readRawScore: true,
						readMinScore: true,
						readMaxScore: true,
						readCompletionStatus: true,
						readProgressMeasure: true,
						writeRawScore: false,
						writeMinScore: false,
						writeMaxScore: false,
						writeCompletionStatus: true,
						writeProgressMeasure: true,
					},
				],
			},
		])
		expect(manifest.organization.items[0]!.scaledPassingScore).toBe(0.6)
	})

	test('the item\'s completion threshold, hidden LMS controls, time limit action and shared data', () => {
		expect(lesson).toMatchObject({
			completionThreshold: { completedByMeasure: true, minProgressMeasure: 0.9, progressWeight: 0.5 },
			hideLmsUi: ['previous', 'continue'],
			timeLimitAction: 'exit,message',
			sharedDataMaps: [
				{ targetID: 'notes', readSharedData: true, writeSharedData: true },
				{ targetID: 'glossary', readSharedData: false, writeSharedData: false },
			],
		})
		expect(manifest.organization.items[0]!.completionThreshold).toBe(0.9)
	})

	test('is plain JSON', () => {
		expect(JSON.parse(JSON.stringify(manifest.sequencing))).toEqual(manifest.sequencing)
	})
})

describe('an unnamed primary objective', () => {
	const primaryOf = (primary: string, others = '') => {
		const items: Item[] = [{ id: 'quiz', xml: `<imsss:sequencing><imsss:objectives>${primary}${others}</imsss:objectives></imsss:sequencing>` }]
		return activity(read(manifest2004({ items }), items), 'quiz').primaryObjective
	}

	test('is named after its activity, which scorm-again needs to apply a satisfied-by-measure rule', () => {
		expect(primaryOf('<imsss:primaryObjective satisfiedByMeasure="true"/>')).toEqual({ objectiveID: 'quiz', isPrimary: true, satisfiedByMeasure: true, minNormalizedMeasure: 1, mapInfo: [] })
		expect(primaryOf('<imsss:primaryObjective satisfiedByMeasure="true"/>', '<imsss:objective objectiveID="quiz"/>')).toMatchObject({ objectiveID: 'quiz#primary' })
	})

	test('is left out when it changes nothing, so the SCO sees no objective its author did not name', () => {
		expect(primaryOf('<imsss:primaryObjective><imsss:minNormalizedMeasure>0.5</imsss:minNormalizedMeasure></imsss:primaryObjective>')).toBeUndefined()
	})
})

describe('completion thresholds', () => {
	const thresholdOf = (element: string, edition?: string) => {
		const items: Item[] = [{ id: 'lesson', xml: element }]
		const manifest = read(manifest2004({ items, edition }), items)
		return { item: manifest.organization.items[0]!.completionThreshold, settings: activity(manifest, 'lesson').completionThreshold }
	}

	test('3rd edition writes the threshold as text: progress decides completion', () => {
		expect(thresholdOf('<adlcp:completionThreshold>0.75</adlcp:completionThreshold>', '2004 3rd Edition')).toEqual({
			item: 0.75,
			settings: { completedByMeasure: true, minProgressMeasure: 0.75, progressWeight: 1 },
		})
	})

	test('4th edition: the minimum counts only when completedByMeasure is set', () => {
		expect(thresholdOf('<adlcp:completionThreshold minProgressMeasure="0.5"/>')).toEqual({ item: null, settings: { completedByMeasure: false, minProgressMeasure: 0.5, progressWeight: 1 } })
		expect(thresholdOf('<adlcp:completionThreshold completedByMeasure="true"/>')).toEqual({ item: 1, settings: { completedByMeasure: true, minProgressMeasure: 1, progressWeight: 1 } })
	})
})

describe('sequencing collections', () => {
	const collection = `
		<imsss:sequencing ID="graded">
			<imsss:controlMode flow="true"/>
			<imsss:limitConditions attemptLimit="2"/>
			<imsss:rollupRules objectiveMeasureWeight="0"/>
			<imsss:objectives><imsss:primaryObjective satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.7</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives>
			<imsss:deliveryControls objectiveSetByContent="true"/>
		</imsss:sequencing>
		<imsss:sequencing ID="unused"><imsss:controlMode choice="false"/></imsss:sequencing>
		<imsss:sequencing><imsss:controlMode choiceExit="false"/></imsss:sequencing>`
	const items: Item[] = [
		{ id: 'quiz', xml: '<imsss:sequencing IDRef="graded"><imsss:controlMode forwardOnly="true"/></imsss:sequencing>' },
		{ id: 'exam', xml: '<imsss:sequencing IDRef="graded"><imsss:limitConditions attemptLimit="0"/></imsss:sequencing>' },
	]
	const manifest = read(manifest2004({ items, collection }), items)

	test('each entry with an ID holds only what it defines, delivery controls among its controls', () => {
		expect(sequencingOf(manifest).collections).toEqual({
			graded: {
				sequencingControls: {
					choice: true,
					choiceExit: true,
					flow: true,
					forwardOnly: false,
					useCurrentAttemptObjectiveInfo: true,
					useCurrentAttemptProgressInfo: true,
					rollupObjectiveSatisfied: true,
					rollupProgressCompletion: true,
					objectiveMeasureWeight: 0,
					tracked: true,
					completionSetByContent: false,
					objectiveSetByContent: true,
				},
				rollupRules: { rules: [] },
				// An unnamed primary objective is named after its owner, here the collection entry.
				primaryObjective: { objectiveID: 'graded', isPrimary: true, satisfiedByMeasure: true, minNormalizedMeasure: 0.7, mapInfo: [] },
				objectives: [],
			},
			unused: { sequencingControls: { choice: false, choiceExit: true, flow: false, forwardOnly: false, useCurrentAttemptObjectiveInfo: true, useCurrentAttemptProgressInfo: true } },
		})
	})

	test('an item naming one leaves to it what it defines and states the defaults of the rest', () => {
		const quiz = activity(manifest, 'quiz')
		expect(quiz.sequencingIdRef).toBe('graded')
		// Its own control mode replaces the collection's; rollup controls are the collection's to give.
		expect(quiz.sequencingControls).toEqual({
			choice: true,
			choiceExit: true,
			flow: false,
			forwardOnly: true,
			useCurrentAttemptObjectiveInfo: true,
			useCurrentAttemptProgressInfo: true,
			randomizationTiming: 'never',
			selectCount: null,
			randomizeChildren: false,
			selectionTiming: 'never',
			preventActivation: false,
			constrainChoice: false,
		})
		expect(quiz).not.toHaveProperty('deliveryControls')
		expect(quiz).not.toHaveProperty('primaryObjective')
		expect(quiz.rollupConsiderations).toEqual(defaultRollupConsiderations)
	})

	test('limit conditions and the passing score come from the collection unless the item has its own', () => {
		expect([activity(manifest, 'quiz').attemptLimit, activity(manifest, 'exam').attemptLimit]).toEqual([2, null])
		expect(manifest.organization.items.map((item) => item.scaledPassingScore)).toEqual([0.7, 0.7])
	})
})

describe('malformed sequencing refuses the package, naming the item and the element', () => {
	const sequenced = (xml: string) => `<imsss:sequencing>${xml}</imsss:sequencing>`
	const objectives = (inner: string) => sequenced(`<imsss:objectives><imsss:primaryObjective objectiveID="main"/>${inner}</imsss:objectives>`)
	const rule = (kind: string, action: string, condition = '<imsss:ruleCondition condition="always"/>') =>
		sequenced(`<imsss:sequencingRules><imsss:${kind}><imsss:ruleConditions>${condition}</imsss:ruleConditions>${action}</imsss:${kind}></imsss:sequencingRules>`)
	const rollup = (inner: string, attributes = '') => sequenced(`<imsss:rollupRules><imsss:rollupRule${attributes}>${inner}</imsss:rollupRule></imsss:rollupRules>`)
	const satisfiedRollup = '<imsss:rollupConditions><imsss:rollupCondition condition="satisfied"/></imsss:rollupConditions><imsss:rollupAction action="satisfied"/>'

	const cases: Array<[xml: string, problem: string]> = [
		[
			objectives('').replace('objectiveID="main"/>', 'objectiveID="main"><imsss:minNormalizedMeasure>abc</imsss:minNormalizedMeasure></imsss:primaryObjective>'),
			'item "lesson": imsss:minNormalizedMeasure "abc" is not a number from -1 to 1',
		],
		[rule('preConditionRule', '<imsss:ruleAction action="jump"/>'), 'item "lesson": imsss:preConditionRule imsss:ruleAction action "jump" is not one of skip, disabled, hiddenFromChoice, stopForwardTraversal'],
		[rule('exitConditionRule', '<imsss:ruleAction action="continue"/>'), 'item "lesson": imsss:exitConditionRule imsss:ruleAction action "continue" is not one of exit'],
		[rule('postConditionRule', ''), 'item "lesson": imsss:postConditionRule imsss:ruleAction has no action attribute'],
		[
			rule('preConditionRule', '<imsss:ruleAction action="skip"/>', '<imsss:ruleCondition condition="passed"/>'),
			'item "lesson": imsss:ruleCondition condition "passed" is not one of satisfied, objectiveStatusKnown, objectiveMeasureKnown, objectiveMeasureGreaterThan, objectiveMeasureLessThan, completed, activityProgressKnown, attempted, attemptLimitExceeded, timeLimitExceeded, outsideAvailableTimeRange, always',
		],
		[rule('preConditionRule', '<imsss:ruleAction action="skip"/>', '<imsss:ruleCondition condition="objectiveMeasureGreaterThan" measureThreshold="2"/>'), 'item "lesson": imsss:ruleCondition measureThreshold "2" is not a number from -1 to 1'],
		[rule('preConditionRule', '<imsss:ruleAction action="skip"/>', '<imsss:ruleCondition condition="satisfied" referencedObjective="elsewhere"/>'), 'item "lesson": imsss:ruleCondition referencedObjective "elsewhere" names no objective of this activity'],
		[sequenced('<imsss:controlMode flow="yes"/>'), 'item "lesson": imsss:controlMode flow "yes" is not true or false'],
		[sequenced('<imsss:limitConditions attemptLimit="-1"/>'), 'item "lesson": imsss:limitConditions attemptLimit "-1" is not a whole number of 0 or more'],
		[sequenced('<imsss:limitConditions attemptAbsoluteDurationLimit="1 hour"/>'), 'item "lesson": imsss:limitConditions attemptAbsoluteDurationLimit "1 hour" is not a duration such as PT1H30M'],
		[sequenced('<imsss:randomizationControls randomizationTiming="always"/>'), 'item "lesson": imsss:randomizationControls randomizationTiming "always" is not one of never, once, onEachNewAttempt'],
		[rollup(satisfiedRollup, ' minimumPercent="50"'), 'item "lesson": imsss:rollupRule minimumPercent "50" is not a number from 0 to 1'],
		[rollup('<imsss:rollupAction action="satisfied"/>'), 'item "lesson": an imsss:rollupRule has no imsss:rollupConditions'],
		[rollup(satisfiedRollup.replace('action="satisfied"', 'action="passed"')), 'item "lesson": imsss:rollupAction action "passed" is not one of satisfied, notSatisfied, completed, incomplete'],
		[sequenced('<adlseq:rollupConsiderations requiredForCompleted="sometimes"/>'), 'item "lesson": adlseq:rollupConsiderations requiredForCompleted "sometimes" is not one of always, ifAttempted, ifNotSkipped, ifNotSuspended'],
		[objectives('<imsss:objective/>'), 'item "lesson": imsss:objective has no objectiveID attribute'],
		[objectives('<imsss:objective objectiveID="main"/>'), 'item "lesson": objectiveID "main" is used by 2 objectives'],
		[objectives('<imsss:objective objectiveID="o"><imsss:mapInfo readSatisfiedStatus="true"/></imsss:objective>'), 'item "lesson": imsss:mapInfo has no targetObjectiveID attribute'],
		[
			objectives('').replace('</imsss:objectives>', '</imsss:objectives><adlseq:objectives><adlseq:objective objectiveID="other"><adlseq:mapInfo targetObjectiveID="g"/></adlseq:objective></adlseq:objectives>'),
			'item "lesson": adlseq:objective "other" has no imsss:objective with that objectiveID',
		],
		['<imsss:sequencing IDRef="nowhere"/>', 'item "lesson": imsss:sequencing IDRef "nowhere" names no <imsss:sequencing> in the manifest\'s <imsss:sequencingCollection>'],
		['<adlcp:completionThreshold>high</adlcp:completionThreshold>', 'item "lesson": adlcp:completionThreshold "high" is not a number from 0 to 1'],
		['<adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="1.5"/>', 'item "lesson": adlcp:completionThreshold minProgressMeasure "1.5" is not a number from 0 to 1'],
		['<adlnav:presentation><adlnav:navigationInterface><adlnav:hideLMSUI>menu</adlnav:hideLMSUI></adlnav:navigationInterface></adlnav:presentation>', 'item "lesson": adlnav:hideLMSUI "menu" is not one of abandon, continue, exit, previous, suspendAll, exitAll, abandonAll'],
		['<adlcp:data><adlcp:map readSharedData="true"/></adlcp:data>', 'item "lesson": adlcp:map has no targetID attribute'],
	]
	test.each(cases.map(([xml, problem]) => [problem, xml]))('%s', (problem, xml) => {
		const items: Item[] = [{ id: 'lesson', xml }]
		expect(problemsOf(manifest2004({ items }), items)).toEqual([problem])
	})

	test('the organization and collection entries are named as such, and every problem is reported at once', () => {
		const items: Item[] = [{ id: 'lesson', xml: '<imsss:sequencing><imsss:deliveryControls tracked="maybe"/></imsss:sequencing>' }]
		const xml = manifest2004({
			items,
			organization: '<imsss:sequencing><imsss:controlMode choice="sometimes"/></imsss:sequencing>',
			collection: '<imsss:sequencing ID="c"><imsss:rollupRules objectiveMeasureWeight="2"/></imsss:sequencing><imsss:sequencing ID="c"/>',
		})
		expect(problemsOf(xml, items)).toEqual([
			'sequencing collection "c": imsss:rollupRules objectiveMeasureWeight "2" is not a number from 0 to 1',
			'imsss:sequencingCollection has more than one <imsss:sequencing> with ID "c"',
			'item "lesson": imsss:deliveryControls tracked "maybe" is not true or false',
			'organization "course": imsss:controlMode choice "sometimes" is not true or false',
		])
	})

	test('accepts the spellings authoring tools use: True, spaces, other capitals in tokens', () => {
		const items: Item[] = [{ id: 'lesson', xml: sequenced('<imsss:controlMode flow=" True "/><imsss:randomizationControls selectionTiming="OnEachNewAttempt"/>') }]
		const lesson = activity(read(manifest2004({ items }), items), 'lesson')
		expect(lesson.sequencingControls).toMatchObject({ flow: true, selectionTiming: 'onEachNewAttempt' })
	})
})
