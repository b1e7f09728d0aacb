import { ERROR_CODES, MonotableError, type MonotableErrorOptions } from '../client/errors/index.js'

/** Why a data directory could not be used. */
export type DataDirProblem =
  /** Another embedded backend in this process has it open. */
  | 'openInThisProcess'
  /** Another process holds LevelDB's lock on it (its `LOCK` file). */
  | 'openInAnotherProcess'
  /** It could not be created or opened (not a directory, no permission, a damaged database). */
  | 'unusable'

/**
 * `startLocal({ dataDir })` could not open its data directory. Nothing was started: no port is
 * bound and nothing in the directory was changed.
 */
export class DataDirError extends MonotableError {
  constructor(
    /** The directory as resolved (absolute, symbolic links followed when it exists). */
    readonly dataDir: string,
    readonly problem: DataDirProblem,
    options: MonotableErrorOptions = {}
  ) {
    super(
      problem === 'unusable' ? ERROR_CODES.localDataDirUnusable : ERROR_CODES.localDataDirInUse,
      MESSAGES[problem](dataDir),
      options
    )
  }
}

const MESSAGES: Record<DataDirProblem, (dataDir: string) => string> = {
  openInThisProcess: dataDir =>
    `Data directory '${dataDir}' is already open in this process; close that backend first`,
  openInAnotherProcess: dataDir =>
    `Data directory '${dataDir}' is open in another process (LevelDB lock held); stop it or use another directory`,
  unusable: dataDir => `Data directory '${dataDir}' could not be opened`
}
