import { Scorm2004API } from 'scorm-again'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import { parseManifest } from '#app/scorm/manifest.server.ts'

/**
 * The sequencing the manifest reader extracts, run through scorm-again's engine as the browser
 * runtime does: each SCO initializes, reports, asks to navigate and terminates, then the API is
 * reset for the next one the engine delivers.
 */

beforeEach(() => {
	// The engine announces every delivery on console.debug.
	vi.spyOn(console, 'debug').mockImplementation(() => {})
})

type Item = { id: string; sequencing?: string }

function course({ items, organization = '' }: { items: Item[]; organization?: string }) {
	const itemXml = items.map(({ id, sequencing = '' }) => `<item identifier="${id}" identifierref="r"><title>${id}</title>${sequencing ? `<imsss:sequencing>${sequencing}</imsss:sequencing>` : ''}</item>`)
	const xml = `<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
		<metadata><schemaversion>2004 4th Edition</schemaversion></metadata>
		<organizations default="course"><organization identifier="course"><title>Course</title>${itemXml.join('')}${organization ? `<imsss:sequencing>${organization}</imsss:sequencing>` : ''}</organization></organizations>
		<resources><resource identifier="r" type="webcontent" adlcp:scormType="sco" href="sco.html"/></resources>
	</manifest>`
	return parseManifest(xml, new Set(['sco.html']))
}

function engine(manifest: ReturnType<typeof course>) {
	const delivered: string[] = []
	const api = new Scorm2004API({ logLevel: 5, sequencing: { ...manifest.sequencing!, eventListeners: { onActivityDelivery: (activity) => delivered.push(activity.id) } } })
	const setObjective = (id: string, element: string, value: string) => {
		const index = Array.from({ length: Number(api.GetValue('cmi.objectives._count')) }, (_, i) => i).find((i) => api.GetValue(`cmi.objectives.${i}.id`) === id)
		expect(index, `cmi.objectives has ${id}`).toBeDefined()
		api.SetValue(`cmi.objectives.${index}.${element}`, value)
	}
	return {
		api,
		delivered,
		/** The delivered SCO's session: what it reports, then the navigation it asks for on Terminate. */
		runSco(values: Record<string, string>, request = 'continue', objectives: Record<string, string> = {}) {
			expect(api.Initialize('')).toBe('true')
			for (const [element, value] of Object.entries(values)) expect(api.SetValue(element, value), element).toBe('true')
			for (const [id, status] of Object.entries(objectives)) setObjective(id, 'success_status', status)
			api.SetValue('adl.nav.request', request)
			expect(api.Terminate('')).toBe('true')
			api.reset()
		},
		valid: (request: string) => {
			api.Initialize('')
			const answer = api.GetValue(`adl.nav.request_valid.${request}`)
			api.reset()
			return answer
		},
		standing: (id: string) => (({ completionStatus, successStatus }) => ({ completionStatus, successStatus }))(api.getActivityTrackingData(id)!),
	}
}

const completed = { 'cmi.completion_status': 'completed' }

describe('a forced-sequential course (choice off, flow on, forward only)', () => {
	const items = [{ id: 'lesson-1' }, { id: 'lesson-2' }, { id: 'post-test' }]
	const forced = course({ items, organization: '<imsss:controlMode choice="false" flow="true" forwardOnly="true"/>' })

	test('starts at the first lesson and refuses a choice of any other', () => {
		const run = engine(forced)
		expect(run.api.processNavigationRequest('start')).toBe(true)
		expect(run.delivered).toEqual(['lesson-1'])
		expect(run.valid('choice.{target=post-test}')).toBe('false')
		expect(run.api.processNavigationRequest('choice', 'post-test')).toBe(false)
		expect(run.delivered).toEqual(['lesson-1'])
	})

	test('continue moves on in order; previous is refused', () => {
		const run = engine(forced)
		run.api.processNavigationRequest('start')
		run.runSco(completed)
		expect(run.delivered).toEqual(['lesson-1', 'lesson-2'])
		expect(run.valid('previous')).toBe('false')
		expect(run.api.processNavigationRequest('previous')).toBe(false)
		run.runSco(completed)
		expect(run.delivered).toEqual(['lesson-1', 'lesson-2', 'post-test'])
	})

	test('the same course with the default control mode lets the learner choose', () => {
		const run = engine(course({ items }))
		run.api.processNavigationRequest('start')
		expect(run.api.processNavigationRequest('choice', 'post-test')).toBe(true)
		expect(run.delivered.at(-1)).toBe('post-test')
	})
})

describe('a post-test course: only the post-test decides whether the course is passed', () => {
	const lesson = '<imsss:rollupRules rollupObjectiveSatisfied="false"/>'
	const postTest = '<imsss:objectives><imsss:primaryObjective objectiveID="post-test-passed" satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives>'
	const items = (lessonSequencing: string) => [
		{ id: 'lesson-1', sequencing: lessonSequencing },
		{ id: 'lesson-2', sequencing: lessonSequencing },
		{ id: 'post-test', sequencing: postTest },
	]

	function takeCourse(lessonSequencing: string, postTestScore: string) {
		const run = engine(course({ items: items(lessonSequencing), organization: '<imsss:controlMode flow="true"/>' }))
		run.api.processNavigationRequest('start')
		run.runSco({ ...completed, 'cmi.success_status': 'failed' })
		run.runSco({ ...completed, 'cmi.success_status': 'failed' })
		run.runSco({ ...completed, 'cmi.score.scaled': postTestScore }, 'exitAll')
		expect(run.delivered).toEqual(['lesson-1', 'lesson-2', 'post-test'])
		return run
	}

	test('failed lessons do not fail the course once the post-test is passed', () => {
		const run = takeCourse(lesson, '0.9')
		expect(run.standing('lesson-1')).toEqual({ completionStatus: 'completed', successStatus: 'failed' })
		expect(run.standing('post-test')).toEqual({ completionStatus: 'completed', successStatus: 'passed' })
		expect(run.standing('course')).toEqual({ completionStatus: 'completed', successStatus: 'passed' })
	})

	test('a post-test below its minimum fails the course', () => {
		expect(takeCourse(lesson, '0.5').standing('course')).toEqual({ completionStatus: 'completed', successStatus: 'failed' })
	})

	test('without rollupObjectiveSatisfied="false" on the lessons, their failure fails the course', () => {
		expect(takeCourse('', '0.9').standing('course')).toMatchObject({ successStatus: 'failed' })
	})
})

describe('precondition rules', () => {
	const always = (action: string) => `<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions><imsss:ruleCondition condition="always"/></imsss:ruleConditions><imsss:ruleAction action="${action}"/></imsss:preConditionRule></imsss:sequencingRules>`
	const items = [{ id: 'intro' }, { id: 'review', sequencing: always('skip') }, { id: 'final' }, { id: 'locked', sequencing: always('disabled') }]

	test('flow skips a skipped activity, and a disabled one cannot be chosen', () => {
		const run = engine(course({ items, organization: '<imsss:controlMode flow="true"/>' }))
		run.api.processNavigationRequest('start')
		expect(run.valid('choice.{target=locked}')).toBe('false')
		expect(run.valid('choice.{target=final}')).toBe('true')
		run.runSco(completed)
		expect(run.delivered).toEqual(['intro', 'final'])
		run.runSco(completed, '{target=locked}choice')
		expect(run.delivered).toEqual(['intro', 'final'])
	})
})

describe('global objectives', () => {
	// "a" has several objectives, each written to a global one; "b" reads them and stays disabled
	// until both are satisfied (a status that is not known does not satisfy).
	const a = `<imsss:objectives>
		<imsss:primaryObjective objectiveID="a-done"/>
		<imsss:objective objectiveID="knows-ports"><imsss:mapInfo targetObjectiveID="global.ports" readSatisfiedStatus="false" writeSatisfiedStatus="true"/></imsss:objective>
		<imsss:objective objectiveID="knows-firewalls"><imsss:mapInfo targetObjectiveID="global.firewalls" readSatisfiedStatus="false" writeSatisfiedStatus="true"/></imsss:objective>
	</imsss:objectives>`
	const unless = (objective: string) => `<imsss:ruleCondition referencedObjective="${objective}" operator="not" condition="satisfied"/><imsss:ruleCondition referencedObjective="${objective}" operator="not" condition="objectiveStatusKnown"/>`
	const b = `<imsss:sequencingRules><imsss:preConditionRule>
			<imsss:ruleConditions conditionCombination="any">${unless('ports')}${unless('firewalls')}</imsss:ruleConditions>
			<imsss:ruleAction action="disabled"/>
		</imsss:preConditionRule></imsss:sequencingRules>
		<imsss:objectives>
			<imsss:primaryObjective objectiveID="b-done"/>
			<imsss:objective objectiveID="ports"><imsss:mapInfo targetObjectiveID="global.ports"/></imsss:objective>
			<imsss:objective objectiveID="firewalls"><imsss:mapInfo targetObjectiveID="global.firewalls"/></imsss:objective>
		</imsss:objectives>`
	const mapped = course({ items: [{ id: 'a', sequencing: a }, { id: 'b', sequencing: b }], organization: '<imsss:controlMode flow="true"/>' })

	test('written by one SCO, read by another through its objective maps', () => {
		const run = engine(mapped)
		run.api.processNavigationRequest('start')
		expect(run.valid('choice.{target=b}')).toBe('false')
		run.runSco({ 'cmi.completion_status': 'incomplete' }, '_none_', { 'knows-ports': 'passed' })
		expect(run.api.processNavigationRequest('choice', 'b')).toBe(false)

		expect(run.api.processNavigationRequest('choice', 'a')).toBe(true)
		run.runSco(completed, 'continue', { 'knows-firewalls': 'passed' })
		expect(run.delivered).toEqual(['a', 'a', 'b'])
	})
})

describe('sequencing collections', () => {
	test('a control mode the organization takes from a collection applies', () => {
		const xml = `<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
			<metadata><schemaversion>2004 3rd Edition</schemaversion></metadata>
			<organizations><organization identifier="course"><title>Course</title>
				<item identifier="one" identifierref="r"><title>One</title></item>
				<item identifier="two" identifierref="r"><title>Two</title></item>
				<imsss:sequencing IDRef="locked-order"/>
			</organization></organizations>
			<resources><resource identifier="r" type="webcontent" adlcp:scormType="sco" href="sco.html"/></resources>
			<imsss:sequencingCollection><imsss:sequencing ID="locked-order"><imsss:controlMode choice="false" flow="true"/></imsss:sequencing></imsss:sequencingCollection>
		</manifest>`
		const run = engine(parseManifest(xml, new Set(['sco.html'])))
		run.api.processNavigationRequest('start')
		expect(run.api.processNavigationRequest('choice', 'two')).toBe(false)
		run.runSco(completed)
		expect(run.delivered).toEqual(['one', 'two'])
	})
})
