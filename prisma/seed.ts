// `npm run db:seed`: migrates, syncs the catalog and seeds the demo data, if the database is empty.
import { prepareDatabase } from '#app/cli/prepare-database.ts'
import { prisma } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'

const { seeded } = await prepareDatabase({ databaseUrl: getEnv().DATABASE_URL, demoData: true, now: new Date() }, prisma)
console.log(seeded ? 'Seeded the demo data.' : 'The database already has data; nothing seeded.')
await prisma.$disconnect()
