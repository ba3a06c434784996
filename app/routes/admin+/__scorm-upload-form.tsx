import { Form, useNavigation } from '@remix-run/react'
import { OrgUnitCheckboxes, type OrgUnitChoice } from '#app/components/org-unit-checkboxes.tsx'
import { completionRules } from '#app/scorm/tracking.ts'

type Errors = Record<string, string[] | null | undefined>

const ruleLabels: Record<(typeof completionRules)[number], string> = {
	Completed: 'Completed: the learner finishes every part',
	Passed: 'Passed: the learner passes',
	CompletedAndPassed: 'Completed and passed',
	CompletedOrPassed: 'Completed or passed',
}

function FieldError({ errors }: { errors: string[] | null | undefined }) {
	return errors?.length ? <p className="field-error">{errors.join(' ')}</p> : null
}

type Imported = { moduleId: string; version: number; unchanged: boolean; warnings: string[] }

/** What the package gets wrong that the import read around: the module works, its author may want to fix these. */
function ImportWarnings({ warnings }: { warnings: string[] }) {
	if (warnings.length === 0) return null
	return (
		<div className="notice">
			<p>The package was imported, but its manifest has {warnings.length === 1 ? 'a problem' : 'problems'} FieldReady read around:</p>
			<ul>
				{warnings.map((warning) => (
					<li key={warning}>{warning}</li>
				))}
			</ul>
		</div>
	)
}

/** Upload of a SCORM zip as a new module, or as a new version of a module uploaded before. */
export function ScormUploadForm({ errors, imported, units }: { errors: Errors; imported: Imported | null; units: OrgUnitChoice[] }) {
	const navigation = useNavigation()
	const uploading = navigation.state === 'submitting' && navigation.formEncType === 'multipart/form-data'
	return (
		<section className="card" aria-labelledby="upload-heading">
			<h2 id="upload-heading">Upload a SCORM package</h2>
			<p className="muted">
				A SCORM 1.2 or 2004 zip with imsmanifest.xml at its root. Uploading again under the same module id adds a version; reps already in the course finish the version they
				started. An uploaded course is offered to the org units you choose (or everyone) and can be retired on the Courses page; to make one required by a certification,
				add it to content/ (modules/&lt;id&gt;.yaml and its package).
			</p>
			{imported ? (
				<div role="status" className="stack">
					<p className="notice">
						{imported.unchanged ? `Module ${imported.moduleId} already has this package and settings (version ${imported.version}).` : `Imported module ${imported.moduleId}, version ${imported.version}.`}
					</p>
					<ImportWarnings warnings={imported.warnings} />
				</div>
			) : null}
			{errors[''] || errors.package ? (
				<div className="form-error" role="alert">
					{[...(errors[''] ?? []), ...(errors.package ?? [])].map((message) => (
						<p key={message}>{message}</p>
					))}
				</div>
			) : null}
			<Form method="post" encType="multipart/form-data" className="stack">
				<div className="field">
					<label htmlFor="package">Package (.zip)</label>
					<input id="package" name="package" type="file" accept=".zip,application/zip" required />
				</div>
				<div className="field">
					<label htmlFor="moduleId">Module id</label>
					<input id="moduleId" name="moduleId" required pattern="[a-z0-9]+(-[a-z0-9]+)*" placeholder="arc-flash-refresher" />
					<FieldError errors={errors.moduleId} />
				</div>
				<div className="field">
					<label htmlFor="title">Title</label>
					<input id="title" name="title" required minLength={3} maxLength={120} />
					<FieldError errors={errors.title} />
				</div>
				<div className="field">
					<label htmlFor="summary">Summary (optional)</label>
					<input id="summary" name="summary" maxLength={400} />
					<FieldError errors={errors.summary} />
				</div>
				<div className="field">
					<label htmlFor="estimatedMinutes">Estimated minutes</label>
					<input id="estimatedMinutes" name="estimatedMinutes" type="number" min={1} max={240} defaultValue={30} required />
					<FieldError errors={errors.estimatedMinutes} />
				</div>
				<div className="field">
					<label htmlFor="minimumMinutes">Minimum plausible minutes (optional)</label>
					<input id="minimumMinutes" name="minimumMinutes" type="number" min={0} max={240} aria-describedby="minimumMinutes-hint" />
					<p id="minimumMinutes-hint" className="muted">
						A completion reached sooner than this after starting waits for a manager&apos;s review instead of counting. Empty: half the estimated time; 0: no minimum.
					</p>
					<FieldError errors={errors.minimumMinutes} />
				</div>
				<div className="field">
					<label htmlFor="completion">Counts as done when</label>
					<select id="completion" name="completion" defaultValue="auto">
						<option value="auto">Decided by the package: passed and completed if it sets a passing score, else completed</option>
						{completionRules.map((rule) => (
							<option key={rule} value={rule}>
								{ruleLabels[rule]}
							</option>
						))}
					</select>
					<FieldError errors={errors.completion} />
				</div>
				<OrgUnitCheckboxes id="audience" name="audience" legend="Offered to" units={units} errors={errors.audience} />
				<button type="submit" disabled={uploading}>
					{uploading ? 'Uploading and checking…' : 'Upload package'}
				</button>
			</Form>
		</section>
	)
}
