import { beforeAll, expect, test } from 'vitest'
import { action as learnAction } from '#app/routes/learn+/_index.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { createTestOrg, createTestPerson, settle, signedInRequest } from '#tests/factories.ts'

beforeAll(async () => {
	await createTestOrg()
})

const notice = (personId: string) => prisma.notification.create({ data: { personId, kind: 'expiry_reminder', milestone: '30d', title: 'CERT-A expires in 30 days', body: 'Renew it.', createdAt: new Date() }, select: { id: true } })
const markRead = async (personId: string, form: Record<string, string>) =>
	settle(async () => learnAction({ request: await signedInRequest(personId, 'http://localhost/learn', { method: 'POST', body: new URLSearchParams(form) }), params: {}, context: {} }))
const readAudits = (notificationId: string) => prisma.auditEvent.count({ where: { action: 'notification.read', subjectId: notificationId } })

test('reading a notice marks it read once, audited once; another person’s notice is left alone', async () => {
	const rep = await createTestPerson()
	const other = await createTestPerson()
	const mine = await notice(rep.id)
	const theirs = await notice(other.id)
	expect(await markRead(rep.id, { notificationId: mine.id })).toEqual({ ok: true })
	expect(await markRead(rep.id, { notificationId: mine.id })).toEqual({ ok: true })
	expect(await readAudits(mine.id)).toBe(1)
	expect(await prisma.notification.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ readAt: expect.any(Date) })

	await markRead(rep.id, { notificationId: theirs.id })
	expect(await prisma.notification.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ readAt: null })
	expect(await readAudits(theirs.id)).toBe(0)
})

test('a request that names no notice is a 400 with a reason, not a 500', async () => {
	const rep = await createTestPerson()
	const answer = (await markRead(rep.id, {})) as Response
	expect(answer.status).toBe(400)
	expect(await answer.text()).toBe('Unrecognised request: say which notice to mark as read (notificationId).')
})
