/** Expected failures of the store, each with a stable `code`. */
export class StorageError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A stored entry whose checksum does not match: it is never served. */
export class CorruptEntryError extends StorageError {
  constructor(
    readonly group: number,
    readonly index: number,
  ) {
    super("ERR_CORRUPT_ENTRY", `stored entry ${index} of group ${group} fails its checksum`);
  }
}

/** The data directory is locked by another running process. */
export class DataDirectoryInUseError extends StorageError {
  constructor(path: string, cause: unknown) {
    super("ERR_DATA_DIRECTORY_IN_USE", `data directory ${path} is in use by another process (LevelDB lock held)`, { cause });
  }
}

export class StoreClosedError extends StorageError {
  constructor() {
    super("ERR_STORE_CLOSED", "the store is closed");
  }
}
