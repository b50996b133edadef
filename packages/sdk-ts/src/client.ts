import { type ClientOptions, Core } from "./core.js";
import { Personas, Timeline } from "./resources/personas.js";
import { Analytics, Billing, Health, Keys, Models, Runs, Tenants } from "./resources/platform.js";
import { Jobs, Prompts, SafetyPolicy, Sessions, Widget } from "./resources/prompting.js";
import { Calibrations, Cohorts, Populations, Schedules, Skills, Tasks } from "./resources/research.js";
import { Studies } from "./resources/studies.js";

/**
 * The person.run client. `new PersonRun({ apiKey, baseURL, tenantId })`, then one property per resource:
 * `pr.personas.create(...)`, `for await (const p of pr.personas.list())`, `pr.prompts.stream(...)`.
 */
export class PersonRun {
  /** The one core request under every resource (base URL, auth, retries, errors). */
  readonly core: Core;
  readonly personas: Personas;
  readonly timeline: Timeline;
  readonly prompts: Prompts;
  readonly jobs: Jobs;
  readonly sessions: Sessions;
  readonly safetyPolicy: SafetyPolicy;
  readonly skills: Skills;
  readonly tasks: Tasks;
  readonly schedules: Schedules;
  readonly cohorts: Cohorts;
  readonly populations: Populations;
  readonly studies: Studies;
  readonly calibrations: Calibrations;
  readonly runs: Runs;
  readonly models: Models;
  readonly analytics: Analytics;
  readonly keys: Keys;
  readonly billing: Billing;
  readonly tenants: Tenants;
  readonly health: Health;
  readonly widget: Widget;

  constructor(options: ClientOptions = {}) {
    const core = new Core(options);
    this.core = core;
    this.personas = new Personas(core);
    this.timeline = new Timeline(core);
    this.prompts = new Prompts(core);
    this.jobs = new Jobs(core);
    this.sessions = new Sessions(core);
    this.safetyPolicy = new SafetyPolicy(core);
    this.skills = new Skills(core);
    this.tasks = new Tasks(core);
    this.schedules = new Schedules(core);
    this.cohorts = new Cohorts(core);
    this.populations = new Populations(core);
    this.studies = new Studies(core);
    this.calibrations = new Calibrations(core);
    this.runs = new Runs(core);
    this.models = new Models(core);
    this.analytics = new Analytics(core);
    this.keys = new Keys(core);
    this.billing = new Billing(core);
    this.tenants = new Tenants(core);
    this.health = new Health(core);
    this.widget = new Widget(core);
  }
}
