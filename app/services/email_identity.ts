import { rectifyConfusion } from 'unicode-confusables'

/** Characters that show nothing: default-ignorable ones (soft hyphen, joiners, fillers, variation selectors) and bidi controls. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/gu

/** Whether `email` holds a character a reader cannot see. */
export function hasInvisibleCharacters(email: string) {
  return new RegExp(INVISIBLE.source, 'u').test(email)
}

/**
 * What an email looks like, for telling look-alike addresses apart: after NFKC and lower
 * case, with invisible characters and combining marks taken out, its UTS #39 skeleton
 * (each character its prototype in Unicode's confusables), lower-cased again (the
 * prototypes of digits are capitals: `0` is `O`). `bob@`, `bоb@` (a Cyrillic о), the
 * full-width `ｂｏｂ@`, `b0b@` and `bob` with a soft hyphen share one. For comparison
 * only, never shown or sent.
 */
export function emailSkeleton(email: string): string {
  const folded = email.trim().normalize('NFKC').toLowerCase().replace(INVISIBLE, '')
  const prototypes = rectifyConfusion(folded.normalize('NFD')).normalize('NFD')
  return prototypes.replace(/\p{M}/gu, '').toLowerCase()
}
