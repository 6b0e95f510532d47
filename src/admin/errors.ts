/** Errors of the admin API, in the platform's JSON error shape. */
import { DenofnError } from "../errors/mod.ts";

/** 404: no such history record, or another missing thing that is not a function. */
export class NotFound extends DenofnError {
  constructor(message: string) {
    super(404, "not_found", message);
  }
}

/** 400: a deploy archive broke a safety rule or could not be read. */
export class BadArchive extends DenofnError {
  constructor(message: string, functionName?: string) {
    super(400, "bad_archive", message, functionName);
  }
}

/** 415: the deploy body is neither a `.tar.gz` nor multipart files. */
export class UnsupportedMediaType extends DenofnError {
  constructor(type: string) {
    super(
      415,
      "unsupported_media_type",
      `Cannot deploy a body of type "${type}": send application/gzip (a .tar.gz) or multipart/form-data`,
    );
  }
}

/** 409: another deploy of the same function is running. */
export class Conflict extends DenofnError {
  constructor(message: string, functionName?: string) {
    super(409, "conflict", message, functionName);
  }
}

/** 400: a query or path parameter failed validation. */
export class InvalidInput extends DenofnError {
  constructor(message: string) {
    super(400, "invalid_input", message);
  }
}
