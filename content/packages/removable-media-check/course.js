/*
 * "Removable Media and Portable Tools on Site": page navigation and SCORM 1.2 tracking.
 * Loaded after shared.js. The course is a lesson only: it grades nothing and reports no result.
 * Finish on the last page sets cmi.core.lesson_status "completed"; the graded quiz for this
 * module is held and marked by FieldReady, not by this package.
 */
;(function () {
	'use strict'

	const PAGE_COUNT = 7

	const lms = window.FieldReadyScorm.connect()
	const byId = (id) => document.getElementById(id)

	const ui = {
		course: byId('course'),
		progress: byId('progress'),
		notice: byId('lms-notice'),
		pager: document.querySelector('.pager'),
		back: byId('back-button'),
		next: byId('next-button'),
		finish: byId('finish-button'),
		message: byId('end-message'),
	}

	const state = { page: 1, ended: false }

	// True once the LMS holds "completed" (or any other final status): from then on the SCO never
	// writes "incomplete" again, so reviewing pages cannot undo a finished course.
	let statusIsFinal = false

	function showNotice(text) {
		ui.notice.textContent = text
		ui.notice.hidden = false
	}

	function suspendData() {
		return JSON.stringify({ v: 2, page: state.page })
	}

	/** Location, suspend data and (until the course is finished) "incomplete", then commit. */
	function saveProgress() {
		if (!lms.initialized || lms.finished) return
		lms.set('cmi.core.lesson_location', `page-${state.page}`)
		lms.set('cmi.suspend_data', suspendData())
		if (!statusIsFinal) lms.set('cmi.core.lesson_status', 'incomplete')
		lms.commit()
	}

	function showPage(page, { focus = true } = {}) {
		state.page = Math.min(PAGE_COUNT, Math.max(1, page))
		for (let number = 1; number <= PAGE_COUNT; number += 1) {
			byId(`page-${number}`).hidden = number !== state.page
		}
		ui.course.setAttribute('data-page', `page-${state.page}`)
		ui.progress.textContent = `Page ${state.page} of ${PAGE_COUNT}`
		ui.back.hidden = state.page === 1
		ui.next.hidden = state.page === PAGE_COUNT
		if (focus) {
			window.scrollTo(0, 0)
			byId(`page-${state.page}-title`).focus()
		}
	}

	function goTo(page) {
		if (state.ended) return
		showPage(page)
		saveProgress()
	}

	/** Finish is on the last page only: the course is completed, then the session ends normally. */
	function finishCourse() {
		if (state.ended || state.page !== PAGE_COUNT) return
		state.ended = true
		const recorded = lms.initialized && !lms.finished
		if (recorded) {
			lms.set('cmi.core.lesson_location', `page-${state.page}`)
			lms.set('cmi.suspend_data', suspendData())
			lms.set('cmi.core.lesson_status', 'completed')
			statusIsFinal = true
			lms.commit()
		}
		lms.finish('')
		;[ui.back, ui.next, ui.finish].forEach((button) => {
			button.disabled = true
		})
		ui.pager.hidden = true
		ui.message.textContent = recorded
			? 'Course finished and recorded as completed. You can close this module now.'
			: 'Course finished. Nothing was recorded, because no learning system is connected.'
	}

	function suspendOnLeave() {
		if (!lms.initialized || lms.finished) return
		lms.set('cmi.core.lesson_location', `page-${state.page}`)
		lms.set('cmi.suspend_data', suspendData())
		lms.finish('suspend')
	}

	function restore(location, data) {
		const saved = window.FieldReadyScorm.parseSuspendData(data)
		const fromLocation = /^page-(\d+)$/.exec(location)
		let page = fromLocation ? Number(fromLocation[1]) : Number(saved.page)
		if (!Number.isInteger(page) || page < 1 || page > PAGE_COUNT) page = 1
		showPage(page, { focus: false })
	}

	function start() {
		ui.back.addEventListener('click', () => goTo(state.page - 1))
		ui.next.addEventListener('click', () => goTo(state.page + 1))
		ui.finish.addEventListener('click', finishCourse)
		window.addEventListener('pagehide', suspendOnLeave)

		if (!lms.found) {
			showNotice('No learning system found: this page could not find the SCORM 1.2 API. You can read the course, but nothing will be recorded. Open the module from FieldReady to get credit.')
		} else if (!lms.initialize()) {
			const error = lms.lastError()
			showNotice(`The learning system did not start this session (LMSInitialize failed${error ? `, error ${error}` : ''}). Nothing will be recorded.`)
		}

		let resumed = false
		if (lms.initialized) {
			statusIsFinal = ['completed', 'passed', 'failed'].includes(lms.get('cmi.core.lesson_status'))
			if (lms.get('cmi.core.entry') === 'resume') {
				restore(lms.get('cmi.core.lesson_location'), lms.get('cmi.suspend_data'))
				resumed = true
			}
		}
		if (!resumed) showPage(1, { focus: false })
		saveProgress()
	}

	start()
})()
