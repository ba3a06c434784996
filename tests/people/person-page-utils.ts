import { expect } from 'vitest'
import { loader as personLoader } from '#app/routes/manage+/people.$employeeId.tsx'
import { signedInRequest } from '#tests/factories.ts'

export type PersonPage = Awaited<ReturnType<typeof personLoader>>
type ViewName = PersonPage['view']['name']

/** The person page as `viewerId` loads it, at `search` (such as `?view=training`). */
export async function loadPersonPage(viewerId: string, employeeId: string, search = '') {
	return personLoader({ request: await signedInRequest(viewerId, `http://localhost/manage/people/${employeeId}${search}`), params: { employeeId }, context: {} })
}

/** The page's view, checked to be `name`: each view carries its own data. */
export function viewOf<Name extends ViewName>(page: PersonPage, name: Name) {
	expect(page.view.name).toBe(name)
	return page.view as Extract<PersonPage['view'], { name: Name }>
}
