import { deflateSync, strToU8 } from 'fflate'
import { BEACON_LIMIT_BYTES } from '../player-protocol.ts'

const base64 = (bytes: Uint8Array) => {
	let binary = ''
	for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
	return btoa(binary)
}

/**
 * Sends JSON while the page is being left, the one way a closing page still can. Browsers take at
 * most 64 KiB by beacon; a larger body is deflated into the envelope the content origin unwraps.
 * False when even that is too large, or the browser refused it.
 */
export function sendBeaconJson(url: string, json: string) {
	const raw = strToU8(json)
	const body = raw.length <= BEACON_LIMIT_BYTES ? json : JSON.stringify({ deflated: base64(deflateSync(raw, { level: 9 })) })
	if (body.length > BEACON_LIMIT_BYTES) return false
	return navigator.sendBeacon(url, new Blob([body], { type: 'text/plain;charset=UTF-8' }))
}
