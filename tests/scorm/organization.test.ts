import { describe, expect, test } from 'vitest'
import { packageBytes } from '#app/catalog/scorm-module.server.ts'
import { inspectScormPackage, parseManifest } from '#app/scorm/manifest.server.ts'
import { prerequisitesMet, tableOfContents, visibleScos, type ItemProgress, type TocEntry } from '#app/scorm/organization.ts'
import { scormFixture } from './scorm-utils.ts'

const nestedManifest = parseManifest(
	`<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="nested" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
	<metadata><schemaversion>1.2</schemaversion></metadata>
	<organizations default="org">
		<organization identifier="org">
			<title>Nested</title>
			<item identifier="unit-1">
				<title>Unit 1</title>
				<item identifier="lesson-1" identifierref="r1"><title>Lesson 1</title></item>
				<item identifier="extra-1" identifierref="r2" isvisible="false"><title>Extra 1</title></item>
			</item>
			<item identifier="unit-2" isvisible="0">
				<title>Unit 2 (hidden)</title>
				<item identifier="lesson-2" identifierref="r3"><title>Lesson 2, visible but under a hidden unit</title></item>
			</item>
			<item identifier="glossary" identifierref="asset"><title>Glossary</title></item>
			<item identifier="exam" identifierref="r4" isvisible="true"><title>Exam</title></item>
		</organization>
	</organizations>
	<resources>
		<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="l1.html"/>
		<resource identifier="r2" type="webcontent" adlcp:scormtype="sco" href="x1.html"/>
		<resource identifier="r3" type="webcontent" adlcp:scormtype="sco" href="l2.html"/>
		<resource identifier="r4" type="webcontent" adlcp:scormtype="sco" href="exam.html"/>
		<resource identifier="asset" type="webcontent" adlcp:scormtype="asset" href="glossary.html"/>
	</resources>
</manifest>`,
	new Set(['l1.html', 'x1.html', 'l2.html', 'exam.html', 'glossary.html']),
)

const outline = (entries: TocEntry[]): unknown[] => entries.map((e) => (e.children.length ? [e.identifier, e.launchable, outline(e.children)] : [e.identifier, e.launchable]))

describe('the table of contents', () => {
	test('leaves out hidden items and everything under them, and marks which entries launch (a SCO or an asset)', () => {
		expect(outline(tableOfContents(nestedManifest))).toEqual([['unit-1', false, [['lesson-1', true]]], ['glossary', true], ['exam', true]])
		expect(tableOfContents(nestedManifest)[0]!.title).toBe('Unit 1')
	})

	test('only reachable items count toward completion, in tree order', () => {
		expect(nestedManifest.scos.map((s) => s.item.identifier)).toEqual(['lesson-1', 'extra-1', 'lesson-2', 'glossary', 'exam'])
		expect(visibleScos(nestedManifest).map((s) => s.item.identifier)).toEqual(['lesson-1', 'glossary', 'exam'])
	})

	test('the multi-SCO fixture hides its appendix', () => {
		const { manifest } = inspectScormPackage(packageBytes(scormFixture('multi-sco-12')))
		expect(outline(tableOfContents(manifest))).toEqual([['intro', true], ['exam', true]])
		expect(visibleScos(manifest).map((s) => s.item.identifier)).toEqual(['intro', 'exam'])
	})
})

describe('prerequisites', () => {
	const progress = new Map<string, ItemProgress>([
		['done', { completion: 'completed', success: 'unknown' }],
		['passed', { completion: 'incomplete', success: 'passed' }],
		['failed', { completion: 'incomplete', success: 'failed' }],
		['started', { completion: 'incomplete', success: 'unknown' }],
	])

	test.each([
		[null, true],
		['', true],
		['   ', true],
		['done', true],
		['passed', true],
		['failed', false],
		['started', false],
		['never-seen', false],
		['done & passed', true],
		['done & started', false],
		['started | done', true],
		['started | failed', false],
		['~started', true],
		['~done', false],
		['~~done', true],
		['done&~started', true],
		['(started | done) & passed', true],
		['started | (done & failed)', false],
		['started | done & failed', false],
		['started & done | passed', true],
		['~(started | failed)', true],
	])('%j is %j', (expression, met) => {
		expect(prerequisitesMet(expression, progress)).toBe(met)
	})

	test.each(['2*{done,passed,started}', '(done', 'done)', 'done &', '& done', 'done passed', 'done = "completed"', '()', '~'])('unsupported or broken syntax %j is unknown (null), so it never locks a learner out', (expression) => {
		expect(prerequisitesMet(expression, progress)).toBeNull()
	})
})
