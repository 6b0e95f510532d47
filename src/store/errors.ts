/** Errors of the store, in the platform's JSON error shape. */
import { DenofnError } from "../errors/mod.ts";

/** 404: no such document. */
export class DocumentNotFound extends DenofnError {
  constructor(collection: string, id: string) {
    super(404, "document_not_found", `No document "${id}" in collection "${collection}"`);
  }
}

/** 412: `If-Match` / `If-None-Match` did not hold. */
export class PreconditionFailed extends DenofnError {
  constructor(message: string) {
    super(412, "precondition_failed", message);
  }
}

/** 409: the document kept changing under concurrent writers. */
export class WriteConflict extends DenofnError {
  constructor(collection: string, id: string) {
    super(409, "conflict", `Document "${id}" in "${collection}" kept changing; try again`);
  }
}

/** 413: the document is larger than the store accepts. */
export class DocumentTooLarge extends DenofnError {
  constructor(limit: number) {
    super(413, "payload_too_large", `A document may be at most ${limit} bytes of JSON`);
  }
}

/** 400: the body is not JSON, or a name is invalid. */
export class BadDocument extends DenofnError {
  constructor(message: string) {
    super(400, "bad_request", message);
  }
}
