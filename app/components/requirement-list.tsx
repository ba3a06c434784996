/** IEC 62443-2-4 requirement ids with FieldReady's short titles for them. */
export function RequirementList({ requirements }: { requirements: Array<{ id: string; title: string | null }> }) {
	return (
		<ul>
			{requirements.map((r) => (
				<li key={r.id}>
					<strong>{r.id}</strong>
					{r.title ? `: ${r.title}` : ''}
				</li>
			))}
		</ul>
	)
}
