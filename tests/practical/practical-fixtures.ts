import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { awardOnProgress } from '#app/certification/awards.server.ts'
import { completeModuleReading, recordSectionViewed } from '#app/learning/module-progress.server.ts'
import { startQuizAttempt, submitQuizAttempt } from '#app/quiz/attempts.server.ts'
import { answersFor, copyOfFixtureCatalog } from '#tests/catalog-utils.ts'

export const ITEMS = ['plan-agreed', 'access-approved', 'work-recorded']

/** The fixture catalog, and the same with CERT-A requiring an observed practical on a three-item checklist. */
export function catalogs() {
	const plain = copyOfFixtureCatalog()
	const practical = copyOfFixtureCatalog()
	mkdirSync(path.join(practical.dir, 'checklists'))
	writeFileSync(
		path.join(practical.dir, 'checklists', 'site-visit-practical.yaml'),
		`id: site-visit-practical\ntitle: Observed site visit\nversion: 1\nsummary: The assessor watches one site visit from arrival to handover.\nitems:\n${ITEMS.map((id) => `  - id: ${id}\n    text: The rep does ${id.replace(/-/g, ' ')}.`).join('\n')}\n`,
	)
	practical.edit('certifications/cert-a.yaml', (source) => `${source.trimEnd()}\npracticalAssessment: site-visit-practical\n`)
	return { plain: plain.dir, practical: practical.dir }
}

async function readModule(personId: string, moduleId: string, at: Date) {
	for (let i = 0; i < 2; i++) await recordSectionViewed({ personId, moduleId, sectionIndex: i, at })
	await completeModuleReading({ personId, moduleId, at, onCompleted: awardOnProgress })
}

/** Reads both modules of CERT-A and passes alpha's quiz, finishing a minute after `at`. */
export async function doTraining(personId: string, at: Date) {
	await readModule(personId, 'beta', at)
	await readModule(personId, 'alpha', at)
	const { attemptId } = await startQuizAttempt({ personId, quizId: 'alpha-quiz', at })
	await submitQuizAttempt({ attemptId, personId, answers: await answersFor(attemptId, { correct: true }), at: new Date(at.getTime() + 60_000), onPassed: awardOnProgress })
}

export const allMet = Object.fromEntries(ITEMS.map((id) => [id, 'met']))
export const form = (overrides: Record<string, unknown> = {}) => ({
	certificationCode: 'CERT-A',
	performedOn: '2026-04-10',
	setting: 'work-order',
	reference: 'WO-48213',
	items: allMet,
	outcome: 'competent',
	notes: '',
	...overrides,
})

