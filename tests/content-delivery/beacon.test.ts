import { randomBytes } from 'node:crypto'
import { inflateRawSync } from 'node:zlib'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { sendBeaconJson } from '#app/content-delivery/player/beacon.client.ts'
import { BEACON_LIMIT_BYTES } from '#app/content-delivery/player-protocol.ts'

/** What the browser was handed, as the content origin would receive it. */
function captureBeacons() {
	const sent: string[] = []
	vi.stubGlobal('navigator', { sendBeacon: (_url: string, blob: Blob) => (void blob.text().then((text) => sent.push(text)), true) })
	return async () => (await new Promise((resolve) => setTimeout(resolve, 0)), sent)
}

afterEach(() => vi.unstubAllGlobals())

describe('a leaving page’s beacon', () => {
	test('sends a body that fits as it is', async () => {
		const sent = captureBeacons()
		expect(sendBeaconJson('/commit', '{"sequence":1}')).toBe(true)
		expect(await sent()).toEqual(['{"sequence":1}'])
	})

	test('deflates a large sequencing state (a 40-activity course is over 100 KB) into the envelope, which inflates back exactly', async () => {
		const sent = captureBeacons()
		const activities = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`activity-${i}`, { completionStatus: 'incomplete', successStatus: 'unknown', attemptCount: 1, isSuspended: false, objectives: { primary: { satisfiedStatus: false, measureStatus: false, normalizedMeasure: 0 } }, padding: 'x'.repeat(2500) }]))
		const json = JSON.stringify({ sequence: 3, state: JSON.stringify({ sequencing: { activityStates: activities } }), root: { completion: 'incomplete', success: 'unknown', scoreScaled: null } })
		expect(json.length).toBeGreaterThan(100_000)
		expect(sendBeaconJson('/sequencing', json)).toBe(true)
		const [body] = await sent()
		expect(body!.length).toBeLessThanOrEqual(BEACON_LIMIT_BYTES)
		const { deflated } = JSON.parse(body!) as { deflated: string }
		expect(inflateRawSync(Buffer.from(deflated, 'base64')).toString('utf8')).toBe(json)
	})

	test('refuses what does not fit even deflated, rather than send a beacon the browser would drop', async () => {
		const sent = captureBeacons()
		expect(sendBeaconJson('/commit', JSON.stringify({ noise: randomBytes(120_000).toString('base64') }))).toBe(false)
		expect(await sent()).toEqual([])
	})
})
