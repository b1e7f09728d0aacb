import { $add } from 'dynamodb-toolbox/entity/actions/update'
import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'

import {
  defineEntity,
  defineTable,
  ensureTable,
  type MonotableClient,
  RequestFailedError,
  TransactionCanceledError
} from '../../src/index.js'
import { seededRandom } from '../support/random.js'
import { scanTable } from '../support/scan.js'

export interface BankOptions {
  seed: number
  accounts: number
  workers: number
  transfersPerWorker: number
  /** Sends through the faults. */
  client: MonotableClient
  /** Reads the truth afterwards, with no faults in between. */
  checker: MonotableClient
}

export interface BankReport {
  transfers: number
  committed: number
  refusedForFunds: number
  /** Transfers that ended in an error saying they may have been applied, resolved by re-sending. */
  ambiguousResolved: number
  /** Re-sends with the same token, for any reason. */
  resent: number
  problems: string[]
}

const INITIAL_BALANCE = 1_000

function defineBank(client: MonotableClient, tableName: string) {
  const table = defineTable({ name: tableName, client })
  const Account = defineEntity(table, {
    name: 'Account',
    schema: item({ accountId: string().key(), balance: number() }),
    key: { pk: 'ACCOUNT#<accountId>', sk: 'ACCOUNT' }
  })
  const Transfer = defineEntity(table, {
    name: 'Transfer',
    schema: item({ transferId: string().key(), from: string(), to: string(), amount: number() }),
    key: { pk: 'TRANSFER#<transferId>', sk: 'TRANSFER' }
  })
  return { table, Account, Transfer }
}

/**
 * Bank transfers as transactions: the source account's balance goes down under `balance >= amount`,
 * the target's goes up, and a transfer record is created, all at once. Workers run concurrently
 * through the faults; a transfer whose outcome is unknown is sent again with its token until it is
 * known. Afterwards: the money is all there, no balance is negative, and every balance is what the
 * transfer records say.
 */
export async function runBankTransfers(options: BankOptions): Promise<BankReport> {
  const tableName = `soak-bank-${options.seed}`
  const bank = defineBank(options.client, tableName)
  await ensureTable(defineBank(options.checker, tableName).table)
  const accountIds = Array.from({ length: options.accounts }, (_, index) => `a${index}`)
  await options.checker.batchWrite(
    accountIds.map(accountId =>
      defineBank(options.checker, tableName).Account.batchPut({
        accountId,
        balance: INITIAL_BALANCE
      })
    )
  )
  const report: BankReport = {
    transfers: 0,
    committed: 0,
    refusedForFunds: 0,
    ambiguousResolved: 0,
    resent: 0,
    problems: []
  }

  const transfer = async (transferId: string, from: string, to: string, amount: number) => {
    const actions = [
      bank.Account.transactUpdate(
        { accountId: from, balance: $add(-amount) },
        { condition: { attr: 'balance', gte: amount } }
      ),
      bank.Account.transactUpdate({ accountId: to, balance: $add(amount) }),
      bank.Transfer.transactPut(
        { transferId, from, to, amount },
        { condition: { attr: 'transferId', exists: false } }
      )
    ]
    let wasAmbiguous = false
    for (let sent = 0; ; sent += 1) {
      if (sent > 0) report.resent += 1
      try {
        // Two attempts, so that some transfers end with their outcome unknown and are resolved below.
        await options.client.transactWrite(actions, {
          clientRequestToken: transferId,
          maxAttempts: 2
        })
        report.committed += 1
        if (wasAmbiguous) report.ambiguousResolved += 1
        return
      } catch (error) {
        const known =
          error instanceof RequestFailedError || error instanceof TransactionCanceledError
        if (!known || sent > 50) {
          report.problems.push(`${transferId}: ${String(error)}`)
          return
        }
        // An outcome that may hide an earlier applied attempt is settled by sending it again.
        wasAmbiguous ||= error.ambiguous
        if (error instanceof TransactionCanceledError && !error.ambiguous) {
          const funds = error.reasons.every(
            reason => reason.index === 0 && reason.code === 'ConditionalCheckFailed'
          )
          if (funds) {
            report.refusedForFunds += 1
            if (wasAmbiguous) report.ambiguousResolved += 1
            return
          }
        }
      }
    }
  }

  await Promise.all(
    Array.from({ length: options.workers }, async (_, worker) => {
      const random = seededRandom(options.seed * 1_000 + worker)
      for (let index = 0; index < options.transfersPerWorker; index += 1) {
        const from = accountIds[Math.floor(random() * accountIds.length)] as string
        let to = from
        while (to === from) to = accountIds[Math.floor(random() * accountIds.length)] as string
        report.transfers += 1
        await transfer(
          `t${options.seed}-${worker}-${index}`,
          from,
          to,
          1 + Math.floor(random() * 300)
        )
      }
    })
  )

  report.problems.push(...(await checkBooks(options.checker, tableName, accountIds, report)))
  return report
}

async function checkBooks(
  checker: MonotableClient,
  tableName: string,
  accountIds: readonly string[],
  report: BankReport
): Promise<string[]> {
  const problems: string[] = []
  const stored = await scanTable(checker, tableName)
  const balances = new Map<string, number>()
  const expected = new Map(accountIds.map(accountId => [accountId, INITIAL_BALANCE]))
  let records = 0
  for (const entry of stored) {
    if (entry._et === 'Account') balances.set(entry.accountId as string, entry.balance as number)
    if (entry._et !== 'Transfer') continue
    records += 1
    const { from, to, amount } = entry as { from: string; to: string; amount: number }
    expected.set(from, (expected.get(from) ?? 0) - amount)
    expected.set(to, (expected.get(to) ?? 0) + amount)
  }
  const total = [...balances.values()].reduce((sum, balance) => sum + balance, 0)
  if (total !== accountIds.length * INITIAL_BALANCE)
    problems.push(`money not preserved: ${total} instead of ${accountIds.length * INITIAL_BALANCE}`)
  for (const [accountId, balance] of balances) {
    if (balance < 0) problems.push(`${accountId} is negative (${balance})`)
    if (balance !== expected.get(accountId))
      problems.push(
        `${accountId} holds ${balance}, its transfer records say ${expected.get(accountId)}`
      )
  }
  if (records !== report.committed)
    problems.push(`${records} transfer records for ${report.committed} committed transfers`)
  return problems
}
