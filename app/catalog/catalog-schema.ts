import { z } from 'zod'
import { minimumMinutesField } from '#app/scorm/plausible-time.ts'
import { completionRules } from '#app/scorm/tracking.ts'
import { coversSchema, type CatalogStandard } from './standard-schema.ts'

/** The shape of every file in content/: one schema validates the whole catalog. */

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lowercase words joined by dashes, e.g. patch-application')
const certificationCode = z.string().regex(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/, 'use capitals joined by dashes, e.g. SEC-PATCH')
const workTypeCode = z.string().regex(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/, 'use capitals joined by underscores, e.g. PATCH_APPLICATION')
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`)

/**
 * From version 2 on, a module says what its revision does to the procedure: `material` (people
 * certified on earlier versions must retrain; `changeNote` says what changed, in one line) or
 * `editorial` (wording only; certificates stand).
 */
const revisionFields = {
	version: z.number().int().min(1),
	change: z.enum(['material', 'editorial'], { error: 'one of material (the procedure changed: people retrain) or editorial (wording only)' }).optional(),
	changeNote: z
		.string()
		.trim()
		.min(10, 'say in a sentence what changed (at least 10 characters)')
		.max(200, 'keep it to one line of at most 200 characters')
		.regex(/^[^\n]*$/, 'keep it to one line')
		.optional(),
}

function checkRevision(module: { version: number; change?: string; changeNote?: string }, context: z.RefinementCtx) {
	if (module.version === 1 && module.change) context.addIssue({ code: 'custom', path: ['change'], message: 'version 1 is the first version: change: applies from version 2 on' })
	if (module.version > 1 && !module.change) context.addIssue({ code: 'custom', path: ['version'], message: `version ${module.version} must say change: material (people retrain; add changeNote) or change: editorial` })
	if (module.change === 'material' && !module.changeNote) context.addIssue({ code: 'custom', path: ['change'], message: 'a material change needs changeNote: one line saying what changed in the procedure' })
}

/** What every module says about itself, markdown or SCORM. */
const moduleFields = {
	id: slug,
	title: text(120),
	summary: text(400),
	estimatedMinutes: z.number().int().min(1).max(240),
	objectives: z.array(text(300)).min(1, 'list at least one learning objective'),
	covers: coversSchema,
	...revisionFields,
}

export const moduleFrontMatterSchema = z.strictObject(moduleFields).superRefine(checkRevision)

/** A SCORM module: the package is a folder or a .zip under content/, e.g. packages/removable-media-check. */
export const scormModuleSchema = z
	.strictObject({
		kind: z.literal('scorm', { error: 'a module described in YAML is a SCORM module: kind: scorm' }),
		...moduleFields,
		package: z
			.string()
			.regex(/^[a-z0-9][a-z0-9._/-]*$/i, 'a path under content/, e.g. packages/removable-media-check')
			.refine((value) => !value.split('/').includes('..'), 'must stay inside content/'),
		completion: z.enum(completionRules, { error: `one of ${completionRules.join(', ')}` }),
		/** Finished sooner than this after starting, a completion waits for a manager's review; default half of estimatedMinutes, 0 = no minimum. */
		minimumMinutes: z.number().int().min(minimumMinutesField.min).max(minimumMinutesField.max).optional(),
	})
	.superRefine(checkRevision)
	.superRefine((module, context) => {
		if (module.minimumMinutes !== undefined && module.minimumMinutes > module.estimatedMinutes) {
			context.addIssue({ code: 'custom', path: ['minimumMinutes'], message: `must not exceed estimatedMinutes (${module.estimatedMinutes}): it is the least time in which the course can plausibly be done` })
		}
	})

const optionSchema = z.strictObject({
	text: text(500),
	correct: z.boolean().optional(),
})

const choiceQuestionSchema = z.strictObject({
	id: z.string().regex(/^[a-z0-9-]+$/, 'use lowercase letters, digits and dashes'),
	type: z.enum(['single', 'multiple']),
	prompt: text(1000),
	options: z.array(optionSchema).min(2, 'give at least two options').max(8, 'give at most eight options'),
	explanation: text(1000),
	/** What this question checks: within what its module covers. */
	covers: coversSchema,
	/** The module section (its `## ` heading) that teaches the answer: a rep who misses it is sent there. */
	section: text(160).optional(),
})

const trueFalseQuestionSchema = z.strictObject({
	id: z.string().regex(/^[a-z0-9-]+$/, 'use lowercase letters, digits and dashes'),
	type: z.literal('true-false'),
	prompt: text(1000),
	answer: z.boolean({ error: 'a true-false question needs answer: true or answer: false' }),
	explanation: text(1000),
	covers: coversSchema,
	section: text(160).optional(),
})

export const quizBankSchema = z.strictObject({
	id: slug,
	module: slug,
	title: text(160),
	version: z.number().int().min(1),
	questionsPerAttempt: z.number().int().min(1),
	passMark: z.number().min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100 (a percentage)'),
	attemptLimit: z.strictObject({
		count: z.number().int().min(1),
		periodHours: z.number().int().min(1),
	}),
	cooldownMinutes: z.number().int().min(0),
	scoring: z.enum(['all-or-nothing', 'partial']).default('all-or-nothing'),
	questions: z.array(z.discriminatedUnion('type', [choiceQuestionSchema, trueFalseQuestionSchema])).min(1),
})

export const certificationSchema = z.strictObject({
	code: certificationCode,
	name: text(120),
	description: text(1000),
	validityMonths: z.number().int().min(1).max(120),
	recertificationWindowDays: z.number().int().min(1).max(365),
	requiredForAllReps: z.boolean().default(false),
	requiredModules: z.array(slug).min(1, 'a certification needs at least one required module'),
	/** A checklist in content/checklists/: the certification also needs an observed practical assessment. */
	practicalAssessment: slug.optional(),
	/** After a material change to a required module, how long holders have to retrain before they stop being eligible. */
	retrainingGraceDays: z.number().int().min(0).max(365).default(90),
})

/** What an assessor observes: every item must be met for the outcome to be "competent". */
export const checklistSchema = z.strictObject({
	id: slug,
	title: text(160),
	version: z.number().int().min(1),
	summary: text(1000),
	items: z
		.array(z.strictObject({ id: z.string().regex(/^[a-z0-9-]+$/, 'use lowercase letters, digits and dashes'), text: text(500) }))
		.min(3, 'a checklist needs at least three items')
		.max(40, 'a checklist has at most 40 items'),
})

export const workTypesFileSchema = z.strictObject({
	workTypes: z
		.array(
			z.strictObject({
				code: workTypeCode,
				name: text(120),
				description: text(500),
				requiredCertifications: z.array(certificationCode).min(1, 'a work type needs at least one certification'),
			}),
		)
		.min(1),
})

export type ModuleFrontMatter = z.infer<typeof moduleFrontMatterSchema>
export type QuizBankFile = z.infer<typeof quizBankSchema>
export type CertificationFile = z.infer<typeof certificationSchema>
export type WorkTypeFile = z.infer<typeof workTypesFileSchema>['workTypes'][number]

export type QuestionType = 'single' | 'multiple' | 'true-false'
export type Question = {
	id: string
	type: QuestionType
	prompt: string
	options: Array<{ text: string; correct: boolean }>
	explanation: string
	/** IEC 62443-2-4 requirement ids the question checks (absent in versions stored before coverage was recorded). */
	covers?: string[]
	/** The module section that teaches the answer. */
	section?: string
}
export type ModuleSection = { title: string; markdown: string }

export type CatalogModule = ModuleFrontMatter & { file: string; contentHash: string; body: string; sections: ModuleSection[] }
export type ScormModuleFile = z.infer<typeof scormModuleSchema>
/** `packageBytes` is the zip (a folder is zipped reproducibly, so unchanged content keeps its hash). */
export type CatalogScormModule = ScormModuleFile & { file: string; contentHash: string; packageBytes: Uint8Array }
export type CatalogQuiz = Omit<QuizBankFile, 'questions'> & { file: string; contentHash: string; questions: Question[] }
export type CatalogCertification = CertificationFile & { file: string }
export type CatalogWorkType = WorkTypeFile & { file: string }
export type ChecklistFile = z.infer<typeof checklistSchema>
export type CatalogChecklist = ChecklistFile & { file: string; contentHash: string }

export type Catalog = {
	modules: CatalogModule[]
	scormModules: CatalogScormModule[]
	quizzes: CatalogQuiz[]
	certifications: CatalogCertification[]
	workTypes: CatalogWorkType[]
	checklists: CatalogChecklist[]
	standard: CatalogStandard
}

export type CatalogProblem = { file: string; line?: number; message: string }
