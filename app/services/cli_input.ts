import type { BaseCommand } from '@adonisjs/core/ace'

/** A password from a hidden prompt, or from the first line of stdin when it is not a terminal. */
export async function readPassword(command: BaseCommand, label: string): Promise<string> {
  if (process.stdin.isTTY) return command.prompt.secure(label)
  let input = ''
  for await (const chunk of process.stdin) input += chunk
  return input.split(/\r?\n/)[0] ?? ''
}
