import { isDatabaseEmpty, seedDemoData } from '#app/demo/demo-data.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type Env } from '#app/utils/env.server.ts'

/** Seeds the demo data into an empty database (never into one that has data), unless disabled. */
export async function seedDemoDataIfEmpty(env: Env) {
	if (!env.DEMO_DATA) return
	if (await isDatabaseEmpty()) {
		console.log('Empty database: loading the demo data…')
		await seedDemoData({ now: new Date() })
		console.log('Demo data loaded (demo accounts: see README).')
	}
	await prisma.$disconnect()
}
