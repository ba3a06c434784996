import type autocannon from 'autocannon'
import { type CpuShare, type Figure, createApiKey, load, measureCpu, percentile, startApp, startBareServer } from './harness.ts'
import { syntheticWorkforce, workingCopy } from './workforce.ts'

const CONNECTIONS = 50
const DURATION_S = 10

async function singleChecks({ baseUrl, pid }: { baseUrl: string; pid: number }, key: string, reps: number) {
	// Warm the server (JIT, caches) before measuring.
	const path = () => `/api/v1/reps/BR-${100000 + Math.floor(Math.random() * reps)}/eligibility?workType=PATCH_APPLICATION`
	const request = { setupRequest: (req: autocannon.Request) => ({ ...req, path: path() }) }
	await load({ url: baseUrl, connections: CONNECTIONS, duration: 3, headers: { authorization: `Bearer ${key}` }, requests: [request] })
	return measureCpu(pid, () => load({ url: baseUrl, connections: CONNECTIONS, duration: DURATION_S, headers: { authorization: `Bearer ${key}` }, requests: [request] }))
}

/** How much CPU the server spent per check, and how busy the rest of the machine was meanwhile. */
function cpuFigures(cpu: CpuShare | null, checks: number, label: string): Figure[] {
	if (!cpu) return []
	const percentOfOneCore = (ms: number) => Math.round((ms / cpu.wallMs) * 100)
	return [
		{ name: `server CPU per single check, ${label}`, value: Math.round((cpu.serverMs / checks) * 1000), unit: 'us', target: 'report', pass: true },
		{ name: `load generator CPU during single checks, ${label}`, value: percentOfOneCore(cpu.loadGeneratorMs), unit: '% of a core', target: 'report', pass: true },
		{ name: `other processes' CPU during single checks, ${label}`, value: percentOfOneCore(cpu.otherProcessesMs), unit: '% of a core', target: 'report (near 0 for a fair run)', pass: true },
	]
}

async function batchLatency(baseUrl: string, key: string, reps: number) {
	const timings: number[] = []
	for (let i = 0; i < 25; i++) {
		const employeeIds = [...new Set(Array.from({ length: 1200 }, () => `BR-${100000 + Math.floor(Math.random() * reps)}`))].slice(0, 1000)
		const started = performance.now()
		const response = await fetch(`${baseUrl}/api/v1/eligibility/batch`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ workType: 'PATCH_APPLICATION', employeeIds }),
		})
		await response.arrayBuffer()
		if (response.status !== 200) throw new Error(`batch answered ${response.status}`)
		if (i >= 5) timings.push(performance.now() - started)
	}
	return { p50: percentile(timings, 50), p95: percentile(timings, 95) }
}

/** Single-check throughput and latency, and batch-of-1000 latency, at each workforce size. */
export async function benchCompetencyApi({ sizes, now }: { sizes: number[]; now: Date }): Promise<Figure[]> {
	const bare = await startBareServer()
	const bareResult = await load({ url: bare.baseUrl, connections: CONNECTIONS, duration: DURATION_S })
	await bare.stop()
	const figures: Figure[] = [{ name: 'bare node:http fixed JSON', value: Math.round(bareResult.rps), unit: 'req/s', target: 'reference', pass: true }]
	for (const reps of sizes) {
		const databaseFile = workingCopy(await syntheticWorkforce(reps, now), 'api')
		const key = createApiKey(databaseFile, `bench ${Date.now()}`)
		const app = await startApp(databaseFile)
		try {
			const { result: single, cpu } = await singleChecks(app, key, reps)
			if (single.non2xx || single.errors) throw new Error(`single checks failed: ${single.non2xx} non-2xx, ${single.errors} errors`)
			const batch = await batchLatency(app.baseUrl, key, reps)
			const label = `${reps.toLocaleString('en')} reps`
			figures.push(
				{ name: `single check throughput, ${label}`, value: Math.round(single.rps), unit: 'checks/s', target: '>= 1500', pass: single.rps >= 1500 },
				{ name: `single check vs bare server, ${label}`, value: Math.round((single.rps / bareResult.rps) * 1000) / 10, unit: '%', target: '>= 10', pass: single.rps / bareResult.rps >= 0.1 },
				{ name: `single check p50, ${label}`, value: single.p50, unit: 'ms', target: 'report', pass: true },
				{ name: `single check p99, ${label}`, value: single.p99, unit: 'ms', target: '<= 25', pass: single.p99 <= 25 },
				{ name: `batch of 1000 p50, ${label}`, value: Math.round(batch.p50), unit: 'ms', target: '<= 150', pass: batch.p50 <= 150 },
				{ name: `batch of 1000 p95, ${label}`, value: Math.round(batch.p95), unit: 'ms', target: 'report', pass: true },
				...cpuFigures(cpu, single.total, label),
			)
		} finally {
			await app.stop()
		}
	}
	return figures
}
