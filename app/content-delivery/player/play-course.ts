import { type PlayerBootstrap } from './bootstrap.ts'
import { type RunnerPorts } from './course-runner.ts'
import { Scorm12Runner } from './scorm12-runner.ts'
import { Scorm2004Runner } from './scorm2004-runner.ts'

/** The runner for an attempt's SCORM family. */
export const courseRunnerFor = (boot: PlayerBootstrap, ports: RunnerPorts) => (boot.family === '1.2' ? new Scorm12Runner(boot, ports) : new Scorm2004Runner(boot, ports))
