// Seeds the demo data into the database named by DATABASE_URL, if it is empty.
import { isDatabaseEmpty, seedDemoData } from '#app/demo/demo-data.server.ts'
import { prisma } from '#app/utils/db.server.ts'

if (await isDatabaseEmpty()) {
	await seedDemoData({ now: new Date() })
	console.log('Seeded the demo data.')
} else {
	console.log('The database already has data; nothing seeded.')
}
await prisma.$disconnect()
