/*
 * Worked case SCO: seven steps with Back/Next and a Finish button on the last one, SCORM 2004
 * location, suspend data and completion. It asks no questions, grades nothing and reports no
 * result, only completion: Finish on the last step sets cmi.completion_status "completed".
 * The graded quiz for this module is held and marked by FieldReady, not by this package.
 */
;(function () {
	'use strict'

	const STEP_COUNT = 7
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

	const state = { step: 1, ended: false }

	// Once completed, the worked case never reports "incomplete" again (for example on a later review).
	let completed = false

	function suspendData() {
		return JSON.stringify({ v: 1, step: state.step })
	}

	function saveProgress() {
		if (!lms.initialized || lms.terminated) return
		lms.set('cmi.location', `step-${state.step}`)
		lms.set('cmi.suspend_data', suspendData())
		lms.set('cmi.completion_status', completed ? 'completed' : 'incomplete')
		lms.commit()
	}

	function showStep(step, { focus = true } = {}) {
		state.step = Math.min(STEP_COUNT, Math.max(1, step))
		for (let number = 1; number <= STEP_COUNT; number += 1) {
			byId(`step-${number}`).hidden = number !== state.step
		}
		ui.course.setAttribute('data-page', `step-${state.step}`)
		ui.progress.textContent = `Worked case, step ${state.step} of ${STEP_COUNT}`
		ui.back.hidden = state.step === 1
		ui.next.hidden = state.step === STEP_COUNT
		ui.finish.hidden = state.step !== STEP_COUNT
		if (focus) {
			window.scrollTo(0, 0)
			byId(`step-${state.step}-title`).focus()
		}
	}

	function goTo(step) {
		if (state.ended) return
		showStep(step)
		saveProgress()
	}

	/** Finish is shown on the last step only: the worked case is completed, then the session ends normally. */
	function finishCase() {
		if (state.ended || state.step !== STEP_COUNT) return
		state.ended = true
		const recorded = lms.initialized && !lms.terminated
		completed = true
		saveProgress()
		lms.terminate('normal')
		;[ui.back, ui.next, ui.finish].forEach((button) => {
			button.disabled = true
		})
		ui.message.textContent = recorded
			? 'Worked case finished and recorded as completed. You can close this course now.'
			: 'Worked case finished. Nothing was recorded, because no learning system is connected.'
	}

	function suspendOnLeave() {
		if (!lms.initialized || lms.terminated) return
		lms.set('cmi.location', `step-${state.step}`)
		lms.set('cmi.suspend_data', suspendData())
		lms.terminate('suspend')
	}

	function resumeStep() {
		const fromLocation = /^step-(\d+)$/.exec(lms.get('cmi.location'))
		const step = fromLocation ? Number(fromLocation[1]) : Number(scorm.parseSuspendData(lms.get('cmi.suspend_data')).step)
		return Number.isInteger(step) && step >= 1 && step <= STEP_COUNT ? step : 1
	}

	function start() {
		ui.back.addEventListener('click', () => goTo(state.step - 1))
		ui.next.addEventListener('click', () => goTo(state.step + 1))
		ui.finish.addEventListener('click', finishCase)
		window.addEventListener('pagehide', suspendOnLeave)

		let step = 1
		if (lms.initialized) {
			completed = lms.get('cmi.completion_status') === 'completed'
			if (lms.get('cmi.entry') === 'resume') step = resumeStep()
		}
		showStep(step, { focus: false })
		saveProgress()
	}

	start()
})()
