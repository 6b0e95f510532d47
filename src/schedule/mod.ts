/**
 * Schedules: a function's `schedule` (cron) invokes it through the async path with
 * `X-Denofn-Trigger: cron`.
 * @module
 */
export { cronProblem, type ScheduleSpec, scheduleSpec } from "./spec.ts";
export { Scheduler, type SchedulerDeps } from "./scheduler.ts";
