import { rectifyConfusion } from 'unicode-confusables'

/**
 * What an email looks like, for telling look-alike addresses apart: its UTS #39
 * skeleton after NFKC and lower case, so `bob@`, `bоb@` (a Cyrillic о) and the
 * full-width `ｂｏｂ@` share one. For comparison only, never shown or sent.
 */
export function emailSkeleton(email: string): string {
  const folded = email.trim().normalize('NFKC').toLowerCase()
  return rectifyConfusion(folded.normalize('NFD')).normalize('NFD')
}
