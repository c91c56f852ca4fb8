import type { QueryClientContract } from '@adonisjs/lucid/types/database'

type Reads<T extends readonly unknown[]> = { [K in keyof T]: () => PromiseLike<T[K]> }

/**
 * Runs independent reads at once where they can be: on the pool each takes its own
 * connection; in a transaction, whose one connection runs one statement at a time, they
 * run in turn (sending them together would queue them inside the driver, which it
 * refuses from its next major version).
 */
export async function readTogether<T extends readonly unknown[]>(
  client: QueryClientContract,
  reads: Reads<T>
): Promise<T> {
  if (!client.isTransaction)
    return Promise.all(reads.map((read) => read())) as unknown as Promise<T>
  const results: unknown[] = []
  for (const read of reads) results.push(await read())
  return results as unknown as T
}
