import { describe, expect, test } from 'vitest'
import { isCrossSiteWrite } from '#app/utils/csrf.server.ts'

const origin = 'http://localhost:3000'
const request = (method: string, headers: Record<string, string> = {}) => ({ method, headers: new Headers(headers) })

describe('cross-site write detection', () => {
	test('reads are never blocked', () => {
		expect(isCrossSiteWrite(request('GET', { 'sec-fetch-site': 'cross-site' }), origin)).toBe(false)
	})
	test('a post from our own pages passes', () => {
		expect(isCrossSiteWrite(request('POST', { 'sec-fetch-site': 'same-origin', origin }), origin)).toBe(false)
	})
	test('a post from another site is blocked by Fetch Metadata or by Origin', () => {
		expect(isCrossSiteWrite(request('POST', { 'sec-fetch-site': 'cross-site' }), origin)).toBe(true)
		expect(isCrossSiteWrite(request('POST', { 'sec-fetch-site': 'same-site' }), origin)).toBe(true)
		expect(isCrossSiteWrite(request('POST', { origin: 'https://evil.example' }), origin)).toBe(true)
	})
	test('the content origin beside the app is same-site, and still refused: only the exact app origin may write', () => {
		const contentOrigin = 'http://localhost:3001'
		expect(isCrossSiteWrite(request('POST', { 'sec-fetch-site': 'same-site', origin: contentOrigin }), origin)).toBe(true)
		expect(isCrossSiteWrite(request('POST', { origin: contentOrigin }), origin)).toBe(true)
		expect(isCrossSiteWrite(request('POST', { origin: 'https://content.fieldready.example' }), 'https://fieldready.example')).toBe(true)
	})
	test('non-browser clients without those headers are not browsers to protect', () => {
		expect(isCrossSiteWrite(request('POST'), origin)).toBe(false)
	})
})
