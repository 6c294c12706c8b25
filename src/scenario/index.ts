/** The scenario format and its replay. */
export { parseScenario, type ParsedScenario, type SourcePosition } from './parseScenario.js';
export { printScenario } from './printScenario.js';
export { runScenario, type ScenarioRun, type ExpectationOutcome, type RunOptions } from './runScenario.js';
export { ScenarioInputError, formatProblem, type ScenarioProblem } from './ScenarioInputError.js';
export { scenarioJsonSchema, STEP_KIND_NAMES, FAULTS, LIMITS, type Scenario, type Step, type Expectation } from './schema.js';
export { goldenPathFor, compareGolden, goldenText, type GoldenComparison } from './golden.js';
export { findScenarioFiles, isScenarioFile } from './findScenarioFiles.js';
