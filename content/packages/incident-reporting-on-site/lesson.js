/*
 * Lesson SCO: four pages with Back/Next, SCORM 2004 location, suspend data and completion.
 * Reaching the last page completes the lesson. Nothing is graded: it reports completion only.
 */
;(function () {
	'use strict'

	const PAGE_COUNT = 4
	const scorm = window.FieldReadyScorm
	const lms = scorm.connectAndStart()
	const byId = (id) => document.getElementById(id)

	const ui = {
		course: byId('course'),
		progress: byId('progress'),
		back: byId('back-button'),
		next: byId('next-button'),
		finish: byId('finish-button'),
		message: byId('end-message'),
	}

	const state = { page: 1, ended: false }

	// Once completed, the lesson never reports "incomplete" again (for example after going Back).
	let completed = false

	function suspendData() {
		return JSON.stringify({ v: 1, page: state.page })
	}

	function saveProgress() {
		if (!lms.initialized || lms.terminated) return
		lms.set('cmi.location', `page-${state.page}`)
		lms.set('cmi.suspend_data', suspendData())
		if (state.page === PAGE_COUNT) completed = true
		lms.set('cmi.completion_status', completed ? 'completed' : 'incomplete')
		lms.commit()
	}

	function showPage(page, { focus = true } = {}) {
		state.page = Math.min(PAGE_COUNT, Math.max(1, page))
		for (let number = 1; number <= PAGE_COUNT; number += 1) {
			byId(`page-${number}`).hidden = number !== state.page
		}
		ui.course.setAttribute('data-page', `page-${state.page}`)
		ui.progress.textContent = `Lesson page ${state.page} of ${PAGE_COUNT}`
		ui.back.hidden = state.page === 1
		ui.next.hidden = state.page === PAGE_COUNT
		ui.finish.hidden = state.page !== PAGE_COUNT
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

	function finishLesson() {
		if (state.ended) return
		state.ended = true
		const recorded = lms.initialized && !lms.terminated
		lms.terminate('normal')
		;[ui.back, ui.next, ui.finish].forEach((button) => {
			button.disabled = true
		})
		ui.message.textContent = recorded
			? 'Lesson finished and recorded. You can now go on to the Worked case.'
			: 'Lesson finished. Nothing was recorded, because no learning system is connected.'
	}

	function suspendOnLeave() {
		if (!lms.initialized || lms.terminated) return
		lms.set('cmi.location', `page-${state.page}`)
		lms.set('cmi.suspend_data', suspendData())
		lms.terminate('suspend')
	}

	function resumePage() {
		const fromLocation = /^page-(\d+)$/.exec(lms.get('cmi.location'))
		const page = fromLocation ? Number(fromLocation[1]) : Number(scorm.parseSuspendData(lms.get('cmi.suspend_data')).page)
		return Number.isInteger(page) && page >= 1 && page <= PAGE_COUNT ? page : 1
	}

	function start() {
		ui.back.addEventListener('click', () => goTo(state.page - 1))
		ui.next.addEventListener('click', () => goTo(state.page + 1))
		ui.finish.addEventListener('click', finishLesson)
		window.addEventListener('pagehide', suspendOnLeave)

		let page = 1
		if (lms.initialized) {
			completed = lms.get('cmi.completion_status') === 'completed'
			if (lms.get('cmi.entry') === 'resume') page = resumePage()
		}
		showPage(page, { focus: false })
		saveProgress()
	}

	start()
})()
