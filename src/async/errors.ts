/** Errors of the async routes, in the platform's JSON error shape. */
import { DenofnError } from "../errors/mod.ts";

/** 404: no job with that id (never was, expired, or deleted). */
export class JobNotFound extends DenofnError {
  constructor(id: string) {
    super(404, "job_not_found", `No async job "${id.slice(0, 80)}" (unknown, expired or deleted)`);
  }
}

/** 409: the job is not in a state that allows this. */
export class JobConflict extends DenofnError {
  constructor(message: string) {
    super(409, "job_conflict", message);
  }
}

/** 431: the request's headers are too large to store with a job. */
export class HeadersTooLarge extends DenofnError {
  constructor(limit: number, fn?: string) {
    super(431, "headers_too_large", `Request headers exceed ${limit} bytes for an async call`, fn);
  }
}

/** 403: the task token does not match the waiting attempt's. */
export class TaskTokenRefused extends DenofnError {
  constructor() {
    super(403, "task_token_refused", "The task token does not match");
  }
}
