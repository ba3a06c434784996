import { expect, test } from 'vitest'
import { safeRedirectPath } from '#app/utils/request.server.ts'

test.each([
	['/learn', '/learn'],
	['/manage/people?q=SR-1001#history', '/manage/people?q=SR-1001#history'],
	['/%09/evil.example', '/%09/evil.example'],
	['/a/../b', '/b'],
])('a same-origin path is kept: %j', (value, expected) => {
	expect(safeRedirectPath(value, '/home')).toBe(expected)
})

test.each([
	['//evil.example'],
	['/\t/evil.example'],
	['/\n/evil.example'],
	['/\r\nSet-Cookie: x=1'],
	['/ /evil.example'],
	['/\\evil.example'],
	['\\\\evil.example'],
	['https://evil.example/learn'],
	['javascript:alert(1)'],
	['learn'],
	[''],
	[`/${'a'.repeat(2001)}`],
	[undefined],
	[42],
])('anything else goes home: %j', (value) => {
	expect(safeRedirectPath(value, '/home')).toBe('/home')
})
