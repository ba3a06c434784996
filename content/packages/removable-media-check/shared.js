/*
 * FieldReady SCORM 1.2 connection helper.
 * Finds the LMS's `API` object, wraps the LMS* calls and formats session time.
 */
;(function (global) {
	'use strict'

	const MAX_HOPS = 50

	/** Runs `action`; if it throws, returns `fallback(error)` instead. */
	function attempt(action, fallback) {
		try {
			return action()
		} catch (error) {
			return fallback(error)
		}
	}

	const nothing = () => null
	const no = () => false

	function apiOf(win) {
		// A frame from another origin throws when its properties are read.
		return attempt(() => (win && win.API ? win.API : null), nothing)
	}

	function parentOf(win) {
		return attempt(() => (win.parent && win.parent !== win ? win.parent : null), nothing)
	}

	/** Looks for `API` on `start` and each window above it. */
	function searchUpwards(start) {
		let win = start
		for (let hops = 0; win && hops <= MAX_HOPS; hops += 1) {
			const api = apiOf(win)
			if (api) return api
			win = parentOf(win)
		}
		return null
	}

	function findApi() {
		const found = searchUpwards(global)
		if (found) return found
		const opener = attempt(() => (global.opener && !global.opener.closed ? global.opener : null), nothing)
		return opener ? searchUpwards(opener) : null
	}

	const pad = (value, width) => String(value).padStart(width, '0')

	/** SCORM 1.2 CMITimespan, HHHH:MM:SS. */
	function formatSessionTime(milliseconds) {
		const total = Math.max(0, Math.floor(milliseconds / 1000))
		const hours = Math.min(9999, Math.floor(total / 3600))
		const minutes = Math.floor((total % 3600) / 60)
		const seconds = total % 60
		return `${pad(hours, 4)}:${pad(minutes, 2)}:${pad(seconds, 2)}`
	}

	function connect() {
		const api = findApi()
		const startedAt = Date.now()
		let initialized = false
		let finished = false

		const isTrue = (result) => String(result) === 'true'

		const connection = {
			found: Boolean(api),
			get initialized() {
				return initialized
			},
			get finished() {
				return finished
			},
			initialize() {
				if (!api) return false
				initialized = attempt(() => isTrue(api.LMSInitialize('')), no)
				return initialized
			},
			get(element) {
				if (!initialized || finished) return ''
				const value = attempt(() => api.LMSGetValue(element), nothing)
				return value === null || value === undefined ? '' : String(value)
			},
			set(element, value) {
				if (!initialized || finished) return false
				return attempt(() => isTrue(api.LMSSetValue(element, String(value))), no)
			},
			commit() {
				if (!initialized || finished) return false
				return attempt(() => isTrue(api.LMSCommit('')), no)
			},
			lastError() {
				if (!api) return ''
				return attempt(() => {
					const code = String(api.LMSGetLastError())
					return code === '0' ? '' : `${code} (${api.LMSGetErrorString(code)})`
				}, () => '')
			},
			sessionTime() {
				return formatSessionTime(Date.now() - startedAt)
			},
			/** Sets cmi.core.exit and cmi.core.session_time, then calls LMSFinish once. */
			finish(exitValue) {
				if (!initialized || finished) return false
				connection.set('cmi.core.exit', exitValue)
				connection.set('cmi.core.session_time', connection.sessionTime())
				finished = true
				return attempt(() => isTrue(api.LMSFinish('')), no)
			},
		}
		return connection
	}

	/** Parses suspend data written as JSON; anything else gives an empty object. */
	function parseSuspendData(text) {
		if (!text) return {}
		const value = attempt(() => JSON.parse(text), nothing)
		return value && typeof value === 'object' ? value : {}
	}

	global.FieldReadyScorm = { connect, formatSessionTime, parseSuspendData }
})(window)
