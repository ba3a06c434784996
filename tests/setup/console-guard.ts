import { afterEach, beforeEach, vi } from 'vitest'

beforeEach(() => {
	// An unexpected console.error fails the test; a test that expects one mocks it explicitly.
	vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
		throw new Error(`console.error was called: ${args.map(String).join(' ')}`)
	})
})

afterEach(() => {
	vi.restoreAllMocks()
})
