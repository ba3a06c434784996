/*
 * FieldReady SCORM 2004 connection helper, shared by the lesson and the worked case.
 * Finds the LMS's `API_1484_11` object, wraps its calls and formats session time.
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
		return attempt(() => (win && win.API_1484_11 ? win.API_1484_11 : null), nothing)
	}

	function parentOf(win) {
		return attempt(() => (win.parent && win.parent !== win ? win.parent : null), nothing)
	}

	/** Looks for `API_1484_11` on `start` and each window above it. */
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

	/** ISO 8601 duration as SCORM 2004 timeinterval, e.g. PT1M30S, PT1H2M3S, PT0S. */
	function formatDuration(milliseconds) {
		const total = Math.max(0, Math.floor(milliseconds / 1000))
		const hours = Math.floor(total / 3600)
		const minutes = Math.floor((total % 3600) / 60)
		const seconds = total % 60
		let text = 'PT'
		if (hours > 0) text += `${hours}H`
		if (minutes > 0) text += `${minutes}M`
		if (seconds > 0 || total === 0) text += `${seconds}S`
		return text
	}

	function connect() {
		const api = findApi()
		const startedAt = Date.now()
		let initialized = false
		let terminated = false

		const isTrue = (result) => String(result) === 'true'

		const connection = {
			found: Boolean(api),
			get initialized() {
				return initialized
			},
			get terminated() {
				return terminated
			},
			initialize() {
				if (!api) return false
				initialized = attempt(() => isTrue(api.Initialize('')), no)
				return initialized
			},
			get(element) {
				if (!initialized || terminated) return ''
				const value = attempt(() => api.GetValue(element), nothing)
				return value === null || value === undefined ? '' : String(value)
			},
			set(element, value) {
				if (!initialized || terminated) return false
				return attempt(() => isTrue(api.SetValue(element, String(value))), no)
			},
			commit() {
				if (!initialized || terminated) return false
				return attempt(() => isTrue(api.Commit('')), no)
			},
			lastError() {
				if (!api) return ''
				return attempt(() => {
					const code = String(api.GetLastError())
					return code === '0' ? '' : `${code} (${api.GetErrorString(code)})`
				}, () => '')
			},
			sessionTime() {
				return formatDuration(Date.now() - startedAt)
			},
			/** Sets cmi.exit and cmi.session_time, then calls Terminate once. */
			terminate(exitValue) {
				if (!initialized || terminated) return false
				connection.set('cmi.exit', exitValue)
				connection.set('cmi.session_time', connection.sessionTime())
				terminated = true
				return attempt(() => isTrue(api.Terminate('')), no)
			},
		}
		return connection
	}

	/** Shows `text` in the page's #lms-notice banner. */
	function showNotice(text) {
		const notice = document.getElementById('lms-notice')
		if (!notice) return
		notice.textContent = text
		notice.hidden = false
	}

	/** Finds and initialises the API, explaining in the page when that is not possible. */
	function connectAndStart() {
		const lms = connect()
		if (!lms.found) {
			showNotice('No learning system found: this page could not find the SCORM 2004 API. You can read the course, but nothing will be recorded. Open the module from FieldReady to get credit.')
		} else if (!lms.initialize()) {
			const error = lms.lastError()
			showNotice(`The learning system did not start this session (Initialize failed${error ? `, error ${error}` : ''}). Nothing will be recorded.`)
		}
		return lms
	}

	function parseSuspendData(text) {
		if (!text) return {}
		const value = attempt(() => JSON.parse(text), nothing)
		return value && typeof value === 'object' ? value : {}
	}

	global.FieldReadyScorm = { connect, connectAndStart, formatDuration, parseSuspendData, showNotice }
})(window)
