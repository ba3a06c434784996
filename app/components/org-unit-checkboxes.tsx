export type OrgUnitChoice = { code: string; name: string; path: string }

/** How far below the top of the tree a unit sits: a business line is 0. */
const depth = (unit: OrgUnitChoice) => unit.path.split('/').filter(Boolean).length - 1

/**
 * Who a course is offered to: org units as a tree of checkboxes (`units` ordered by path, each
 * indented under its parent), none ticked meaning everyone. `id` keeps the hint and error ids
 * apart when a page has several of these.
 */
export function OrgUnitCheckboxes({ id, name, legend, units, checked = [], errors }: { id: string; name: string; legend: string; units: OrgUnitChoice[]; checked?: string[]; errors?: string[] | null }) {
	const hintId = `${id}-hint`
	const errorId = `${id}-error`
	return (
		<fieldset aria-describedby={errors?.length ? `${hintId} ${errorId}` : hintId}>
			<legend>{legend}</legend>
			<p id={hintId} className="muted">
				Tick the business lines, regions or teams whose people may take this course (a unit includes those below it). Leave all unticked to offer it to everyone.
			</p>
			<ul className="unit-tree">
				{units.map((unit) => (
					<li key={unit.code} style={{ paddingLeft: `${depth(unit) * 1.25}rem` }}>
						<label className="choice">
							<input type="checkbox" name={name} value={unit.code} defaultChecked={checked.includes(unit.code)} />
							<span>{unit.name}</span>
						</label>
					</li>
				))}
			</ul>
			{errors?.length ? (
				<p className="field-error" id={errorId}>
					{errors.join(' ')}
				</p>
			) : null}
		</fieldset>
	)
}
