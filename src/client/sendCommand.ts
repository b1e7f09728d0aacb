import { attachRequestValues } from './awsReason.js'

/** An SDK or lib-dynamodb command: its input is what the request carries. */
export interface DocumentCommand {
  readonly input: object
}

/**
 * Sends one command through a DynamoDB or document client. A failure keeps the request's values (hidden) on
 * the error, so that DynamoDB's reason can be shown without them (see `awsReason.ts`).
 */
export async function sendCommand<OUTPUT>(
  client: { send(command: never): Promise<unknown> },
  command: DocumentCommand
): Promise<OUTPUT> {
  try {
    return (await client.send(command as never)) as OUTPUT
  } catch (error) {
    attachRequestValues(error, command.input)
    throw error
  }
}
