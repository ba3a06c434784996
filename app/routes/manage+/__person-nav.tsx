import { Link } from '@remix-run/react'

/** The person page's parts, each at its own address (`?view=`), so that it loads only what it shows. */
export const personViews = ['overview', 'training', 'history', 'administration'] as const
export type PersonView = (typeof personViews)[number]

export const VIEW_PARAM = 'view'

const viewLabels: Record<PersonView, string> = { overview: 'Overview', training: 'Training', history: 'History', administration: 'Administration' }

export const viewLabel = (view: PersonView) => viewLabels[view]

/** A view's address relative to the page: a search alone keeps the path and drops every other parameter (a page of interactions belongs to the view it was on). */
export const viewHref = (view: PersonView, hash = '') => `?${new URLSearchParams({ [VIEW_PARAM]: view })}${hash}`

/**
 * Plain links rather than ARIA tabs: each view is a page of its own, so Back, Forward, a reload, a
 * shared link and a browser without JavaScript all agree, and assistive technology needs nothing new.
 */
export function PersonViewNav({ current, isAdmin, heldCompletions }: { current: PersonView; isAdmin: boolean; heldCompletions: number }) {
	return (
		<nav aria-label="Person record" className="view-nav">
			<ul>
				{personViews
					.filter((view) => view !== 'administration' || isAdmin)
					.map((view) => (
						<li key={view}>
							<Link to={viewHref(view)} aria-current={view === current ? 'page' : undefined}>
								{viewLabel(view)}
								{view === 'training' && heldCompletions > 0 ? (
									<>
										{' '}
										<span className="badge badge-expiring">{heldCompletions} to review</span>
									</>
								) : null}
							</Link>
						</li>
					))}
			</ul>
		</nav>
	)
}
